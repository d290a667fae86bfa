// Files of removed messages, kept in <spool>/free/ and reused for new messages instead of creating
// files. Creating a file allocates an inode, and on ext4 without a journal that allocation scans
// past every inode of the block group deleted in the last minutes: with a queue that creates and
// deletes thousands of files a minute, that scan measured as half of the relay's CPU time.
//
// A file that left queue/ may be reused only once that removal is durable, that is after an fsync
// of queue/ that started after it: otherwise a crash could bring back the old name pointing at the
// new content. Until then it waits here, still holding the removed message's bytes (mode 0600, like
// everything in the spool). It is reused in place: written over from its start in free/ (a partial
// write, like those in tmp/), cut to its new length, fsync'd and renamed into queue/. One pool per
// kind of file, so that sizes match and no blocks are freed or allocated. free/ is emptied at
// start-up.
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { unlinkIfPresent } from './spool-files.ts';

interface Waiting {
  path: string;
  /** Reusable once an fsync of queue/ numbered above this has completed. */
  afterSync: number;
}

export class FilePool {
  private readonly waiting: Waiting[] = [];
  private readonly ready: string[] = [];
  private counter = 0;

  constructor(
    private readonly dir: string,
    /** Names in `dir` start with it (one pool per kind of file). */
    private readonly prefix: string,
    private readonly maxFiles: number,
    /** The fsync of queue/: number of the latest one started, and of the latest one completed. */
    private readonly queueSyncs: { readonly syncs: number; readonly completedThrough: number },
  ) {}

  /** Moves `path` (a file leaving queue/) into the pool, or deletes it when the pool is full.
   *  A file already gone is fine. */
  recycle(path: string): void {
    if (this.waiting.length + this.ready.length >= this.maxFiles) {
      unlinkIfPresent(path);
      return;
    }
    const target = join(this.dir, `${this.prefix}-${(this.counter++).toString(36)}`);
    try {
      renameSync(path, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    this.waiting.push({ path: target, afterSync: this.queueSyncs.syncs });
  }

  /** A pooled file whose removal is durable, or undefined. The caller writes it and renames it
   *  into queue/ (or deletes it). */
  take(): string | undefined {
    const durable = this.queueSyncs.completedThrough;
    while (this.waiting.length > 0 && (this.waiting[0] as Waiting).afterSync < durable)
      this.ready.push((this.waiting.shift() as Waiting).path);
    return this.ready.pop();
  }

  get size(): number {
    return this.waiting.length + this.ready.length;
  }
}
