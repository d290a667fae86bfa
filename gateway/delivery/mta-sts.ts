// MTA-STS (RFC 8461): a recipient domain's policy, found through the _mta-sts TXT record, fetched over
// HTTPS with full certificate validation, a timeout and a size limit, and cached on disk under the
// spool so that a restart, or a policy server that is down, does not lose it. The cached policy is
// used until max_age runs out; it is fetched again when the TXT id changes.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import { join } from 'node:path';

export interface MtaStsPolicy {
  mode: 'enforce' | 'testing' | 'none';
  /** MX patterns: "mail.example.com" or "*.example.com" (one leftmost label). */
  mx: string[];
  maxAgeSeconds: number;
}

export interface CachedPolicy {
  domain: string;
  /** The TXT record's id the policy was fetched for. */
  id: string;
  policy: MtaStsPolicy;
  fetchedAt: string;
  expiresAt: string;
}

/** What MTA-STS says for a domain, with where it came from (for logs and diagnose). */
export type MtaStsState =
  | { kind: 'none'; why: string }
  | { kind: 'policy'; cached: CachedPolicy; source: 'fetched' | 'cache'; note?: string };

export interface MtaStsDeps {
  /** TXT lookup; rejects with an error whose `code` is ENOTFOUND/ENODATA when there is none. */
  resolveTxt(name: string): Promise<string[][]>;
  /** Host name lookup for the policy host (the relay's own resolvers). */
  lookup?: LookupFunction;
  /** Directory for the durable cache (under the spool). */
  cacheDir: string;
  /** Trust anchors for the policy server instead of the system's (tests, private PKIs). */
  ca?: string | string[];
  /** HTTPS port of the policy host: 443; tests use another. */
  port?: number;
  timeoutMs?: number;
  maxBytes?: number;
  clock?: () => Date;
}

const MAX_AGE_LIMIT = 31_557_600;

/** The id of the one "v=STSv1" TXT record, or why there is none usable. */
export function parseStsRecord(records: string[][]): { id: string } | { error: string } {
  const sts = records.map((chunks) => chunks.join('')).filter((r) => /^v=STSv1;/.test(r));
  if (sts.length === 0) return { error: 'no v=STSv1 TXT record' };
  if (sts.length > 1) return { error: `${sts.length} v=STSv1 TXT records (exactly one is allowed)` };
  const id = (sts[0] as string).match(/(?:^|;)\s*id=([A-Za-z0-9]{1,32})\s*(?:;|$)/)?.[1];
  if (!id) return { error: 'the v=STSv1 TXT record has no valid id= (1-32 letters and digits)' };
  return { id };
}

/** Parses the policy file; throws with the reason when it is not a valid STSv1 policy. */
export function parsePolicy(text: string): MtaStsPolicy {
  const fields = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) throw new Error(`policy line "${line.slice(0, 80)}" is not "key: value"`);
    const key = line.slice(0, colon).trim();
    fields.set(key, [...(fields.get(key) ?? []), line.slice(colon + 1).trim()]);
  }
  if (fields.get('version')?.[0] !== 'STSv1') throw new Error('policy version is not STSv1');
  const mode = fields.get('mode')?.[0];
  if (mode !== 'enforce' && mode !== 'testing' && mode !== 'none')
    throw new Error(`policy mode "${mode ?? ''}" is not enforce, testing or none`);
  const maxAge = fields.get('max_age')?.[0] ?? '';
  if (!/^\d{1,10}$/.test(maxAge)) throw new Error(`policy max_age "${maxAge}" is not a whole number`);
  const mx = (fields.get('mx') ?? []).map((m) => m.toLowerCase().replace(/\.$/, ''));
  if (mode !== 'none' && mx.length === 0) throw new Error('policy names no mx');
  if (mx.some((m) => !/^(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)+$/.test(m)))
    throw new Error(`policy mx "${mx.join(', ')}" is not a host name pattern`);
  return { mode, mx, maxAgeSeconds: Math.min(Number(maxAge), MAX_AGE_LIMIT) };
}

/** Whether an MX host matches one of the policy's patterns (RFC 8461 4.1). */
export function mxMatches(policy: MtaStsPolicy, host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return policy.mx.some((pattern) => {
    if (!pattern.startsWith('*.')) return name === pattern;
    const suffix = pattern.slice(1);
    const label = name.slice(0, name.length - suffix.length);
    return name.endsWith(suffix) && label.length > 0 && !label.includes('.');
  });
}

