// Propagation tracking on several replicas: rounds run only on the replica holding the lease; when it
// stops (releasing the lease) the other one's rounds start.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ChangeService } from '../../src/changes/change-service.ts';
import { attachTracker } from '../../src/propagation/attach.ts';
import type { PropagationTracker } from '../../src/propagation/tracker.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { waitFor } from '../support/wait.ts';

/** A tracker that only counts its rounds. */
function countingTracker() {
  const counter = { rounds: 0 };
  const tracker = {
    tick: async () => {
      counter.rounds++;
    },
    settled: async () => undefined,
    watch: () => undefined,
  } as unknown as PropagationTracker;
  return { counter, tracker };
}

const service = { onTransition: () => undefined } as unknown as Pick<ChangeService, 'onTransition'>;

describe('propagation tracking with a lease', () => {
  it('runs rounds on one replica at a time and hands over when the holder stops', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'attach-lease-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const replica = (name: string) => {
      const store = openSqliteStore(join(dir, 'bot.db'));
      t.after(() => store.close());
      const { counter, tracker } = countingTracker();
      const handle = attachTracker(service, tracker, {
        intervalMs: 10,
        lease: {
          acquire: () => store.leases.acquire('propagation', name, 60_000),
          release: () => store.leases.release('propagation', name),
        },
      });
      t.after(() => handle.stop());
      return { counter, handle };
    };
    const one = replica('one');
    await waitFor(() => one.counter.rounds >= 3, 'rounds on the first replica');
    const two = replica('two');
    const seen = one.counter.rounds;
    await waitFor(() => one.counter.rounds >= seen + 5, 'more rounds on the holder');
    assert.equal(two.counter.rounds, 0, 'the second replica waits while the lease is held');
    await one.handle.stop();
    await waitFor(() => two.counter.rounds >= 3, 'the second replica takes over once the lease is released');
    const stopped = one.counter.rounds;
    await waitFor(() => two.counter.rounds >= 6, 'more rounds on the new holder');
    assert.equal(one.counter.rounds, stopped, 'a stopped replica runs no round');
  });
});
