// The "tenant binding" stage between the data checks and the spool: Google's servers are shared by
// every Workspace customer, so mail is accepted only when it proves it comes from this organization:
// a DKIM signature that verifies with an aligned d= (tenant.dkimDomains), and/or a header a Gmail
// routing rule adds with a secret value (tenant.header). The bytes pass through to the spool; the
// end of the message is held back until the verdict, and a refusal destroys the stream so the spool
// keeps nothing. The secret header is removed on the way unless a DKIM signature covers it.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import type { Logger } from '../log.ts';
import { dkimVerify } from '../mailauth.ts';
import { type Refusal, RefusalError, refusal } from './refusal.ts';

export interface TenantSettings {
  /** lower-case domains; a signature's d= must be one of them or a subdomain of one */
  dkimDomains: readonly string[];
  header?: { name: string; secret: string };
}

export type DnsResolve = (name: string, rrtype: string) => Promise<unknown>;

export interface TenantBinding {
  /** What the spool reads. */
  body: Readable;
  /** Resolves once the message was judged: a refusal, or undefined (accepted, or the input failed). */
  done: Promise<Refusal | undefined>;
}

export function isTenantBound(settings: TenantSettings): boolean {
  return settings.dkimDomains.length > 0 || settings.header !== undefined;
}

const HEADER_END = Buffer.from('\r\n\r\n');
/** A header section longer than this is judged on its first part (Gmail's are a few KB). */
const MAX_HEADER_BYTES = 1024 * 1024;

export function bindTenant(
  input: Readable,
  settings: TenantSettings,
  resolve: DnsResolve,
  log: Logger,
): TenantBinding {
  if (!isTenantBound(settings)) return { body: input, done: Promise.resolve(undefined) };
  const body = new PassThrough();
  body.on('error', () => {});
  const dkimInput = settings.dkimDomains.length > 0 ? new PassThrough() : undefined;
  const dkimResult = dkimInput ? verifyAligned(dkimInput, settings.dkimDomains, resolve) : undefined;

  let head: Buffer[] = [];
  let headBytes = 0;
  let headDone = false;
  let headerRefusal: Refusal | undefined;
  let finished = false;

  const forward = (chunk: Buffer) => {
    if (!body.destroyed && !body.write(chunk)) input.pause();
  };
  body.on('drain', () => input.resume());
  // The spool gave up (its own error): keep reading, so the client's DATA still ends and gets a reply.
  body.on('close', () => input.resume());

  const finishHead = (rest: Buffer) => {
    headDone = true;
    const section = Buffer.concat(head);
    head = [];
    const fields = splitFields(section);
    if (settings.header) headerRefusal = checkHeader(fields, settings.header);
    forward(settings.header ? removeUncovered(fields, settings.header.name, log) : section);
    if (rest.length > 0) forward(rest);
  };

  const done = new Promise<Refusal | undefined>((resolveDone) => {
    const fail = (error: Error) => {
      if (finished) return;
      finished = true;
      dkimInput?.destroy();
      body.destroy(error);
      resolveDone(undefined);
    };
    input.on('data', (chunk: Buffer) => {
      dkimInput?.write(chunk);
      if (headDone) return forward(chunk);
      head.push(chunk);
      headBytes += chunk.length;
      const all = head.length > 1 ? Buffer.concat(head) : chunk;
      head = [all];
      // Search only the new bytes (and the 3 before them) for the blank line.
      const at = all.indexOf(HEADER_END, Math.max(0, headBytes - chunk.length - 3));
      if (at >= 0) {
        head = [all.subarray(0, at + 4)];
        finishHead(all.subarray(at + 4));
      } else if (headBytes > MAX_HEADER_BYTES) {
        finishHead(Buffer.alloc(0));
      }
    });
    input.on('error', fail);
    input.on('close', () => {
      if (!input.readableEnded) fail(new Error('connection closed during DATA'));
    });
    input.on('end', async () => {
      if (!headDone) finishHead(Buffer.alloc(0)); // a message that is all header
      dkimInput?.end();
      const dkimRefusal = dkimResult ? await dkimResult : undefined;
      if (finished) return;
      finished = true;
      const refused = headerRefusal ?? dkimRefusal;
      if (refused) body.destroy(new RefusalError(refused));
      else body.end();
      resolveDone(refused);
    });
  });
  return { body, done };
}

/** One header field: its lower-case name and its raw bytes (folded lines and the final CRLF). */
interface Field {
  name: string;
  raw: string;
}

function splitFields(section: Buffer): Field[] {
  const text = section.toString('latin1');
  const fields: Field[] = [];
  for (const line of text.split(/(?<=\r\n)/)) {
    const last = fields[fields.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) last.raw += line;
    else
      fields.push({
        name: line
          .slice(0, Math.max(0, line.indexOf(':')))
          .trim()
          .toLowerCase(),
        raw: line,
      });
  }
  return fields;
}

