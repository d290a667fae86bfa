// The durable queue. A message is committed when its envelope file appears in queue/; everything
// before that happens in tmp/ (or free/, for reused files), and every step that must survive a
// crash is fsync'd before the next.
// Concurrent commits share the fsync of queue/ (group commit, see batched-sync.ts): each still
// waits for an fsync that started after its own renames.
//
//   tmp/<id>.eml, tmp/<id>.json      partial writes; emptied at start-up
//   free/                            files of removed messages, reused for new ones (file-pool.ts);
//                                    emptied at start-up
//   queue/<id>.eml                   the DATA bytes exactly as received (CRLF, dot-unstuffed)
//   queue/<id>.json                  the envelope, renamed in last: its presence commits the message
//   queue/<id>.state.json            delivery state, owned by delivery; absent = not yet attempted
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, renameSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BatchedSync } from './batched-sync.ts';
import { FilePool } from './file-pool.ts';
import type { Logger } from './log.ts';
import { type MessageLogger, messageLogger } from './message-log.ts';
import { RecentMessages } from './recent-messages.ts';
import {
  closeFile,
  createFile,
  fsyncAll,
  fsyncDirectory,
  openForOverwrite,
  setLength,
  unlinkIfPresent,
  writeAll,
  writeFileDurably,
} from './spool-files.ts';

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

export interface SpoolOptions {
  /** fsyncs a directory; tests replace it to watch the commit order. */
  syncDirectory?: (dir: string) => Promise<void>;
  /** Makes the logger of a message that is accepted without one (message-log.ts); by default a
   *  child of the spool's logger. */
  messageLog?: MessageLogger;
}

export interface AcceptOptions {
  /** The queue id, taken beforehand with nextId() (so lines logged before the commit carry it). */
  id?: string;
  /** The message's logger (message-log.ts), made at accept; passed on with the 'queued' event. */
  log?: Logger;
  /** Runs once the files are on disk, before the renames; throwing commits nothing (the scan). */
  beforeCommit?: () => Promise<void>;
}

/** Chunks of DATA are gathered up to this size before a write: one write for a typical message. */
const WRITE_BATCH_BYTES = 256 * 1024;
/** Bound of the in-memory copies of recently committed messages (see recent-messages.ts). */
const RECENT_MESSAGES_BYTES = 16 * 1024 * 1024;
/** Files of removed messages kept for reuse, per kind (.eml, .json; see file-pool.ts). */
const FREE_FILES = 1024;

interface OpenFile {
  fd: number;
  path: string;
  /** A pooled file: it may be longer than what is written now. */
  reused: boolean;
}

export interface SpoolEvents {
  /** A message was committed; `log` is its logger (message-log.ts). */
  queued: [envelope: QueuedEnvelope, log: Logger];
}

export class Spool extends EventEmitter<SpoolEvents> {
  private readonly tmpDir: string;
  private readonly freeDir: string;
  private readonly emlPool: FilePool;
  private readonly jsonPool: FilePool;
  private readonly queueDir: string;
  private sequence = 0;
  /** The fsync of queue/ that makes renames into it (commits, state updates) durable. */
  private readonly queueDirSync: BatchedSync;
  private readonly recent = new RecentMessages(RECENT_MESSAGES_BYTES);

  private constructor(
    readonly dir: string,
    private readonly log: Logger,
    private readonly clock: () => number,
    syncDirectory: (dir: string) => Promise<void>,
    private readonly messageLog: MessageLogger,
  ) {
    super();
    this.tmpDir = join(dir, 'tmp');
    this.queueDir = join(dir, 'queue');
    this.queueDirSync = new BatchedSync(() => syncDirectory(this.queueDir));
    this.freeDir = join(dir, 'free');
    this.emlPool = new FilePool(this.freeDir, 'eml', FREE_FILES, this.queueDirSync);
    this.jsonPool = new FilePool(this.freeDir, 'json', FREE_FILES, this.queueDirSync);
  }

  /** Creates the directories if needed and recovers the queue after a crash or restart. */
  static async open(
    dir: string,
    log: Logger,
    clock: () => number = Date.now,
    options: SpoolOptions = {},
  ): Promise<Spool> {
    const spool = new Spool(
      dir,
      log,
      clock,
      options.syncDirectory ?? fsyncDirectory,
      options.messageLog ?? messageLogger(log),
    );
    await mkdir(spool.tmpDir, { recursive: true });
    await mkdir(spool.freeDir, { recursive: true });
    await mkdir(spool.queueDir, { recursive: true });
    await spool.recover();
    return spool;
  }

