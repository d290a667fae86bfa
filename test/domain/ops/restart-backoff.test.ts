import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffSchedule, DEFAULT_BACKOFF, decideRestart } from '../../../src/domain/ops/restart-backoff.ts';

const policy = { initialDelayMs: 1000, maxDelayMs: 30_000, factor: 2, stableAfterMs: 60_000 };

describe('restart backoff', () => {
  it('doubles up to the cap', () => {
    assert.deepEqual(backoffSchedule(policy, 7), [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('grows while crashes come quickly and resets after a stable run', () => {
    let history = { consecutiveCrashes: 0 };
    const delays: number[] = [];
    let t = 0;
    for (let i = 0; i < 4; i++) {
      const d = decideRestart(policy, history, { startedAt: t, exitedAt: t + 500 });
      delays.push(d.delayMs);
      history = d.history;
      t += 500 + d.delayMs;
    }
    assert.deepEqual(delays, [1000, 2000, 4000, 8000]);
    assert.equal(history.consecutiveCrashes, 4);

    const afterStable = decideRestart(policy, history, { startedAt: t, exitedAt: t + 60_000 });
    assert.equal(afterStable.delayMs, 1000);
    assert.equal(afterStable.attempt, 1);
    assert.deepEqual(afterStable.history, { consecutiveCrashes: 1 });

    const justShort = decideRestart(policy, history, { startedAt: t, exitedAt: t + 59_999 });
    assert.equal(justShort.delayMs, 16_000);
    assert.equal(justShort.attempt, 5);
  });

  it('never overflows on a long crash loop', () => {
    const d = decideRestart(DEFAULT_BACKOFF, { consecutiveCrashes: 5000 }, { startedAt: 0, exitedAt: 1 });
    assert.equal(d.delayMs, DEFAULT_BACKOFF.maxDelayMs);
  });
});
