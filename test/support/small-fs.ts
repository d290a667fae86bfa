// A real, small file system for full-disk tests: a tmpfs of a few MB mounted on a temporary
// directory. Needs root (CI runs as root); without it, or when the kernel refuses the mount, the
// caller skips with the reason given.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallFs {
  path: string;
  /** Unmounts (lazily if still busy) and removes the mount point. */
  remove(): Promise<void>;
}

export async function mountSmallFs(sizeMb: number): Promise<SmallFs | { skip: string }> {
  if (process.getuid?.() !== 0) return { skip: 'needs root to mount a small tmpfs (CI runs as root)' };
  const path = await mkdtemp(join(tmpdir(), 'relay-smallfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', path], {
      stdio: 'pipe',
    });
  } catch (error) {
    await rm(path, { recursive: true, force: true });
    const stderr = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim();
    return { skip: `mount -t tmpfs was refused: ${stderr}` };
  }
  let removed = false;
  return {
    path,
    async remove() {
      if (removed) return;
      removed = true;
      try {
        execFileSync('umount', [path], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', path], { stdio: 'pipe' });
      }
      await rm(path, { recursive: true, force: true });
    },
  };
}

/** Writes `path` until the file system says ENOSPC; returns the bytes written and a way to free them. */
export function fillUp(path: string): { bytes: number; free(): void } {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(16 * 1024, 0x61);
  let bytes = 0;
  try {
    for (;;) bytes += writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return { bytes, free: () => unlinkSync(path) };
}
