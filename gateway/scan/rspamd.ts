// rspamd's normal worker over HTTP: POST /checkv2 with the message as the body and the envelope as
// headers (From, Rcpt once per recipient, Ip, Helo, Hostname). The answer's `action` is the verdict;
// only `reject` refuses the message, the others are recorded. The message is gathered in memory
// (at most maxMessageBytes) because rspamd needs its length up front.
import { request } from 'node:http';
import type { RspamdConfig } from './config.ts';
import type { EngineVerdict, ScanEngine, ScanEnvelope, ScanJob } from './engine.ts';

/** /healthz and /status wait at most this for /ping (scan.timeoutMs when shorter). */
const PING_TIMEOUT_MS = 3000;
const MAX_ANSWER_BYTES = 1024 * 1024;
const KNOWN_ACTIONS = new Set([
  'no action',
  'greylist',
  'add header',
  'rewrite subject',
  'soft reject',
  'reject',
]);

export class RspamdEngine implements ScanEngine {
  readonly name = 'rspamd' as const;

  constructor(
    private readonly config: RspamdConfig,
    private readonly timeoutMs: number,
  ) {}

  open(envelope: ScanEnvelope): ScanJob {
    const parts: Buffer[] = [];
    let aborted = false;
    return {
      write: (chunk) => {
        if (!aborted) parts.push(chunk);
      },
      abort: () => {
        aborted = true;
        parts.length = 0;
      },
      end: async () => {
        try {
          const answer = await this.post('/checkv2', Buffer.concat(parts), envelopeHeaders(envelope));
          return parseAnswer(answer, this.config.url);
        } catch (error) {
          return { kind: 'error', error: (error as Error).message };
        }
      },
    };
  }

  async ping(): Promise<void> {
    const answer = await this.get('/ping');
    if (!/^pong/i.test(answer))
      throw new Error(
        `rspamd at ${this.config.url} answered /ping with ${JSON.stringify(answer.slice(0, 80))}`,
      );
  }

  private get(path: string): Promise<string> {
    return this.exchange('GET', path, undefined, {}, Math.min(this.timeoutMs, PING_TIMEOUT_MS));
  }

  private post(path: string, body: Buffer, headers: Record<string, string | string[]>): Promise<string> {
    return this.exchange('POST', path, body, headers, this.timeoutMs);
  }

  private exchange(
    method: string,
    path: string,
    body: Buffer | undefined,
    headers: Record<string, string | string[]>,
    timeoutMs: number,
  ): Promise<string> {
    const where = this.config.url;
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.config.url), {
        method,
        headers: {
          ...headers,
          ...(this.config.password ? { Password: this.config.password } : {}),
          ...(body ? { 'Content-Length': String(body.length) } : {}),
        },
        timeout: timeoutMs,
      });
      const timer = setTimeout(
        () => req.destroy(new Error(`rspamd at ${where}: no answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      req.on('timeout', () => req.destroy(new Error(`rspamd at ${where}: no answer within ${timeoutMs} ms`)));
      req.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new Error(error.code ? `rspamd at ${where}: ${error.code}` : error.message));
      });
      req.on('response', (res) => {
        const parts: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES)
            req.destroy(new Error(`rspamd at ${where}: answer over ${MAX_ANSWER_BYTES} bytes`));
          else parts.push(chunk);
        });
        res.on('error', () => {});
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(parts).toString('utf8');
          if (res.statusCode !== 200)
            reject(new Error(`rspamd at ${where}: HTTP ${res.statusCode} ${text.slice(0, 120)}`));
          else resolve(text);
        });
      });
      req.end(body);
    });
  }
}

function envelopeHeaders(envelope: ScanEnvelope): Record<string, string | string[]> {
  // Header values must not carry CR/LF; addresses passed the relay's syntax checks, HELO may not.
  const clean = (value: string) => value.replace(/[^\x21-\x7e]/g, '');
  return {
    From: clean(envelope.mailFrom),
    Rcpt: envelope.rcptTo.map(clean),
    Ip: clean(envelope.client.address),
    ...(envelope.client.helo ? { Helo: clean(envelope.client.helo) } : {}),
    ...(envelope.client.hostname ? { Hostname: clean(envelope.client.hostname) } : {}),
  };
}

/** rspamd's JSON answer: `{ "action": "reject", "score": 15.2, "symbols": { ... } }`. */
export function parseAnswer(text: string, where: string): EngineVerdict {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return { kind: 'error', error: `rspamd at ${where} answered something that is not JSON` };
  }
  const record = answer && typeof answer === 'object' ? (answer as Record<string, unknown>) : {};
  const action = record.action;
  if (typeof action !== 'string' || !KNOWN_ACTIONS.has(action)) {
    return {
      kind: 'error',
      error: `rspamd at ${where} answered without a known action (${JSON.stringify(action)?.slice(0, 60)})`,
    };
  }
  const score = typeof record.score === 'number' && Number.isFinite(record.score) ? record.score : undefined;
  const symbols =
    record.symbols && typeof record.symbols === 'object'
      ? Object.keys(record.symbols as object)
          .slice(0, 50)
          .map((s) => s.slice(0, 100))
      : undefined;
  return {
    kind: 'spam-action',
    action,
    ...(score === undefined ? {} : { score }),
    ...(symbols ? { symbols } : {}),
  };
}