function fieldValue(field: Field): string {
  return field.raw
    .slice(field.raw.indexOf(':') + 1)
    .replace(/\r\n(?=[ \t])/g, '')
    .trim();
}

function checkHeader(fields: Field[], header: { name: string; secret: string }): Refusal | undefined {
  const wanted = header.name.toLowerCase();
  const expected = digest(header.secret);
  let matched = false;
  // Every candidate is compared, so the time taken does not depend on which one matches.
  for (const field of fields) {
    if (field.name !== wanted) continue;
    if (timingSafeEqual(digest(Buffer.from(fieldValue(field), 'latin1').toString('utf8')), expected))
      matched = true;
  }
  if (matched) return undefined;
  return refusal(
    'tenant-header',
    550,
    '5.7.1',
    `Message refused: it does not carry this organization's ${header.name} header; mail is relayed only for the organization whose Gmail routing adds it`,
  );
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** The header section without the secret header, unless a DKIM signature covers it (removing it
 *  would break that signature; it is kept and a warning logged). */
function removeUncovered(fields: Field[], name: string, log: Logger): Buffer {
  const wanted = name.toLowerCase();
  if (!fields.some((f) => f.name === wanted)) return Buffer.from(fields.map((f) => f.raw).join(''), 'latin1');
  const covered = fields.some((f) => f.name === 'dkim-signature' && signedHeaders(fieldValue(f)).has(wanted));
  if (covered) {
    log.warn(
      { header: name },
      `a DKIM signature covers the ${name} header, so it is kept (removing it would break the signature); its value travels onward`,
    );
    return Buffer.from(fields.map((f) => f.raw).join(''), 'latin1');
  }
  return Buffer.from(
    fields
      .filter((f) => f.name !== wanted)
      .map((f) => f.raw)
      .join(''),
    'latin1',
  );
}

function signedHeaders(signature: string): Set<string> {
  for (const tag of signature.split(';')) {
    const [key = '', ...value] = tag.split('=');
    if (key.replace(/\s/g, '').toLowerCase() === 'h')
      return new Set(
        value
          .join('=')
          .replace(/\s/g, '')
          .toLowerCase()
          .split(':')
          .filter((h) => h !== ''),
      );
  }
  return new Set();
}

export function alignedDomain(signingDomain: string, dkimDomains: readonly string[]): boolean {
  const d = signingDomain.toLowerCase().replace(/\.$/, '');
  return dkimDomains.some((domain) => d === domain || d.endsWith(`.${domain}`));
}

async function verifyAligned(
  input: Readable,
  dkimDomains: readonly string[],
  resolve: DnsResolve,
): Promise<Refusal | undefined> {
  let results: { signingDomain?: string; status: { result: string } }[];
  try {
    const verdict = await dkimVerify(input, {
      resolver: resolve as (name: string, rr: string) => Promise<string[][]>,
    });
    results = verdict.results as typeof results;
  } catch (error) {
    // The input stream failed (the client left): the outcome is decided elsewhere.
    return tempError(String(error));
  }
  const aligned = results.filter((r) => r.signingDomain && alignedDomain(r.signingDomain, dkimDomains));
  if (aligned.some((r) => r.status.result === 'pass')) return undefined;
  if (aligned.some((r) => r.status.result === 'temperror'))
    return tempError('a DNS lookup of the signing key failed');
  return refusal(
    'tenant-dkim',
    550,
    '5.7.1',
    `Message refused: no valid DKIM signature of ${dkimDomains.join(', ')}; mail is relayed only for this organization`,
  );
}

function tempError(why: string): Refusal {
  return refusal(
    'tenant-dkim-temperror',
    451,
    '4.7.5',
    `DKIM signature could not be checked (${why.slice(0, 100)}), try again later`,
  );
}

/** The settings from the configuration, with the secret read from `secretFile` when given. */
export async function loadTenantSettings(tenant: {
  dkimDomains: string[];
  header?: { name: string; secret?: string; secretFile?: string };
}): Promise<TenantSettings> {
  const header = tenant.header;
  if (!header) return { dkimDomains: tenant.dkimDomains };
  let secret = header.secret;
  if (secret === undefined && header.secretFile) {
    let text: string;
    try {
      text = await readFile(header.secretFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new Error(
        `tenant.header.secretFile: cannot read ${header.secretFile} (${code}): check the path and its permissions`,
      );
    }
    secret = text.trim();
    if (!/^[\x21-\x7e]{16,}$/.test(secret))
      throw new Error(
        `tenant.header.secretFile: ${header.secretFile} must hold one line of at least 16 printable ASCII characters (e.g. openssl rand -hex 24)`,
      );
  }
  return { dkimDomains: tenant.dkimDomains, header: { name: header.name, secret: secret ?? '' } };
}