  /** fsyncs of queue/ done so far (concurrent commits share one). */
  get directorySyncs(): number {
    return this.queueDirSync.syncs;
  }

  /**
   * Streams `data` to a file (new in tmp/, or reused from free/), writes the envelope to another,
   * fsyncs both, renames both into queue/
   * (bytes first, envelope last) and fsyncs the directory. Resolves only then. If `data` errors or
   * is destroyed, nothing is left and this rejects. `beforeCommit` (the content scan's decision)
   * runs once both files are on disk and before the renames: if it throws, nothing is committed and
   * this rejects with its error.
   */
  async accept(
    envelope: Omit<QueuedEnvelope, 'id' | 'size'>,
    data: Readable,
    options: AcceptOptions = {},
  ): Promise<QueuedEnvelope> {
    const id = options.id ?? this.nextId();
    assertId(id);
    const log = options.log ?? this.messageLog(id);
    /** The files being written, in tmp/ (new) or free/ (reused). */
    const files: { eml?: string; json?: string } = {};
    const queueEml = this.messagePath(id);
    const queueJson = this.envelopePath(id);
    let emlRenamed = false;
    let jsonRenamed = false;
    // Listen at once: the stream may fail before the file is open, and that error is the answer.
    let streamError: Error | undefined;
    data.on('error', (error: Error) => {
      streamError ??= error;
    });
    let written: { queued: QueuedEnvelope; bytes?: Buffer };
    try {
      written = await this.writeBoth(id, files, data, (size) => ({
        id,
        ...envelope,
        size,
      }));
      await options.beforeCommit?.();
      renameSync(files.eml as string, queueEml);
      emlRenamed = true;
      renameSync(files.json as string, queueJson);
      jsonRenamed = true;
      await this.queueDirSync.sync();
    } catch (error) {
      data.destroy();
      if (!emlRenamed && files.eml) await removeIfPresent(files.eml);
      if (!jsonRenamed && files.json) await removeIfPresent(files.json);
      // Uncommit before dropping the bytes, as remove() does.
      if (jsonRenamed) await removeIfPresent(queueJson);
      if (emlRenamed) await removeIfPresent(queueEml);
      throw streamError ?? error;
    }
    const { queued, bytes } = written;
    if (bytes) this.recent.add(id, bytes);
    // Committed: a listener that fails must not undo that (the catch above would delete the files
    // of a message the client is about to be told is queued).
    try {
      this.emit('queued', queued, log);
    } catch (error) {
      log.error({ component: 'spool', err: String(error) }, "spool: a 'queued' listener failed");
    }
    return queued;
  }

  /** A new queue id, sortable by time of receipt. */
  nextId(): string {
    return newQueueId(this.clock(), this.sequence++);
  }

  /** Writes the bytes and then the envelope (into reused files from free/, or new ones in tmp/,
   *  their paths set in `files`); both are fsync'd (side by side) before this resolves, so neither
   *  can be renamed into queue/ before its content is on disk. A message that was written in one
   *  piece comes back as `bytes`. */
  private async writeBoth(
    id: string,
    files: { eml?: string; json?: string },
    data: Readable,
    envelopeFor: (size: number) => QueuedEnvelope,
  ): Promise<{ queued: QueuedEnvelope; bytes?: Buffer }> {
    const eml = await this.openFile(this.emlPool, join(this.tmpDir, `${id}.eml`));
    files.eml = eml.path;
    let json: OpenFile | undefined;
    try {
      const written = await writeStream(eml.fd, data);
      if (eml.reused) setLength(eml.fd, written.size);
      const queued = envelopeFor(written.size);
      json = await this.openFile(this.jsonPool, join(this.tmpDir, `${id}.json`));
      files.json = json.path;
      const text = Buffer.from(`${JSON.stringify(queued)}\n`);
      writeAll(json.fd, text);
      if (json.reused) setLength(json.fd, text.length);
      await fsyncAll([eml.fd, json.fd]);
      return written.whole ? { queued, bytes: written.whole } : { queued };
    } finally {
      closeFile(eml.fd);
      if (json) closeFile(json.fd);
    }
  }

  /** A file to write a new message into: a pooled one when there is one (no inode to allocate, and
   *  its blocks are overwritten in place), else a new file at `fallback`. */
  private async openFile(pool: FilePool, fallback: string): Promise<OpenFile> {
    const pooled = pool.take();
    if (pooled) {
      try {
        return { fd: openForOverwrite(pooled), path: pooled, reused: true };
      } catch (error) {
        this.log.warn({ err: String(error) }, 'spool: could not reuse a free file, creating one');
        unlinkIfPresent(pooled);
      }
    }
    return { fd: await createFile(fallback), path: fallback, reused: false };
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
    const envelope = await this.readEnvelope(id);
    if (!envelope) return undefined;
    const state = await readJson<DeliveryState>(this.statePath(id));
    return state ? { envelope, state } : { envelope };
  }

