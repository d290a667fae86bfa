// Lines from a stream, one at a time, for a line-based terminal session that also works when piped.
import { createInterface } from 'node:readline';

export class LineSource {
  private readonly queue: string[] = [];
  private waiting: ((line: string | null) => void) | undefined;
  private ended = false;

  constructor(input: NodeJS.ReadableStream) {
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
    lines.on('line', (line) => {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = undefined;
        resolve(line);
      } else {
        this.queue.push(line);
      }
    });
    lines.on('close', () => {
      this.ended = true;
      this.waiting?.(null);
      this.waiting = undefined;
    });
  }

  /** The next line, or null once the input has ended. */
  next(): Promise<string | null> {
    const line = this.queue.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
}
