import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rm as rmFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { createLogger } from '../../gateway/log.ts';
import { type DeliveryState, isQueueId, newQueueId, Spool } from '../../gateway/spool.ts';
import { tempDir } from './harness.ts';

const log = createLogger({ level: 'silent' });
const envelope = {
  mailFrom: 'alice@example.com',
  rcptTo: ['bob@example.org', 'carol@example.net'],
  receivedAt: '2026-01-01T00:00:00.000Z',
  client: { address: '127.0.0.1', helo: 'mail.example.com' },
  tls: null,
};

describe('spool', () => {
  const dirs: { remove(): Promise<void> }[] = [];
  after(async () => {
    for (const d of dirs) await d.remove();
  });
  async function openSpool() {
    const dir = await tempDir('spool-test-');
    dirs.push(dir);
    return { spool: await Spool.open(dir.path, log), dir: dir.path };
  }

  it('commits the exact bytes and the envelope, and emits queued', async () => {
    const { spool, dir } = await openSpool();
    const bytes = Buffer.from('Subject: x\r\n\r\nline one\r\n\u00e9\r\n', 'utf8');
    const seen: string[] = [];
    spool.on('queued', (e) => seen.push(e.id));
    const queued = await spool.accept(envelope, Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]));
    assert.ok(isQueueId(queued.id));
    assert.equal(queued.size, bytes.length);
    assert.deepEqual(seen, [queued.id]);
    assert.deepEqual(await readFile(spool.messagePath(queued.id)), bytes);
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'queue', `${queued.id}.json`), 'utf8')), {
      id: queued.id,
      ...envelope,
      size: bytes.length,
    });
    assert.deepEqual(await readdir(join(dir, 'tmp')), []);
  });

  it('leaves nothing behind when the data stream fails', async () => {
    const { spool, dir } = await openSpool();
    const data = new PassThrough();
    const pending = spool.accept(envelope, data);
    data.write('partial ');
    setImmediate(() => data.destroy(new Error('client went away')));
    await assert.rejects(pending, /client went away/);
    assert.deepEqual(await readdir(join(dir, 'tmp')), []);
    assert.deepEqual(await readdir(join(dir, 'queue')), []);
    assert.deepEqual(await spool.list(), []);
  });

  it('lists oldest first, reads state, writes state and removes', async () => {
    const { spool } = await openSpool();
    const a = await spool.accept(envelope, Readable.from([Buffer.from('a\r\n')]));
    const b = await spool.accept(envelope, Readable.from([Buffer.from('b\r\n')]));
    assert.ok(a.id < b.id, 'ids sort by time of receipt');
    const state: DeliveryState = {
      recipients: [
        { address: 'bob@example.org', status: 'pending', attempts: 1, lastError: '451 try later' },
      ],
      attempts: 1,
      nextAttemptAt: '2026-01-01T00:05:00.000Z',
    };
    await spool.writeState(a.id, state);
    const listed = await spool.list();
    assert.deepEqual(
      listed.map((m) => m.envelope.id),
      [a.id, b.id],
    );
    assert.deepEqual(listed[0]?.state, state);
    assert.equal(listed[1]?.state, undefined);
    assert.deepEqual(await spool.stats(), { messages: 2, oldestReceivedAt: envelope.receivedAt });
    await spool.remove(a.id);
    assert.equal(await spool.get(a.id), undefined);
    assert.deepEqual(
      (await spool.list()).map((m) => m.envelope.id),
      [b.id],
    );
    assert.equal(await spool.get('../../etc/passwd'), undefined);
    assert.throws(() => spool.messagePath('../x'), /not a queue id/);
  });

  it('recovers at open: empties tmp/, drops bytes and state without an envelope, keeps committed ones', async () => {
    const { spool, dir } = await openSpool();
    const kept = await spool.accept(envelope, Readable.from([Buffer.from('kept\r\n')]));
    const orphan = newQueueId(Date.now(), 1);
    const gone = newQueueId(Date.now(), 2);
    await writeFile(join(dir, 'tmp', `${orphan}.eml`), 'half a message');
    await writeFile(join(dir, 'queue', `${orphan}.eml`), 'never got a 250');
    await writeFile(join(dir, 'queue', `${gone}.state.json`), '{}');
    await mkdir(join(dir, 'tmp', 'junk'), { recursive: true });

    const reopened = await Spool.open(dir, log);
    assert.deepEqual(await readdir(join(dir, 'tmp')), []);
    assert.deepEqual((await readdir(join(dir, 'queue'))).sort(), [`${kept.id}.eml`, `${kept.id}.json`]);
    assert.deepEqual(
      (await reopened.list()).map((m) => m.envelope.id),
      [kept.id],
    );
  });

  it('answers only after an fsync of queue/ that started after the message was renamed in, shared by concurrent messages', async () => {
    const dir = await tempDir('spool-test-');
    dirs.push(dir);
    const completed: Set<string>[] = [];
    const MESSAGES = 10;
    let first = true;
    const syncDirectory = async (path: string) => {
      // What this fsync can make durable: the entries present when it starts.
      const present = new Set(readdirSync(path));
      if (first && path.endsWith('queue')) {
        // Hold the first fsync until every message has been renamed in: all of them then arrive
        // while it runs, so none may use it, and they must share the next one.
        first = false;
        for (let i = 0; i < 2000 && readdirSync(path).filter(isEnvelope).length < MESSAGES; i++)
          await new Promise((r) => setTimeout(r, 5));
      }
      const handle = await open(path, 'r');
      await handle.sync();
      await handle.close();
      completed.push(present);
    };
    const spool = await Spool.open(dir.path, log, Date.now, { syncDirectory });
    const before = spool.directorySyncs;
    // The first message takes the first fsync alone; the others arrive while it is held.
    const results = await Promise.all(
      Array.from({ length: MESSAGES }, async (_, i) => {
        const queued = await spool.accept(envelope, Readable.from([Buffer.from(`m${i}\r\n`)]));
        const name = `${queued.id}.json`;
        assert.ok(
          completed.some((present) => present.has(name) && present.has(`${queued.id}.eml`)),
          `${queued.id} was answered before a directory fsync that covered its rename`,
        );
        return queued.id;
      }),
    );
    assert.equal(new Set(results).size, MESSAGES);
    assert.ok(
      spool.directorySyncs - before < MESSAGES,
      `${spool.directorySyncs - before} directory fsyncs for ${MESSAGES} concurrent messages`,
    );
  });

  it('does not commit a message whose directory fsync failed', async () => {
    const dir = await tempDir('spool-test-');
    dirs.push(dir);
    let fail = false;
    const syncDirectory = async () => {
      if (fail) throw new Error('EIO: directory fsync failed');
    };
    const spool = await Spool.open(dir.path, log, Date.now, { syncDirectory });
    fail = true;
    await assert.rejects(spool.accept(envelope, Readable.from([Buffer.from('x\r\n')])), /EIO/);
    assert.deepEqual(await readdir(join(dir.path, 'queue')), []);
    assert.deepEqual(await readdir(join(dir.path, 'tmp')), []);
  });

  it('recovery drops an envelope whose bytes are gone (a removal cut short), with its state', async () => {
    const { spool, dir } = await openSpool();
    const kept = await spool.accept(envelope, Readable.from([Buffer.from('kept\r\n')]));
    const removed = await spool.accept(envelope, Readable.from([Buffer.from('delivered\r\n')]));
    await spool.writeState(removed.id, {
      recipients: [{ address: 'bob@example.org', status: 'delivered', attempts: 1 }],
      attempts: 1,
      nextAttemptAt: '2026-01-01T00:05:00.000Z',
    });
    // As if a crash kept the unlink of the bytes but not that of the envelope.
    await rmFile(spool.messagePath(removed.id));
    const reopened = await Spool.open(dir, log);
    assert.deepEqual((await readdir(join(dir, 'queue'))).sort(), [`${kept.id}.eml`, `${kept.id}.json`]);
    assert.deepEqual(
      (await reopened.list()).map((m) => m.envelope.id),
      [kept.id],
    );
  });
  it('reuses the files of removed messages only after a directory fsync, with the new bytes alone', async () => {
    const { spool, dir } = await openSpool();
    const big = Buffer.alloc(100_000, 'x');
    const a = await spool.accept(envelope, Readable.from([big]));
    await spool.remove(a.id);
    assert.equal((await readdir(join(dir, 'free'))).length, 2, 'envelope and bytes kept for reuse');
    // The removal is not durable yet (no fsync of queue/ since): b gets new files.
    const b = await spool.accept(envelope, Readable.from([Buffer.from('b\r\n')]));
    assert.equal((await readdir(join(dir, 'free'))).length, 2);
    // b's commit fsync'd queue/ after the removal: c reuses a's files, emptied first.
    const cBytes = Buffer.from('Subject: c\r\n\r\nc\r\n');
    const c = await spool.accept(envelope, Readable.from([cBytes]));
    assert.equal((await readdir(join(dir, 'free'))).length, 0, 'both files reused');
    assert.deepEqual(await readFile(spool.messagePath(c.id)), cBytes);
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'queue', `${c.id}.json`), 'utf8')), {
      id: c.id,
      ...envelope,
      size: cBytes.length,
    });
    assert.deepEqual(
      (await spool.list()).map((m) => m.envelope.id),
      [b.id, c.id],
    );
    // At start-up the pool is emptied: after a crash, a removal may not have reached the disk.
    await spool.remove(b.id);
    await Spool.open(dir, log);
    assert.deepEqual(await readdir(join(dir, 'free')), []);
  });

  it('keeps a committed message when a queued listener throws', async () => {
    const { spool } = await openSpool();
    spool.on('queued', () => {
      throw new Error('listener bug');
    });
    const queued = await spool.accept(envelope, Readable.from([Buffer.from('kept\r\n')]));
    assert.deepEqual(await readFile(spool.messagePath(queued.id)), Buffer.from('kept\r\n'));
    assert.deepEqual((await spool.get(queued.id))?.envelope, queued);
  });

  it('writes the state again after a failed state write, and leaves nothing in tmp/', async () => {
    const { spool, dir } = await openSpool();
    const queued = await spool.accept(envelope, Readable.from([Buffer.from('a\r\n')]));
    const state: DeliveryState = {
      recipients: [{ address: 'bob@example.org', status: 'pending', attempts: 1 }],
      attempts: 1,
      nextAttemptAt: '2026-01-01T00:05:00.000Z',
    };
    // A directory where the state file goes makes the rename into queue/ fail.
    const blocker = join(dir, 'queue', `${queued.id}.state.json`);
    await mkdir(blocker);
    await assert.rejects(spool.writeState(queued.id, state));
    assert.deepEqual(await readdir(join(dir, 'tmp')), []);
    await rmFile(blocker, { recursive: true });
    await spool.writeState(queued.id, state);
    assert.deepEqual((await spool.get(queued.id))?.state, state);
  });

  it('keeps the bytes of a small committed message in memory until it is removed', async () => {
    const { spool } = await openSpool();
    const bytes = Buffer.from('Subject: kept\r\n\r\nbody\r\n');
    const queued = await spool.accept(envelope, Readable.from([bytes.subarray(0, 4), bytes.subarray(4)]));
    assert.deepEqual(spool.recentBytes(queued.id), await readFile(spool.messagePath(queued.id)));
    assert.deepEqual(spool.recentBytes(queued.id), bytes);
    await spool.remove(queued.id);
    assert.equal(spool.recentBytes(queued.id), undefined);
  });
});

function isEnvelope(name: string): boolean {
  return name.endsWith('.json') && !name.endsWith('.state.json');
}
