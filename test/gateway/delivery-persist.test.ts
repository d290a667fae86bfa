// Saving delivery state: a failed write is retried with backoff (never two writes of one message at
// once, always the latest state), and shows in the status and metrics; a bounce that cannot be queued
// puts its recipients back to pending.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatePersister } from '../../gateway/delivery/persister.ts';
import { applyAttempt, initialState, reopen } from '../../gateway/delivery/state.ts';
import { MetricsRegistry } from '../../gateway/metrics.ts';
import type { QueuedEnvelope } from '../../gateway/spool.ts';

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

function waitUntil(check: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const poll = () => {
      if (check()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`gave up waiting for ${what}`));
      setTimeout(poll, 5);
    };
    poll();
  });
}

describe('delivery state persister', () => {
  it('retries a failed write until it succeeds, counting failures and unsaved messages', async () => {
    const metrics = new MetricsRegistry();
    let failuresLeft = 3;
    const written: string[] = [];
    const failures: number[] = [];
    const persister = new StatePersister({
      save: async (id) => {
        if (failuresLeft-- > 0) throw enospc();
        written.push(id);
      },
      onFailure: (_id, _error, retryInMs) => failures.push(retryInMs),
      metrics,
      initialRetryMs: 5,
      maxRetryMs: 20,
    });
    await persister.save('A');
    assert.deepEqual(persister.status().unsaved, 1);
    assert.match(persister.status().lastError ?? '', /^ENOSPC: no space left/);
    assert.ok(persister.isUnsaved('A'));
    assert.match(await metrics.render(), /^relay_delivery_state_unsaved 1$/m);
    await waitUntil(() => written.length === 1, 'the write to succeed');
    assert.deepEqual(written, ['A']);
    assert.deepEqual(failures, [5, 10, 20], 'backoff doubles up to maxRetryMs');
    assert.equal(persister.status().unsaved, 0);
    assert.equal(persister.status().failures, 3);
    assert.match(await metrics.render(), /^relay_delivery_state_write_failures_total 3$/m);
    persister.stop();
  });

  it('never runs two writes of one message at once; a save during a write is followed by another', async () => {
    let running = 0;
    let most = 0;
    let version = 1;
    const saved: number[] = [];
    const persister = new StatePersister({
      save: async () => {
        running++;
        most = Math.max(most, running);
        const seen = version;
        await new Promise((resolve) => setTimeout(resolve, 10));
        saved.push(seen);
        running--;
      },
      onFailure: () => {},
      metrics: new MetricsRegistry(),
    });
    const first = persister.save('A');
    version = 2;
    const second = persister.save('A');
    version = 3;
    const third = persister.save('A');
    await Promise.all([first, second, third]);
    assert.equal(most, 1);
    assert.deepEqual(saved, [1, 3], 'the write after the running one saves the latest state');
  });

  it('writes what is unsaved once more on saveUnsaved() (shutdown), and stops retrying after stop()', async () => {
    let calls = 0;
    let failing = true;
    const persister = new StatePersister({
      save: async () => {
        calls++;
        if (failing) throw enospc();
      },
      onFailure: () => {},
      metrics: new MetricsRegistry(),
      initialRetryMs: 60_000,
    });
    await persister.save('A');
    assert.equal(persister.status().unsaved, 1);
    failing = false;
    await persister.saveUnsaved();
    assert.equal(persister.status().unsaved, 0);
    assert.equal(calls, 2);

    failing = true;
    const retrying = new StatePersister({
      save: async () => {
        calls++;
        throw enospc();
      },
      onFailure: () => {},
      metrics: new MetricsRegistry(),
      initialRetryMs: 5,
    });
    calls = 0;
    await retrying.save('B');
    retrying.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(calls, 1);
  });
});

describe('a bounce that cannot be queued', () => {
  const envelope: QueuedEnvelope = {
    id: 'ABC123',
    mailFrom: 'alice@example.com',
    rcptTo: ['bob@example.net', 'carol@example.org'],
    size: 100,
    receivedAt: '2026-11-28T00:00:00.000Z',
    client: { address: '127.0.0.1', helo: 'client.example.com' },
    tls: null,
  };
  const policy = { initialSeconds: 300, maxSeconds: 4000, lifetimeHours: 1 };

  it('puts the failed recipients back to pending, keeps the delivered one, and waits before retrying', () => {
    // Two hours after receipt: past the lifetime, so nextAttemptAt() would be due at once.
    const now = new Date(Date.parse(envelope.receivedAt) + 2 * 3_600_000);
    const attempt = applyAttempt(
      envelope,
      initialState(envelope, now),
      [
        { address: 'bob@example.net', result: 'delivered', reason: '250 ok' },
        { address: 'carol@example.org', result: 'bounced', reason: '550 5.1.1 no such user' },
      ],
      now,
      policy,
      () => 0.5,
    );
    const state = reopen(attempt.state, attempt.bounced, now, policy, () => 0.5);
    assert.deepEqual(
      state.recipients.map((r) => [r.address, r.status, r.lastError]),
      [
        ['bob@example.net', 'delivered', undefined],
        ['carol@example.org', 'pending', '550 5.1.1 no such user'],
      ],
    );
    assert.ok(Date.parse(state.nextAttemptAt) >= now.getTime() + 300_000, state.nextAttemptAt);
  });
});