  /** Count and age of the queue without reading every envelope. */
  async stats(): Promise<SpoolStats> {
    const ids = await this.committedIds();
    const oldest = ids[0] ? await this.readEnvelope(ids[0]) : undefined;
    return { messages: ids.length, oldestReceivedAt: oldest?.receivedAt };
  }

  /**
   * The envelope of `id`, undefined when it is not (or no longer) queued. A message removed while
   * its envelope was being read can have its file reused for a new message (file-pool.ts) before the
   * read ends: what was read is then another envelope, or half of one, and the path is read again
   * (a few times: a file that stays wrong is returned, or its parse error thrown, as read).
   */
  private async readEnvelope(id: string): Promise<QueuedEnvelope | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        const envelope = await readJson<QueuedEnvelope>(this.envelopePath(id));
        if (!envelope || envelope.id === id || attempt >= 3) return envelope;
      } catch (error) {
        if (!(error instanceof SyntaxError) || attempt >= 3) throw error;
      }
    }
  }

  /** Whether `id`'s envelope is in queue/ (it may have been uncommitted since it was queued, as a
   *  consumed probe is). One stat, synchronous: it is asked before every delivery attempt. */
  isCommitted(id: string): boolean {
    return isQueueId(id) && existsSync(this.envelopePath(id));
  }

  messagePath(id: string): string {
    assertId(id);
    return join(this.queueDir, `${id}.eml`);
  }

  /**
   * The bytes of a recently committed message, exactly as in its .eml file, while they are still
   * kept in memory (small messages, bounded in total); undefined otherwise: read messagePath(id).
   */
  recentBytes(id: string): Buffer | undefined {
    return this.recent.get(id);
  }

  async writeState(id: string, state: DeliveryState): Promise<void> {
    assertId(id);
    const tmp = join(this.tmpDir, `${id}.state.json`);
    try {
      await writeFileDurably(tmp, `${JSON.stringify(state)}\n`);
      renameSync(tmp, this.statePath(id));
    } catch (error) {
      // A leftover would make every later write of this message's state fail (the file is created
      // exclusively).
      unlinkIfPresent(tmp);
      throw error;
    }
    await this.queueDirSync.sync();
  }

  /**
   * Uncommits first (the envelope leaves queue/), then drops the bytes and the state; the first two
   * go to the file pool for reuse (file-pool.ts) when it has room. The directory is not fsync'd:
   * a removal that a crash undoes brings the message back and it is delivered a second time, a
   * duplicate that the contract allows, never a loss. (Recovery drops an envelope whose bytes
   * are gone, should a crash keep the envelope's unlink but not the bytes'.)
   */
  async remove(id: string): Promise<void> {
    assertId(id);
    this.recent.delete(id);
    this.jsonPool.recycle(this.envelopePath(id));
    this.emlPool.recycle(this.messagePath(id));
    unlinkIfPresent(this.statePath(id));
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
    // Not reused across a restart: after a crash, whether their removal from queue/ reached the
    // disk is unknown.
    const free = await readdir(this.freeDir);
    await Promise.all(free.map((n) => rm(join(this.freeDir, n), { force: true, recursive: true })));

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
        // The bytes are renamed in before the envelope and both are fsync'd before the 250, so
        // this is a removal (after delivery) cut short by a crash: nothing is left to deliver.
        const id = match[1] as string;
        unlinkIfPresent(join(this.queueDir, name));
        unlinkIfPresent(this.statePath(id));
        removed.push(name);
        this.log.warn({ queueId: id }, 'spool recovery: dropped envelope without message bytes');
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

/**
 * Writes everything `data` yields, in batches of up to WRITE_BATCH_BYTES. Returns the byte count and,
 * for a message written in one batch, that batch (a copy owned by the spool).
 */
async function writeStream(fd: number, data: Readable): Promise<{ size: number; whole?: Buffer }> {
  let size = 0;
  let batches = 0;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  for await (const chunk of data) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += buffer.length;
    batch.push(buffer);
    batchBytes += buffer.length;
    if (batchBytes >= WRITE_BATCH_BYTES) {
      writeAll(fd, Buffer.concat(batch, batchBytes));
      batches++;
      batch = [];
      batchBytes = 0;
    }
  }
  if (batchBytes === 0) return { size };
  const last = Buffer.concat(batch, batchBytes);
  writeAll(fd, last);
  return batches === 0 ? { size, whole: last } : { size };
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
