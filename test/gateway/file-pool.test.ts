import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FilePool } from '../../gateway/file-pool.ts';
import { tempDir } from './harness.ts';

describe('FilePool (reuse of removed files)', () => {
  const dirs: { remove(): Promise<void> }[] = [];
  after(async () => {
    for (const d of dirs) await d.remove();
  });
  async function setup(maxFiles = 10) {
    const dir = await tempDir('file-pool-');
    dirs.push(dir);
    const syncs = { syncs: 0, completedThrough: 0 };
    return { dir: dir.path, syncs, pool: new FilePool(dir.path, 'f', maxFiles, syncs) };
  }

  it('hands a file out only after an fsync of queue/ that started after its removal completed', async () => {
    const { dir, syncs, pool } = await setup();
    await writeFile(join(dir, 'a.json'), '{"id":"A"}');
    syncs.syncs = 3;
    syncs.completedThrough = 2; // fsync 3 runs: it may have started before the removal
    pool.recycle(join(dir, 'a.json'));
    assert.deepEqual(await readdir(dir), ['f-0'], 'the file left its old name at once');
    assert.equal(pool.take(), undefined, 'no fsync has started since the removal');
    syncs.completedThrough = 3;
    assert.equal(pool.take(), undefined, 'fsync 3 started before the removal');
    syncs.syncs = 4;
    assert.equal(pool.take(), undefined, 'fsync 4 has not completed');
    syncs.completedThrough = 4;
    const path = pool.take();
    assert.equal(path, join(dir, 'f-0'));
    assert.equal(await readFile(path as string, 'utf8'), '{"id":"A"}', 'the caller truncates it');
    assert.equal(pool.take(), undefined, 'each file is handed out once');
  });

  it('deletes instead of keeping more than its bound, and ignores files already gone', async () => {
    const { dir, pool } = await setup(2);
    for (const name of ['a', 'b', 'c']) await writeFile(join(dir, name), name);
    for (const name of ['a', 'b', 'c']) pool.recycle(join(dir, name));
    pool.recycle(join(dir, 'never-existed'));
    assert.equal(pool.size, 2);
    assert.deepEqual((await readdir(dir)).sort(), ['f-0', 'f-1']);
  });
});
