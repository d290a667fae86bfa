// What every scanner adapter (clamd, rspamd) offers the scan stage: a job that is fed the DATA
// bytes as they arrive and gives a verdict after the last one, and a health probe.
import type { QueuedEnvelope } from '../spool.ts';

export type EngineVerdict =
  | { kind: 'clean' }
  /** clamd found something: the signature name it reported. */
  | { kind: 'virus'; signature: string }
  /** rspamd's action and score; only `reject` refuses the message. */
  | { kind: 'spam-action'; action: string; score?: number; symbols?: string[] }
  /** The scanner was unreachable, too slow or answered something unusable. */
  | { kind: 'error'; error: string };

export interface ScanJob {
  /** A chunk of DATA, in order. Never throws: a failure becomes the job's error verdict. */
  write(chunk: Buffer): void;
  /** The last byte was written: the verdict, within the timeout. Never rejects. */
  end(): Promise<EngineVerdict>;
  /** The message was refused or the client left: drop the connection. */
  abort(): void;
}

export type ScanEnvelope = Omit<QueuedEnvelope, 'id' | 'size'>;

export interface ScanEngine {
  readonly name: 'clamd' | 'rspamd';
  open(envelope: ScanEnvelope): ScanJob;
  /** Resolves when the scanner answers a health probe within the timeout; rejects with why not. */
  ping(): Promise<void>;
}
