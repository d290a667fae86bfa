// ClamAV's clamd over its socket (TCP or Unix), INSTREAM command: `zINSTREAM\0`, then chunks each
// preceded by their length as 4 bytes big-endian, then a zero length; the answer is one
// NUL-terminated line: `stream: OK`, `stream: <signature> FOUND` or `<problem> ERROR`.
// clamd decodes MIME itself (base64 attachments are scanned as files). The bytes are only read.
import { connect, type Socket } from 'node:net';
import type { ClamdConfig } from './config.ts';
import type { EngineVerdict, ScanEngine, ScanJob } from './engine.ts';

/** clamd's answers are short; anything longer is not clamd. */
const MAX_REPLY_BYTES = 4096;
/** /healthz and /status wait at most this for a PING (scan.timeoutMs when shorter). */
const PING_TIMEOUT_MS = 3000;
/** Chunks above this are split (clamd reads each chunk into a buffer of its announced length). */
const MAX_CHUNK_BYTES = 1024 * 1024;

export class ClamdEngine implements ScanEngine {
  readonly name = 'clamd' as const;

  constructor(
    private readonly config: ClamdConfig,
    private readonly timeoutMs: number,
  ) {}

  /** Where clamd is, for logs and /status. */
  describe(): string {
    return 'socket' in this.config ? `unix:${this.config.socket}` : `${this.config.host}:${this.config.port}`;
  }

  open(): ScanJob {
    return new ClamdJob(this.connect(), this.timeoutMs, this.describe());
  }

  async ping(): Promise<void> {
    const reply = await command(
      this.connect(),
      Buffer.from('zPING\0'),
      Math.min(this.timeoutMs, PING_TIMEOUT_MS),
      this.describe(),
    );
    if (reply !== 'PONG')
      throw new Error(`clamd at ${this.describe()} answered PING with ${JSON.stringify(reply)}`);
  }

  private connect(): Socket {
    return 'socket' in this.config
      ? connect({ path: this.config.socket })
      : connect({ host: this.config.host, port: this.config.port });
  }
}

class ClamdJob implements ScanJob {
  private failure: string | undefined;
  private readonly reply: Promise<string>;
  private ended = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
    private readonly where: string,
  ) {
    const connectTimer = setTimeout(
      () => this.fail(`clamd at ${where}: no connection within ${timeoutMs} ms`),
      timeoutMs,
    );
    this.timers.push(connectTimer);
    socket.once('connect', () => clearTimeout(connectTimer));
    this.reply = readReply(socket, where);
    this.reply.catch((error: Error) => {
      this.failure ??= error.message;
    });
    socket.write('zINSTREAM\0');
  }

  write(chunk: Buffer): void {
    if (this.failure || this.socket.destroyed) return;
    for (let at = 0; at < chunk.length; at += MAX_CHUNK_BYTES) {
      const piece = chunk.subarray(at, at + MAX_CHUNK_BYTES);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(piece.length);
      this.socket.write(length);
      this.socket.write(piece);
    }
  }

  async end(): Promise<EngineVerdict> {
    if (!this.ended && !this.failure && !this.socket.destroyed) {
      this.ended = true;
      this.socket.write(Buffer.alloc(4));
      this.timers.push(
        setTimeout(
          () => this.fail(`clamd at ${this.where}: no verdict within ${this.timeoutMs} ms`),
          this.timeoutMs,
        ),
      );
    }
    try {
      return parseVerdict(await this.reply, this.where);
    } catch (error) {
      return { kind: 'error', error: this.failure ?? (error as Error).message };
    } finally {
      this.abort();
    }
  }

  abort(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.socket.destroy();
  }

  private fail(why: string): void {
    this.failure ??= why;
    this.socket.destroy(new Error(why));
  }
}

/** The first NUL-terminated line the socket sends; rejects on error, close or a too-long answer. */
function readReply(socket: Socket, where: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    socket.on('data', (chunk: Buffer) => {
      parts.push(chunk);
      size += chunk.length;
      const all = Buffer.concat(parts, size);
      const nul = all.indexOf(0);
      if (nul >= 0) resolve(all.subarray(0, nul).toString('latin1'));
      else if (size > MAX_REPLY_BYTES)
        reject(new Error(`clamd at ${where}: answer longer than ${MAX_REPLY_BYTES} bytes`));
      else return;
      socket.destroy();
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code ? `clamd at ${where}: ${error.code}` : error.message)),
    );
    socket.on('close', () => reject(new Error(`clamd at ${where} closed the connection without a verdict`)));
  });
}

async function command(socket: Socket, request: Buffer, timeoutMs: number, where: string): Promise<string> {
  socket.setTimeout(timeoutMs, () =>
    socket.destroy(new Error(`clamd at ${where}: no answer within ${timeoutMs} ms`)),
  );
  const reply = readReply(socket, where);
  socket.write(request);
  try {
    return await reply;
  } finally {
    socket.destroy();
  }
}

/** `stream: OK`, `stream: Eicar-Test-Signature FOUND`, `INSTREAM size limit exceeded. ERROR`. */
export function parseVerdict(reply: string, where: string): EngineVerdict {
  const line = reply.trim();
  if (/^stream: OK$/.test(line)) return { kind: 'clean' };
  const found = /^stream: (.+) FOUND$/s.exec(line);
  if (found?.[1]) return { kind: 'virus', signature: found[1].replace(/[^\x20-\x7e]/g, '?').slice(0, 200) };
  return {
    kind: 'error',
    error: `clamd at ${where} answered ${JSON.stringify(line.slice(0, 200))}${/ERROR$/.test(line) ? '' : ' (not a verdict)'}`,
  };
}
