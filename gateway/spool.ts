// The durable queue. A message is committed when its envelope file appears in queue/; everything
// before that happens in tmp/, and every step that must survive a crash is fsync'd before the next.
//
//   tmp/<id>.eml, tmp/<id>.json      partial writes; emptied at start-up
//   queue/<id>.eml                   the DATA bytes exactly as received (CRLF, dot-unstuffed)
//   queue/<id>.json                  the envelope, written last: its presence commits the message
//   queue/<id>.state.json            delivery state, owned by delivery; absent = not yet attempted
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdir, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Logger } from './log.ts';

export interface QueuedEnvelope {
  id: string;
  /** '' for the null sender <> */
  mailFrom: string;
  rcptTo: string[];
  /** bytes of the .eml */
  size: number;
  /** ISO 8601 */
  receivedAt: string;
  client: { address: string; hostname?: string; helo: string };
  tls: { protocol: string; cipher: string } | null;
}

export interface RecipientState {
  address: string;
  status: 'pending' | 'delivered' | 'bounced';
  attempts: number;
  lastError?: string;
  lastAttemptAt?: string;
}

export interface DeliveryState {
  recipients: RecipientState[];
  attempts: number;
  /** ISO 8601 */
  nextAttemptAt: string;
  lastError?: string;
}

export interface QueuedMessage {
  envelope: QueuedEnvelope;
  state?: DeliveryState;
}

export interface SpoolStats {
  messages: number;
  /** receivedAt of the oldest message, undefined when the queue is empty */
  oldestReceivedAt?: string;
}

const ID_PATTERN = /^[0-9A-Za-z]{1,64}$/;
const ID_TIME_WIDTH = 9; // base36 milliseconds: fixed width keeps ids sortable until the year 5188
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Sortable by time of receipt: base36 ms timestamp, a per-process sequence, then randomness. */
export function newQueueId(now: number, sequence: number): string {
  const time = now.toString(36).padStart(ID_TIME_WIDTH, '0');
  const seq = (sequence % 36 ** 3).toString(36).padStart(3, '0');
  const random = [...randomBytes(6)].map((b) => ALPHABET[b % 36]).join('');
  return `${time}${seq}${random}`.toUpperCase();
}

export function isQueueId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export interface SpoolEvents {
  queued: [envelope: QueuedEnvelope];
}

export class Spool extends EventEmitter<SpoolEvents> {
  private readonly tmpDir: string;
  private readonly queueDir: string;
  private sequence = 0;

  private constructor(
    readonly dir: string,
    private readonly log: Logger,
    private readonly clock: () => number,
  ) {
    super();
    this.tmpDir = join(dir, 'tmp');
    this.queueDir = join(dir, 'queue');
  }

  /** Creates the directories if needed and recovers the queue after a crash or restart. */
  static async open(dir: string, log: Logger, clock: () => number = Date.now): Promise<Spool> {
    const spool = new Spool(dir, log, clock);
    await mkdir(spool.tmpDir, { recursive: true });
    await mkdir(spool.queueDir, { recursive: true });
    await spool.recover();
    return spool;
  }

  /**
   * Streams `data` to tmp/, fsyncs, writes the envelope, renames both into queue/ and fsyncs the
   * directory. Resolves only then. If `data` errors or is destroyed, nothing is left and this rejects.
   */
  async accept(envelope: Omit<QueuedEnvelope, 'id' | 'size'>, data: Readable): Promise<QueuedEnvelope> {
    const id = newQueueId(this.clock(), this.sequence++);
    const tmpEml = join(this.tmpDir, `${id}.eml`);
    const tmpJson = join(this.tmpDir, `${id}.json`);
    const queueEml = this.messagePath(id);
    const queueJson = this.envelopePath(id);
    let emlRenamed = false;
    // Listen at once: the stream may fail before the file is open, and that error is the answer.
    let streamError: Error | undefined;
    data.on('error', (error: Error) => {
      streamError ??= error;
    });
    try {
      const size = await writeStreamDurably(tmpEml, data);
      const queued: QueuedEnvelope = { id, ...envelope, size };
      await writeFileDurably(tmpJson, `${JSON.stringify(queued)}\n`);
      await rename(tmpEml, queueEml);
      emlRenamed = true;
      await rename(tmpJson, queueJson);
      await fsyncDirectory(this.queueDir);
      this.emit('queued', queued);
      return queued;
    } catch (error) {
      await Promise.all([tmpEml, tmpJson].map(removeIfPresent));
      if (emlRenamed) await removeIfPresent(queueEml);
      throw streamError ?? error;
    }
  }

