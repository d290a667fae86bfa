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
//   corrupt/<id>.*                   files of a message that could not be read or parsed, moved here
//                                    (never deleted) for an operator to look at; see quarantine()
//
// The committed ids are also kept in memory, in arrival order (`index`), so that the count, the
// oldest message and the first N of the queue cost no directory listing.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, opendirSync, renameSync, statfsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BatchedSync } from './batched-sync.ts';
import {
  DeliveryState as DeliveryStateSchema,
  QueuedEnvelope as QueuedEnvelopeSchema,
} from './control-schema.ts';
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
/** Messages read side by side by list(). */
const LIST_BATCH = 64;
/** Files of removed messages kept for reuse, per kind (.eml, .json; see file-pool.ts). */
const FREE_FILES = 1024;
/** Names read from queue/ per readdir(3) batch at start-up. */
const DIRECTORY_BATCH = 1024;
/** The files of a message in queue/, as bits (recover()). */
const ENVELOPE = 1;
const BYTES = 2;
const STATE = 4;
const KINDS: Record<string, number | undefined> = { '.json': ENVELOPE, '.eml': BYTES, '.state.json': STATE };

interface OpenFile {
  fd: number;
  path: string;
  /** A pooled file: it may be longer than what is written now. */
  reused: boolean;
}

export interface SpoolEvents {
  /** A message was committed; `log` is its logger (message-log.ts). */
  queued: [envelope: QueuedEnvelope, log: Logger];
  /** A message's files were moved to corrupt/ (see quarantine()). */
  corrupt: [id: string, reason: string];
}

/** Free space of the spool's file system, as statfs(2) gives it to an unprivileged process. */
export interface SpoolSpace {
  freeBytes: number;
  totalBytes: number;
}

