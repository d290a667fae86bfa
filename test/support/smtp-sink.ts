// A next hop for delivery tests: a real smtp-server on loopback that records every message it
// accepts (raw DATA bytes, envelope, TLS) and answers recipients and messages as a test tells it.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface SunkMessage {
  mailFrom: string;
  rcptTo: string[];
  bytes: Buffer;
  secure: boolean;
  /** BODY=8BITMIME was declared. */
  body?: string | boolean;
}

export interface SinkOptions {
  /** Reply to RCPT TO: undefined accepts, a string like "550 5.1.1 no such user" refuses. */
  rcpt?: (address: string) => string | undefined;
  /** Reply at the end of DATA: undefined accepts. */
  data?: (message: SunkMessage) => string | undefined;
  key?: string;
  cert?: string;
  host?: string;
  port?: number;
  /** Milliseconds to wait before answering the end of DATA (a slow next hop). */
  replyDelayMs?: number;
  /** Called at the end of DATA; the reply waits until the promise settles (a test holds a delivery). */
  beforeReply?: (message: SunkMessage) => Promise<void>;
  /** Extra smtp-server options (hide8BITMIME, hideSTARTTLS, ...). */
  server?: Partial<SMTPServerOptions>;
}

function smtpError(reply: string): Error & { responseCode: number } {
  const code = Number(reply.slice(0, 3));
  return Object.assign(new Error(reply.slice(4)), { responseCode: code });
}

export class TestSink {
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly messages: SunkMessage[],
  ) {}

  static async start(options: SinkOptions = {}): Promise<TestSink> {
    const messages: SunkMessage[] = [];
    let sink: TestSink | undefined;
    const server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: options.key ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      size: 64 * 1024 * 1024,
      ...(options.key ? { key: options.key, cert: options.cert } : {}),
      ...options.server,
      onRcptTo(address, _session, callback) {
        const reply = options.rcpt?.(address.address);
        callback(reply ? smtpError(reply) : undefined);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', callback);
        stream.on('end', () => {
          const message: SunkMessage = {
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            bytes: Buffer.concat(chunks),
            secure: session.secure,
            body: session.envelope.mailFrom ? (session.envelope.mailFrom.args || undefined)?.BODY : undefined,
          };
          const finish = () => {
            const reply = options.data?.(message);
            if (reply) return callback(smtpError(reply));
            messages.push(message);
            callback();
            sink?.notify();
          };
          if (options.beforeReply) options.beforeReply(message).then(finish, finish);
          else if (options.replyDelayMs) setTimeout(finish, options.replyDelayMs);
          else finish();
        });
      },
    });
    server.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    sink = new TestSink(server, (server.server.address() as AddressInfo).port, messages);
    return sink;
  }

  private waiters: { until: () => boolean; resolve: () => void }[] = [];

  private notify(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.until()) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once `until()` holds after a message arrives (or now); rejects after `timeoutMs`. */
  waitFor(until: (messages: SunkMessage[]) => boolean, timeoutMs = 20_000, what = 'messages'): Promise<void> {
    if (until(this.messages)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(`sink: gave up waiting for ${what} after ${timeoutMs} ms (have ${this.messages.length})`),
        );
      }, timeoutMs);
      const waiter = {
        until: () => until(this.messages),
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Removes the first header field (with its folded continuation lines). */
export function stripFirstHeader(bytes: Buffer): Buffer {
  let at = 0;
  for (;;) {
    const lf = bytes.indexOf(0x0a, at);
    if (lf < 0) return Buffer.alloc(0);
    at = lf + 1;
    if (bytes[at] !== 0x20 && bytes[at] !== 0x09) return bytes.subarray(at);
  }
}
