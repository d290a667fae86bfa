// File operations of the spool's hot path. The cheap calls (open, write into the page cache, close,
// rename, unlink: microseconds on a local file system) are made synchronously: on the thread pool
// each would cost a round trip (queue, wake a worker, wake the loop) that measured several times the
// call itself and was most of the relay's CPU time per message. fsync, the call that waits for the
// disk, stays on the thread pool so the event loop never waits for it.
import { closeSync, constants, fsync, ftruncateSync, open, openSync, unlinkSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';

const fsyncFd = promisify(fsync);
const openFd = promisify(open);

let creating: Promise<unknown> = Promise.resolve();

/**
 * Creates `path` (it must not exist) for writing, readable by the relay's user only. On the thread
 * pool, because allocating an inode can take long (ext4 without a journal scans past the recently
 * deleted ones); and one at a time, because creations in one directory hold its lock in turn, and
 * thread pool workers waiting for it spin on it, burning CPU for nothing.
 */
export function createFile(path: string): Promise<number> {
  const created = creating.then(() => openFd(path, 'wx', 0o600));
  creating = created.catch(() => {});
  return created;
}

/** Opens an existing file for writing from its start, over its old bytes: emptying it first would
 *  free its blocks only to allocate new ones. Cut it to length with setLength once written. */
export function openForOverwrite(path: string): number {
  return openSync(path, constants.O_WRONLY);
}

export function setLength(fd: number, bytes: number): void {
  ftruncateSync(fd, bytes);
}

export function writeAll(fd: number, buffer: Buffer): void {
  let offset = 0;
  while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
}

/** fsyncs every descriptor side by side; waits for all of them (so none is closed while its fsync
 *  runs) and then fails with the first error, if any. */
export async function fsyncAll(fds: number[]): Promise<void> {
  const results = await Promise.allSettled(fds.map((fd) => fsyncFd(fd)));
  for (const result of results) if (result.status === 'rejected') throw result.reason;
}

export function closeFile(fd: number): void {
  closeSync(fd);
}

export async function writeFileDurably(path: string, text: string): Promise<void> {
  const fd = await createFile(path);
  try {
    writeAll(fd, Buffer.from(text));
    await fsyncFd(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes the entries of `dir` (renames, new files) durable. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const fd = openSync(dir, 'r');
  try {
    await fsyncFd(fd);
  } finally {
    closeSync(fd);
  }
}

/** unlink; a file that is already gone is fine. */
export function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
