// archive.dir: <dir>/<YYYY>/<MM>/<DD>/<queue id>.eml (the bytes as received) and <queue id>.json (the
// envelope), by the day the message was received (UTC). Each file is written under a temporary name,
// fsync'd and renamed; then the day's directory is fsync'd. A retry overwrites the same two files.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { QueuedEnvelope } from '../spool.ts';
import { fsyncDirectory } from '../spool-files.ts';
import { type ArchiveDestination, archiveEnvelope } from './destination.ts';

export class DirDestination implements ArchiveDestination {
  readonly name: string;

  constructor(
    private readonly dir: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.name = `dir:${dir}`;
  }

  async write(envelope: QueuedEnvelope, bytes: Buffer): Promise<void> {
    const day = new Date(envelope.receivedAt);
    const valid = Number.isNaN(day.getTime()) ? this.clock() : day;
    const folder = join(
      this.dir,
      String(valid.getUTCFullYear()),
      String(valid.getUTCMonth() + 1).padStart(2, '0'),
      String(valid.getUTCDate()).padStart(2, '0'),
    );
    await mkdir(folder, { recursive: true });
    const json = Buffer.from(`${JSON.stringify(archiveEnvelope(envelope, this.clock()), null, 2)}\n`);
    await writeDurably(join(folder, `${envelope.id}.eml`), bytes);
    await writeDurably(join(folder, `${envelope.id}.json`), json);
    await fsyncDirectory(folder);
  }
}

async function writeDurably(path: string, bytes: Buffer): Promise<void> {
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w', 0o640);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(tmp, path);
}