  /** Every committed message, oldest first. */
  async list(): Promise<QueuedMessage[]> {
    const messages: QueuedMessage[] = [];
    for (const id of await this.committedIds()) {
      const message = await this.get(id);
      if (message) messages.push(message);
    }
    return messages;
  }

  async get(id: string): Promise<QueuedMessage | undefined> {
    if (!isQueueId(id)) return undefined;
    const envelope = await readJson<QueuedEnvelope>(this.envelopePath(id));
    if (!envelope) return undefined;
    const state = await readJson<DeliveryState>(this.statePath(id));
    return state ? { envelope, state } : { envelope };
  }

  /** Count and age of the queue without reading every envelope. */
  async stats(): Promise<SpoolStats> {
    const ids = await this.committedIds();
    const oldest = ids[0] ? await readJson<QueuedEnvelope>(this.envelopePath(ids[0])) : undefined;
    return { messages: ids.length, oldestReceivedAt: oldest?.receivedAt };
  }

  messagePath(id: string): string {
    assertId(id);
    return join(this.queueDir, `${id}.eml`);
  }

  async writeState(id: string, state: DeliveryState): Promise<void> {
    assertId(id);
    const tmp = join(this.tmpDir, `${id}.state.json`);
    await writeFileDurably(tmp, `${JSON.stringify(state)}\n`);
    await rename(tmp, this.statePath(id));
    await fsyncDirectory(this.queueDir);
  }

  /** Uncommits first (envelope), then drops the bytes and the state. */
  async remove(id: string): Promise<void> {
    assertId(id);
    await removeIfPresent(this.envelopePath(id));
    await removeIfPresent(this.messagePath(id));
    await removeIfPresent(this.statePath(id));
    await fsyncDirectory(this.queueDir);
  }

  private envelopePath(id: string): string {
    return join(this.queueDir, `${id}.json`);
  }

  private statePath(id: string): string {
    return join(this.queueDir, `${id}.state.json`);
  }

  private async committedIds(): Promise<string[]> {
    const names = await readdir(this.queueDir);
    return names
      .filter((n) => n.endsWith('.json') && !n.endsWith('.state.json'))
      .map((n) => n.slice(0, -'.json'.length))
      .filter(isQueueId)
      .sort();
  }

  private async recover(): Promise<void> {
    const leftovers = await readdir(this.tmpDir);
    await Promise.all(leftovers.map((n) => rm(join(this.tmpDir, n), { force: true, recursive: true })));

    const names = new Set(await readdir(this.queueDir));
    const removed: string[] = [];
    for (const name of names) {
      const match = /^([0-9A-Za-z]+)\.(eml|state\.json)$/.exec(name);
      if (!match) continue;
      const [, id, kind] = match;
      if (names.has(`${id}.json`)) continue;
      // No envelope: the message never got its 250 (eml) or was already removed (state).
      await unlink(join(this.queueDir, name));
      removed.push(name);
      if (kind === 'eml')
        this.log.warn({ queueId: id }, 'spool recovery: dropped message bytes without envelope');
    }
    for (const name of names) {
      const match = /^([0-9A-Za-z]+)\.json$/.exec(name);
      if (match && !name.endsWith('.state.json') && !names.has(`${match[1]}.eml`)) {
        this.log.error(
          { queueId: match[1] },
          'spool recovery: envelope without message bytes, cannot deliver',
        );
      }
    }
    if (removed.length > 0) await fsyncDirectory(this.queueDir);
    const stats = await this.stats();
    this.log.info(
      { dir: this.dir, messages: stats.messages, leftoversRemoved: leftovers.length + removed.length },
      'spool opened',
    );
  }
}

function assertId(id: string): void {
  if (!isQueueId(id)) throw new Error(`not a queue id: ${JSON.stringify(id)}`);
}

async function writeStreamDurably(path: string, data: Readable): Promise<number> {
  const file = await open(path, 'wx', 0o600);
  let size = 0;
  try {
    for await (const chunk of data) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      size += buffer.length;
      await file.write(buffer);
    }
    await file.sync();
  } catch (error) {
    data.destroy();
    throw error;
  } finally {
    await file.close();
  }
  return size;
}

async function writeFileDurably(path: string, text: string): Promise<void> {
  const file = await open(path, 'wx', 0o600);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
}

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function removeIfPresent(path: string): Promise<void> {
  await rm(path, { force: true });
}

async function readJson<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as T;
}