export class Spool extends EventEmitter<SpoolEvents> {
  private readonly tmpDir: string;
  private readonly freeDir: string;
  private readonly emlPool: FilePool;
  private readonly jsonPool: FilePool;
  private readonly queueDir: string;
  private readonly corruptDir: string;
  private sequence = 0;
  /** Committed ids in arrival order (a Set keeps insertion order; deletes are O(1)). */
  private readonly index = new Set<string>();
  /** Messages in corrupt/: those found there at start-up plus those moved since. */
  private corruptMessages = 0;
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
    this.corruptDir = join(dir, 'corrupt');
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
    await mkdir(spool.corruptDir, { recursive: true });
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
      // Leaving the for-await over `data` early (a failed write) destroys it with an AbortError
      // ("The operation was aborted"): then the write's own error (ENOSPC, EIO) is the cause.
      throw streamError && streamError.name !== 'AbortError' ? streamError : error;
    }
    const { queued, bytes } = written;
    this.index.add(id);
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

  /** The first `limit` committed messages, oldest first: reads about `limit` messages' files, however
   *  long the queue. */
  async list(limit = Number.POSITIVE_INFINITY): Promise<QueuedMessage[]> {
    const messages: QueuedMessage[] = [];
    const ids = this.index.values();
    // Messages moved to corrupt/ on the way leave gaps: those are filled from further on.
    while (messages.length < limit) {
      const want = Math.min(LIST_BATCH, limit - messages.length);
      const batch: string[] = [];
      while (batch.length < want) {
        const next = ids.next();
        if (next.done) break;
        batch.push(next.value);
      }
      if (batch.length === 0) break;
      for (const message of await Promise.all(batch.map((id) => this.get(id))))
        if (message && messages.length < limit) messages.push(message);
    }
    return messages;
  }

  /** Committed ids in arrival order (a live view: ids committed or removed meanwhile show or not). */
  queuedIds(): IterableIterator<string> {
    return this.index.values();
  }

  /** Whether `id` is committed, from memory. */
  isQueued(id: string): boolean {
    return this.index.has(id);
  }

  /** Messages committed now. */
  get size(): number {
    return this.index.size;
  }

  /** Messages in corrupt/ (found there at start-up, or moved there since). */
  get corruptCount(): number {
    return this.corruptMessages;
  }

  /**
   * The message `id` (envelope, and delivery state once there is one); undefined when it is not
   * queued. Files that cannot be read or parsed are moved to corrupt/ (quarantine()), and then it is
   * undefined too.
   */
  async get(id: string): Promise<QueuedMessage | undefined> {
    if (!isQueueId(id)) return undefined;
    let envelope: QueuedEnvelope | undefined;
    let state: DeliveryState | undefined;
    try {
      envelope = await this.readEnvelope(id);
      if (!envelope) return undefined;
      state = await readJson<DeliveryState>(this.statePath(id));
    } catch (error) {
      return this.unreadable(id, describeReadError(error));
    }
    const problem = envelopeProblem(id, envelope) ?? (state === undefined ? undefined : stateProblem(state));
    if (problem) return this.unreadable(id, problem);
    return state ? { envelope, state } : { envelope };
  }

  /** Count and age of the queue: one envelope read, however long the queue. */
  async stats(): Promise<SpoolStats> {
    for (const id of [...this.firstIds(8)]) {
      const oldest = await this.get(id);
      if (oldest) return { messages: this.index.size, oldestReceivedAt: oldest.envelope.receivedAt };
    }
    return { messages: this.index.size };
  }

  /** Free space of the spool's file system (one statfs call). */
  space(): SpoolSpace {
    const fs = statfsSync(this.dir);
    return { freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize };
  }

  private *firstIds(limit: number): Generator<string> {
    let n = 0;
    for (const id of this.index) {
      if (n++ >= limit) return;
      yield id;
    }
  }

  /** A message met with unreadable files: moved to corrupt/ if it is still queued. */
  private async unreadable(id: string, reason: string): Promise<undefined> {
    // Removed meanwhile (its files reused for another message): nothing is wrong with it.
    if (!this.index.has(id) && !existsSync(this.envelopePath(id))) return undefined;
    await this.quarantine(id, reason);
    return undefined;
  }

  /**
   * Moves every file of `id` (envelope, bytes, state) from queue/ to corrupt/, keeping them for an
   * operator (never deleted); the message leaves the queue. A name already taken in corrupt/ gets a
   * numbered suffix. Not fsync'd: a crash may bring the files back to queue/, where they are met and
   * moved again.
   */
  async quarantine(id: string, reason: string): Promise<void> {
    assertId(id);
    this.index.delete(id);
    this.recent.delete(id);
    const moved: string[] = [];
    for (const name of [`${id}.json`, `${id}.eml`, `${id}.state.json`]) {
      const from = join(this.queueDir, name);
      if (!existsSync(from)) continue;
      let to = join(this.corruptDir, name);
      for (let n = 1; existsSync(to); n++) to = join(this.corruptDir, `${name}.${n}`);
      try {
        renameSync(from, to);
        moved.push(name);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    if (moved.length === 0) return;
    this.corruptMessages++;
    this.log.error(
      { queueId: id, reason, files: moved, dir: this.corruptDir },
      'spool: unreadable message moved to corrupt/; look at its files there, then requeue or delete them',
    );
    try {
      this.emit('corrupt', id, reason);
    } catch (error) {
      this.log.error({ queueId: id, err: String(error) }, "spool: a 'corrupt' listener failed");
    }
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
    // Uncommitted: out of the index only now, so that a removal that failed above can be tried again.
    this.index.delete(id);
    this.emlPool.recycle(this.messagePath(id));
    unlinkIfPresent(this.statePath(id));
  }

  private envelopePath(id: string): string {
    return join(this.queueDir, `${id}.json`);
  }

  private statePath(id: string): string {
    return join(this.queueDir, `${id}.state.json`);
  }

  /** Every id in queue/ with the kinds of file it has there (ENVELOPE | BYTES | STATE). */
  private scanQueueDirectory(): Map<string, number> {
    const kinds = new Map<string, number>();
    const dir = opendirSync(this.queueDir, { bufferSize: DIRECTORY_BATCH });
    try {
      for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
        const name = entry.name;
        const dot = name.indexOf('.');
        if (dot < 0) continue;
        const kind = KINDS[name.slice(dot)];
        if (kind === undefined) continue;
        const id = name.slice(0, dot);
        if (isQueueId(id)) kinds.set(id, (kinds.get(id) ?? 0) | kind);
      }
    } finally {
      dir.closeSync();
    }
    return kinds;
  }

  private async recover(): Promise<void> {
    const leftovers = await readdir(this.tmpDir);
    await Promise.all(leftovers.map((n) => rm(join(this.tmpDir, n), { force: true, recursive: true })));
    // Not reused across a restart: after a crash, whether their removal from queue/ reached the
    // disk is unknown.
    const free = await readdir(this.freeDir);
    await Promise.all(free.map((n) => rm(join(this.freeDir, n), { force: true, recursive: true })));

    // Each queued id with the kinds of file it has. The directory is read a batch of names at a
    // time: a listing of a long queue held whole (two names per message) was most of the memory a
    // restart over a backlog took, and stayed in the heap as resident memory after.
    const kinds = this.scanQueueDirectory();
    const ids: string[] = [];
    let removed = 0;
    for (const [id, kind] of kinds) {
      if (kind & ENVELOPE && kind & BYTES) ids.push(id);
      else if (kind & STATE && !(kind & ENVELOPE)) {
        // Delivery state without its envelope: kept (with the bytes, if any) for an operator.
        await this.quarantine(id, 'delivery state file without its envelope');
      } else if (kind & BYTES) {
        // Bytes without an envelope: the message never got its 250, or its removal was cut short.
        await unlink(this.messagePath(id));
        removed++;
        this.log.warn({ queueId: id }, 'spool recovery: dropped message bytes without envelope');
      } else if (kind & ENVELOPE) {
        // The bytes are renamed in before the envelope and both are fsync'd before the 250, so
        // this is a removal (after delivery) cut short by a crash: nothing is left to deliver.
        unlinkIfPresent(this.envelopePath(id));
        unlinkIfPresent(this.statePath(id));
        removed++;
        this.log.warn({ queueId: id }, 'spool recovery: dropped envelope without message bytes');
      }
    }
    kinds.clear();
    if (removed > 0) await fsyncDirectory(this.queueDir);
    // Ids sort by time of receipt (newQueueId): this is arrival order.
    ids.sort();
    for (const id of ids) this.index.add(id);
    const corruptIds = new Set(
      (await readdir(this.corruptDir)).map((n) => n.slice(0, n.indexOf('.') < 0 ? n.length : n.indexOf('.'))),
    );
    this.corruptMessages = corruptIds.size;
    this.log.info(
      {
        dir: this.dir,
        messages: this.index.size,
        corrupt: this.corruptMessages,
        leftoversRemoved: leftovers.length + removed,
      },
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

/** Why a parsed envelope cannot be used, or undefined when it can. */
function envelopeProblem(id: string, envelope: unknown): string | undefined {
  const parsed = QueuedEnvelopeSchema.safeParse(envelope);
  if (!parsed.success) return `envelope is not a valid envelope: ${firstIssue(parsed.error)}`;
  if (parsed.data.id !== id) return `envelope names another queue id (${parsed.data.id.slice(0, 64)})`;
  return undefined;
}

function stateProblem(state: unknown): string | undefined {
  const parsed = DeliveryStateSchema.safeParse(state);
  return parsed.success ? undefined : `delivery state file is not valid: ${firstIssue(parsed.error)}`;
}

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(top)'}: ${issue.message}` : 'invalid';
}

/** Errors of the process, not of the file: the file is not to blame. */
const PROCESS_ERRORS = new Set(['EMFILE', 'ENFILE', 'ENOMEM', 'EINTR', 'EAGAIN']);

function describeReadError(error: unknown): string {
  if (PROCESS_ERRORS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  if (error instanceof SyntaxError) return `file does not parse as JSON (${error.message.slice(0, 120)})`;
  const e = error as NodeJS.ErrnoException;
  return `file cannot be read: ${e.code ?? ''} ${e.message}`.trim();
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
