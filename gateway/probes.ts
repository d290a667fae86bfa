// Probe sightings: messages carrying the probe header (sent by the bot through Gmail) are recorded
// with the client IP, TLS state and DKIM verdict, and consumed (removed from the queue) unless
// `probes.deliver` is on. The bot asks GET /probes/:token whether its probe arrived.
// Sightings are appended to probes.jsonl in the spool directory so a restart does not lose them.
import { closeSync, openSync, readSync, rmSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RelayConfig } from './config.ts';
import { ControlError } from './control.ts';
import type { ProbeLookupResponse, ProbeSighting } from './control-schema.ts';
import { createResolver } from './dns.ts';
import type { Logger } from './log.ts';
import { dkimVerify } from './mailauth.ts';
import { isProbeToken, PROBE_HEADER } from './probe-token.ts';
import type { Relay, RelayExtension } from './relay.ts';
import type { QueuedEnvelope } from './spool.ts';

export interface ProbeSettings {
  /** Deliver probes onward like any message (default: consume them). */
  deliver: boolean;
  /** How long sightings are kept. */
  keepHours: number;
}

const HEADER_BYTES = 64 * 1024;
const MAX_SIGHTINGS = 10_000;

/** Reads the header block of a stored message and returns the probe token, if it carries a valid one. */
export function probeTokenOf(headerBlock: string): string | undefined {
  const end = headerBlock.search(/\r?\n\r?\n/);
  const headers = (end === -1 ? headerBlock : headerBlock.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const name = PROBE_HEADER.toLowerCase();
  for (const line of headers.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === name) {
      const value = line.slice(colon + 1).trim();
      return isProbeToken(value) ? value : undefined;
    }
  }
  return undefined;
}

function readHeadSync(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(HEADER_BYTES);
    const bytesRead = readSync(fd, buffer, 0, HEADER_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

export class ProbeRecorder implements RelayExtension {
  readonly name = 'probes';
  readonly #sightings = new Map<string, ProbeSighting>();
  #relay: Relay | undefined;
  #log: Logger | undefined;
  #file = '';
  #pending = new Set<Promise<void>>();
  #settings: ProbeSettings;
  readonly #now: () => Date;

  constructor(settings: ProbeSettings, now: () => Date = () => new Date()) {
    this.#settings = settings;
    this.#now = now;
  }

  async start(relay: Relay): Promise<void> {
    this.#relay = relay;
    this.#log = relay.log.child({ component: 'probes' });
    this.#file = join(relay.config.spool, 'probes.jsonl');
    await this.#load();
    relay.spool.on('queued', (envelope, log) => {
      const claimed = this.#claim(envelope, log);
      if (!claimed) return;
      const work = this.#record(envelope, log, claimed).catch((error: unknown) =>
        log.error({ component: 'probes', err: String(error) }, 'probe recording failed'),
      );
      this.#pending.add(work);
      void work.finally(() => this.#pending.delete(work));
    });
    relay.control.addRoute({
      method: 'GET',
      path: '/probes/:token',
      handler: ({ params }) => this.lookup(params.token ?? ''),
    });
    relay.statusSections.set('probes', () => ({
      recorded: this.#sightings.size,
      deliver: this.#settings.deliver,
    }));
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
  }

  reload(config: RelayConfig): void {
    this.#settings = config.probes;
  }

  lookup(token: string): ProbeLookupResponse {
    if (!isProbeToken(token)) {
      throw new ControlError(400, `"${token.slice(0, 80)}" is not a probe token (24 lower-case hex digits)`);
    }
    const sighting = this.#sightings.get(token);
    return sighting ? { token, seen: true, sighting } : { token, seen: false };
  }

  /**
   * Runs inside the spool's 'queued' event, before onward delivery (a later listener) sees the message,
   * so it is synchronous on purpose: it reads the header block and, for a probe that is to be consumed,
   * uncommits it (removes queue/<id>.json) at once. Delivery then finds no message to send.
   */
  #claim(envelope: QueuedEnvelope, log: Logger): { token: string; delivered: boolean } | undefined {
    const relay = this.#relay;
    if (!relay) return undefined;
    let token: string | undefined;
    try {
      const recent = relay.spool.recentBytes(envelope.id);
      token = probeTokenOf(
        recent
          ? recent.subarray(0, HEADER_BYTES).toString('latin1')
          : readHeadSync(relay.spool.messagePath(envelope.id)),
      );
    } catch (error) {
      log.warn({ component: 'probes', err: String(error) }, 'could not read a message to look for a probe');
      return undefined;
    }
    if (!token) return undefined;
    // Decided once: a reload while the probe is recorded must not leave an uncommitted probe behind.
    const delivered = this.#settings.deliver;
    if (!delivered) {
      const messagePath = relay.spool.messagePath(envelope.id);
      rmSync(join(dirname(messagePath), `${envelope.id}.json`), { force: true });
    }
    return { token, delivered };
  }

  async #record(
    envelope: QueuedEnvelope,
    log: Logger,
    { token, delivered }: { token: string; delivered: boolean },
  ): Promise<void> {
    const relay = this.#relay;
    if (!relay) return;
    const path = relay.spool.messagePath(envelope.id);
    const dkim = await this.#dkim(path);
    const sighting: ProbeSighting = {
      token,
      seenAt: envelope.receivedAt,
      queueId: envelope.id,
      clientIp: envelope.client.address,
      helo: envelope.client.helo,
      tls: envelope.tls,
      dkim,
      mailFrom: envelope.mailFrom,
      rcptTo: envelope.rcptTo,
      delivered,
    };
    this.#remember(sighting);
    await appendFile(this.#file, `${JSON.stringify(sighting)}\n`);
    if (!delivered) await relay.spool.remove(envelope.id);
    log.info(
      {
        component: 'probes',
        event: 'probe-seen',
        probe: token,
        client: sighting.clientIp,
        tls: sighting.tls,
        dkim: dkim.result,
        delivered,
      },
      delivered ? 'probe seen, delivered onward' : 'probe seen and consumed',
    );
  }

  async #dkim(path: string): Promise<ProbeSighting['dkim']> {
    try {
      const resolver = createResolver(this.#relay?.config.dns ?? { servers: [], timeoutMs: 3000, tries: 2 });
      const result = await dkimVerify(await readFile(path), {
        resolver: (name: string, type: string) => resolver.resolve(name, type) as Promise<string[][]>,
      });
      const first = result.results.find((entry) => entry.status.result === 'pass') ?? result.results[0];
      if (!first) return { result: 'none' };
      return { result: first.status.result, domain: first.signingDomain };
    } catch (error) {
      return { result: 'temperror', error: String(error).slice(0, 200) };
    }
  }

  #remember(sighting: ProbeSighting): void {
    if (!this.#sightings.has(sighting.token)) this.#sightings.set(sighting.token, sighting);
    while (this.#sightings.size > MAX_SIGHTINGS) {
      const oldest = this.#sightings.keys().next().value;
      if (oldest === undefined) break;
      this.#sightings.delete(oldest);
    }
  }

  async #load(): Promise<void> {
    let text = '';
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.#log?.error(
          { file: this.#file, err: String(error) },
          'cannot read the probe sightings file; earlier sightings are not known',
        );
      }
      return;
    }
    const cutoff = this.#now().getTime() - this.#settings.keepHours * 3_600_000;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const sighting = JSON.parse(line) as ProbeSighting;
        if (Date.parse(sighting.seenAt) >= cutoff) this.#remember(sighting);
      } catch {
        this.#log?.warn({ file: this.#file }, 'skipped a damaged line in the probe sightings file');
      }
    }
  }
}