export class MtaSts {
  private readonly memory = new Map<string, CachedPolicy>();
  private readonly clock: () => Date;

  constructor(private readonly deps: MtaStsDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** The policy for `domain`: from the cache while valid and its id current, otherwise fetched. */
  async policyFor(domain: string): Promise<MtaStsState> {
    const name = domain.toLowerCase().replace(/\.$/, '');
    const cached = await this.cached(name);
    const now = this.clock();
    const valid = cached && Date.parse(cached.expiresAt) > now.getTime() ? cached : undefined;
    let record: { id: string } | { error: string };
    try {
      record = parseStsRecord(await this.deps.resolveTxt(`_mta-sts.${name}`));
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'error';
      record = { error: `_mta-sts.${name} TXT lookup: ${code}` };
    }
    if ('error' in record) {
      // RFC 8461 5.1: without a record, a valid cached policy still applies.
      if (valid) return { kind: 'policy', cached: valid, source: 'cache', note: record.error };
      return { kind: 'none', why: record.error };
    }
    if (valid && valid.id === record.id) return { kind: 'policy', cached: valid, source: 'cache' };
    try {
      const policy = parsePolicy(await this.fetch(name));
      const fresh: CachedPolicy = {
        domain: name,
        id: record.id,
        policy,
        fetchedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + policy.maxAgeSeconds * 1000).toISOString(),
      };
      await this.store(fresh);
      return { kind: 'policy', cached: fresh, source: 'fetched' };
    } catch (error) {
      const why = `policy fetch from mta-sts.${name} failed: ${(error as Error).message}`;
      if (valid) return { kind: 'policy', cached: valid, source: 'cache', note: why };
      return { kind: 'none', why };
    }
  }

  private file(domain: string): string {
    return join(this.deps.cacheDir, `${encodeURIComponent(domain)}.json`);
  }

  private async cached(domain: string): Promise<CachedPolicy | undefined> {
    const inMemory = this.memory.get(domain);
    if (inMemory) return inMemory;
    try {
      const parsed = JSON.parse(await readFile(this.file(domain), 'utf8')) as CachedPolicy;
      // A damaged or foreign file is ignored (and replaced at the next fetch).
      if (
        parsed.domain !== domain ||
        typeof parsed.id !== 'string' ||
        Number.isNaN(Date.parse(parsed.expiresAt))
      )
        return undefined;
      parsePolicy(
        [
          'version: STSv1',
          `mode: ${parsed.policy.mode}`,
          ...parsed.policy.mx.map((m) => `mx: ${m}`),
          `max_age: ${parsed.policy.maxAgeSeconds}`,
        ].join('\n'),
      );
      this.memory.set(domain, parsed);
      return parsed;
    } catch {
      return undefined;
    }
  }

  private async store(policy: CachedPolicy): Promise<void> {
    this.memory.set(policy.domain, policy);
    await mkdir(this.deps.cacheDir, { recursive: true });
    const path = this.file(policy.domain);
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(policy), { mode: 0o600 });
    await rename(tmp, path);
  }

  private fetch(domain: string): Promise<string> {
    const host = `mta-sts.${domain}`;
    const maxBytes = this.deps.maxBytes ?? 64 * 1024;
    const timeoutMs = this.deps.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host,
          port: this.deps.port ?? 443,
          path: '/.well-known/mta-sts.txt',
          method: 'GET',
          servername: host,
          rejectUnauthorized: true,
          minVersion: 'TLSv1.2',
          ...(this.deps.ca ? { ca: this.deps.ca } : {}),
          ...(this.deps.lookup ? { lookup: this.deps.lookup } : {}),
          headers: { accept: 'text/plain' },
          agent: false,
          timeout: timeoutMs,
        },
        (res) => {
          // Redirects are not followed (RFC 8461 3.3).
          if (res.statusCode !== 200) {
            res.resume();
            return reject(new Error(`HTTP ${res.statusCode}`));
          }
          const type = res.headers['content-type'] ?? '';
          if (!/^text\/plain\b/i.test(type)) {
            res.resume();
            return reject(new Error(`content type "${type}" is not text/plain`));
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              req.destroy(new Error(`policy larger than ${maxBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          res.on('error', reject);
        },
      );
      const timer = setTimeout(() => req.destroy(new Error(`no policy within ${timeoutMs} ms`)), timeoutMs);
      req.on('close', () => clearTimeout(timer));
      req.on('timeout', () => req.destroy(new Error(`no policy within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end();
    });
  }
}
