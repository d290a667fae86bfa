// Bolt checks the signature and refuses timestamps older than 5 minutes; within those 5 minutes a
// captured request could be sent again. This remembers the signatures of verified requests and
// refuses a second one. Nothing is remembered before the timestamp window and the signature are
// checked, so forged requests cost no memory, and the memory is bounded in entries and bytes.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/** Slack's window: a request whose timestamp is further than this from now is refused. */
export const WINDOW_SECONDS = 5 * 60;

export interface ReplayGuardOptions {
  signingSecret: string;
  /** Most signatures remembered at once (the oldest are forgotten first). */
  maxEntries?: number;
  /** Most bytes of remembered signatures at once. */
  maxBytes?: number;
  /** Largest request body read to check a signature (Bolt's own limit). */
  bodyLimit?: number;
  now?: () => number;
}

export class ReplayMemory {
  private readonly seen = new Map<string, number>();
  private keyBytes = 0;
  private lastSweep = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.seen.size;
  }

  get bytes(): number {
    return this.keyBytes;
  }

  /** false when the signature was seen before (a replay); otherwise remembers it until it expires. */
  remember(signature: string, expiresAtMs: number, nowMs: number): boolean {
    if (nowMs - this.lastSweep > 60_000) this.sweep(nowMs);
    const known = this.seen.get(signature);
    if (known !== undefined && known > nowMs) return false;
    if (known !== undefined) this.forget(signature);
    this.seen.set(signature, expiresAtMs);
    this.keyBytes += Buffer.byteLength(signature);
    while (this.seen.size > this.maxEntries || this.keyBytes > this.maxBytes) {
      const oldest = this.seen.keys().next();
      if (oldest.done) break;
      this.forget(oldest.value);
    }
    return true;
  }

  private forget(signature: string): void {
    if (this.seen.delete(signature)) this.keyBytes -= Buffer.byteLength(signature);
  }

  private sweep(nowMs: number): void {
    for (const [signature, expiresAt] of this.seen) if (expiresAt <= nowMs) this.forget(signature);
    this.lastSweep = nowMs;
  }
}

export interface ReplayGuard {
  listener: RequestListener;
  memory: ReplayMemory;
}

const SIGNATURE = /^v0=[0-9a-f]{64}$/;

export function withReplayGuard(listener: RequestListener, options: ReplayGuardOptions): ReplayGuard {
  const now = options.now ?? Date.now;
  const bodyLimit = options.bodyLimit ?? 4 * 1024 * 1024;
  const memory = new ReplayMemory(options.maxEntries ?? 10_000, options.maxBytes ?? 1024 * 1024);

  const guarded = async (req: IncomingMessage, res: ServerResponse) => {
    const signature = req.headers['x-slack-signature'];
    const timestamp = req.headers['x-slack-request-timestamp'];
    if (req.method !== 'POST' || typeof signature !== 'string' || typeof timestamp !== 'string') {
      listener(req, res);
      return;
    }
    const at = now();
    const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
    if (!SIGNATURE.test(signature) || !(Math.abs(at / 1000 - seconds) <= WINDOW_SECONDS)) {
      refuse(res, 401, 'unsigned, stale or future-dated request refused');
      return;
    }
    const body = await readBody(req, bodyLimit);
    if (body === undefined) {
      refuse(res, 413, 'request body too large');
      return;
    }
    // Bolt reads the body from rawBody when it is already there.
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
    if (!signedBy(options.signingSecret, timestamp, body, signature)) {
      refuse(res, 401, 'bad signature');
      return;
    }
    // The signature covers the timestamp and the body: the same signature means the same request.
    if (!memory.remember(signature, (seconds + WINDOW_SECONDS) * 1000 + 1000, at)) {
      refuse(res, 401, 'replayed request refused');
      return;
    }
    listener(req, res);
  };

  return {
    memory,
    listener: (req, res) => {
      guarded(req, res).catch(() => {
        if (!res.headersSent) refuse(res, 400, 'unreadable request');
        else res.destroy();
      });
    },
  };
}

function signedBy(secret: string, timestamp: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(
    `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body.toString()}`).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function refuse(res: ServerResponse, status: number, text: string): void {
  // A body left unread (too large) is not drained: the connection closes instead.
  res.writeHead(status, { 'content-type': 'text/plain', ...(status === 413 ? { connection: 'close' } : {}) });
  res.end(text);
}

/** The body, or undefined when it is larger than the limit (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      resolve(undefined);
      return;
    }
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        req.removeAllListeners('data');
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
