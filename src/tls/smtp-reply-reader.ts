// Reads SMTP replies (RFC 5321 section 4.2: "250-..." continuation lines, "250 ..." last line) from a
// socket, one complete reply at a time.
import type { Duplex } from 'node:stream';
import type { SmtpReply } from './types.ts';

const MAX_BUFFERED = 64 * 1024;

export class SmtpReplyReader {
  private buffer = '';
  private pending: string[] = [];
  private replies: SmtpReply[] = [];
  private waiter?: { resolve: (reply: SmtpReply) => void; reject: (error: Error) => void };
  private failure?: Error;

  private readonly onData = (chunk: Buffer) => this.take(chunk.toString('latin1'));
  private readonly onEnd = () => this.fail(new Error('the server closed the connection'));
  private readonly onError = (error: Error) => this.fail(error);

  constructor(private readonly socket: Duplex) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }

  next(): Promise<SmtpReply> {
    const reply = this.replies.shift();
    if (reply) return Promise.resolve(reply);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Stops reading, so the socket can be handed to TLS. */
  detach(): void {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
  }

  private take(text: string): void {
    this.buffer += text;
    if (this.buffer.length > MAX_BUFFERED) {
      this.fail(new Error(`the server sent more than ${MAX_BUFFERED} bytes without a complete reply`));
      return;
    }
    let end = this.buffer.indexOf('\n');
    while (end >= 0) {
      const line = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      this.line(line);
      end = this.buffer.indexOf('\n');
    }
  }

  private line(line: string): void {
    const match = /^(\d{3})([ -]?)(.*)$/.exec(line);
    if (!match) {
      this.fail(
        new Error(`the server sent a line that is not an SMTP reply: ${JSON.stringify(line.slice(0, 80))}`),
      );
      return;
    }
    this.pending.push(match[3] ?? '');
    if (match[2] === '-') return;
    const reply = { code: Number(match[1]), lines: this.pending };
    this.pending = [];
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) waiter.resolve(reply);
    else this.replies.push(reply);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(this.failure);
  }
}

export function replyText(reply: SmtpReply): string {
  return `${reply.code} ${reply.lines.join(' / ')}`.trim();
}
