// Queued messages written straight into a spool directory (queue/<id>.eml and <id>.json, as the
// spool commits them), for backlogs too large to send through SMTP in a test or a bench.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newQueueId, type QueuedEnvelope } from '../../gateway/spool.ts';

export interface FixtureOptions {
  /** receivedAt of the first message (ms); each next one is 1 ms later. */
  startMs?: number;
  rcptTo?: string[];
  subject?: (n: number) => string;
}

/** Writes `count` committed messages; returns their ids, oldest first. */
export function writeQueuedMessages(spoolDir: string, count: number, options: FixtureOptions = {}): string[] {
  const queueDir = join(spoolDir, 'queue');
  mkdirSync(queueDir, { recursive: true });
  const start = options.startMs ?? Date.now() - count - 60_000;
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const id = newQueueId(start + n, n);
    const bytes = Buffer.from(
      `From: alice@example.com\r\nTo: bob@example.net\r\nSubject: ${options.subject?.(n) ?? `backlog ${n}`}\r\n\r\nhello ${n}\r\n`,
    );
    const envelope: QueuedEnvelope = {
      id,
      mailFrom: 'alice@example.com',
      rcptTo: options.rcptTo ?? ['bob@example.net'],
      size: bytes.length,
      receivedAt: new Date(start + n).toISOString(),
      client: { address: '127.0.0.1', helo: 'client.example.com' },
      tls: null,
    };
    writeFileSync(join(queueDir, `${id}.eml`), bytes, { mode: 0o600 });
    writeFileSync(join(queueDir, `${id}.json`), `${JSON.stringify(envelope)}\n`, { mode: 0o600 });
    ids.push(id);
  }
  return ids;
}
