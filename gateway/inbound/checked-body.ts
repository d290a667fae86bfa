// The "checks" stage between the SMTP DATA stream and the spool: passes the bytes through unchanged
// while every DataCheck looks at them. On a refusal the body is destroyed (so the spool keeps
// nothing) and the rest of DATA is drained, because smtp-server replies only once DATA has ended.
import { PassThrough, type Readable } from 'node:stream';
import type { DataCheck } from './data-checks.ts';
import { type Refusal, RefusalError } from './refusal.ts';

export interface CheckedBody {
  /** What the spool reads. */
  body: Readable;
  /** Resolves when the client's DATA has ended (or failed), with the first refusal if any. */
  done: Promise<Refusal | undefined>;
  /** Set when the client's DATA failed or stopped before its end (a disconnect): not a refusal. */
  readonly clientError: () => Error | undefined;
}

export function checkBody(data: Readable, checks: readonly DataCheck[]): CheckedBody {
  const body = new PassThrough();
  let refused: Refusal | undefined;
  let clientError: Error | undefined;

  const refuse = (r: Refusal) => {
    refused = r;
    body.destroy(new RefusalError(r));
  };
  const resume = () => data.resume();
  body.on('drain', resume);
  body.on('close', resume);
  // The spool sees the refusal as the stream error; nothing else listens on body for errors.
  body.on('error', () => {});

  const done = new Promise<Refusal | undefined>((resolve) => {
    data.on('data', (chunk: Buffer) => {
      if (refused || body.destroyed) return;
      for (const check of checks) {
        const r = check.inspect(chunk);
        if (r) return refuse(r);
      }
      if (!body.write(chunk)) data.pause();
    });
    data.on('end', () => {
      if (!refused && !body.destroyed) {
        for (const check of checks) {
          const r = check.finish();
          if (r) {
            refuse(r);
            return resolve(refused);
          }
        }
        body.end();
      }
      resolve(refused);
    });
    data.on('error', (error) => {
      clientError ??= error;
      body.destroy(error);
      resolve(refused);
    });
    // A client that disconnects in the middle of DATA: whatever arrived must not be committed.
    data.on('close', () => {
      if (!data.readableEnded && !body.destroyed) {
        clientError ??= new Error('connection closed during DATA');
        body.destroy(clientError);
      }
      resolve(refused);
    });
  });
  return { body, done, clientError: () => clientError };
}
