import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchedSync } from '../../gateway/batched-sync.ts';

/** An fsync stand-in that the test completes by hand, recording when each one started. */
function manualSync() {
  const runs: { resolve(): void; reject(error: Error): void; done: boolean }[] = [];
  const sync = () =>
    new Promise<void>((resolve, reject) => {
      const run = {
        done: false,
        resolve: () => {
          run.done = true;
          resolve();
        },
        reject: (error: Error) => {
          run.done = true;
          reject(error);
        },
      };
      runs.push(run);
    });
  return { runs, sync };
}

const settle = () => new Promise((r) => setImmediate(r));

function track(promise: Promise<void>) {
  const state = { resolved: false, error: undefined as Error | undefined };
  promise.then(
    () => {
      state.resolved = true;
    },
    (error: Error) => {
      state.error = error;
    },
  );
  return state;
}

describe('BatchedSync (group commit)', () => {
  it('lets callers that arrive while an fsync runs share the next one', async () => {
    const { runs, sync } = manualSync();
    const batch = new BatchedSync(sync);
    const first = track(batch.sync());
    await settle();
    assert.equal(runs.length, 1);
    // These arrive while the first fsync runs: it may have started before their changes.
    const waiters = Array.from({ length: 5 }, () => track(batch.sync()));
    await settle();
    assert.equal(runs.length, 1, 'no second fsync while the first runs');
    runs[0]?.resolve();
    await settle();
    assert.equal(first.resolved, true);
    assert.equal(runs.length, 2, 'one more fsync for all five waiters');
    assert.ok(
      waiters.every((w) => !w.resolved),
      'no waiter resolves on an fsync that started before it asked',
    );
    runs[1]?.resolve();
    await settle();
    assert.ok(waiters.every((w) => w.resolved));
    assert.equal(batch.syncs, 2);
    assert.equal(batch.completedThrough, 2);
  });

  it('never resolves a caller before an fsync started after its call has completed', async () => {
    const { runs, sync } = manualSync();
    const batch = new BatchedSync(sync);
    const calls: { state: ReturnType<typeof track>; runsAtCall: number }[] = [];
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 3; i++) calls.push({ state: track(batch.sync()), runsAtCall: runs.length });
      await settle();
      for (const call of calls) {
        if (!call.state.resolved) continue;
        // A resolved caller must have a completed fsync that started after it called.
        const served = runs.slice(call.runsAtCall).some((r) => r.done);
        assert.ok(served, 'resolved without an fsync started after the call');
      }
      runs.at(-1)?.resolve();
      await settle();
    }
    while (runs.some((r) => !r.done)) {
      runs.find((r) => !r.done)?.resolve();
      await settle();
    }
    assert.ok(calls.every((c) => c.state.resolved));
    assert.ok(batch.syncs < calls.length, `${batch.syncs} fsyncs for ${calls.length} callers`);
  });

  it('rejects every waiter of a failed fsync, and the next caller gets a fresh fsync', async () => {
    const { runs, sync } = manualSync();
    const batch = new BatchedSync(sync);
    const first = track(batch.sync());
    await settle();
    const waiters = Array.from({ length: 3 }, () => track(batch.sync()));
    runs[0]?.resolve();
    await settle();
    runs[1]?.reject(new Error('EIO: disk on fire'));
    await settle();
    assert.equal(first.resolved, true);
    assert.equal(batch.completedThrough, 1, 'a failed fsync makes nothing durable');
    for (const w of waiters) {
      assert.equal(w.resolved, false);
      assert.match(String(w.error), /EIO/);
    }
    const later = track(batch.sync());
    await settle();
    assert.equal(runs.length, 3, 'a failure does not stick: the next caller gets its own fsync');
    runs[2]?.resolve();
    await settle();
    assert.equal(later.resolved, true);
  });

  it('rejects the waiters of the first fsync too when it fails', async () => {
    const batch = new BatchedSync(async () => {
      throw new Error('EIO');
    });
    const results = await Promise.allSettled([batch.sync(), batch.sync(), batch.sync()]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'rejected'],
    );
  });
});
