import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AlertBook,
  type AlertEvent,
  DEFAULT_THRESHOLDS,
  emptyAlertBook,
  evaluateAlerts,
} from '../../../src/domain/ops/alerts.ts';
import type { RelayCounters, RelaySnapshot } from '../../../src/domain/ops/relay-snapshot.ts';
import { wordedPhrase } from '../../support/outcome-text.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

function healthy(at: number, extra: Partial<RelaySnapshot> = {}): RelaySnapshot {
  return {
    relay: 'a',
    at,
    reachable: true,
    queue: { messages: 0 },
    counters: counters(0, 0),
    allowlist: { size: 20 },
    certNotAfter: T0 + 90 * DAY,
    ...extra,
  };
}

function counters(delivered: number, deferred: number): RelayCounters {
  return { accepted: delivered + deferred, delivered, deferred, bounced: 0, rejected: {} };
}

/** Feeds snapshots in order and returns every event. */
function run(
  snapshots: RelaySnapshot[],
  book: AlertBook = emptyAlertBook(),
): { events: AlertEvent[]; book: AlertBook } {
  const events: AlertEvent[] = [];
  for (const s of snapshots) {
    const result = evaluateAlerts(book, s, DEFAULT_THRESHOLDS);
    book = result.book;
    events.push(...result.events);
  }
  return { events, book };
}

const summary = (events: AlertEvent[]) => events.map((e) => `${e.type} ${e.alert.kind}`);

describe('alert rules', () => {
  it('raises nothing on a healthy relay', () => {
    assert.deepEqual(run([healthy(T0), healthy(T0 + 60_000)]).events, []);
  });

  it('raises the queue-age alert once while it lasts and resolves it once', () => {
    const old = (at: number, age: number) => healthy(at, { queue: { messages: 4, oldestAgeSeconds: age } });
    const { events, book } = run([
      old(T0, 3599),
      old(T0 + 1000, 3600),
      old(T0 + 2000, 4000),
      old(T0 + 3000, 5000),
      healthy(T0 + 4000),
      healthy(T0 + 5000),
    ]);
    assert.deepEqual(summary(events), ['raise queue-age', 'resolve queue-age']);
    const raise = events[0];
    assert.equal(raise?.type === 'raise' && raise.alert.raisedAt, T0 + 1000);
    assert.match(wordedPhrase(raise?.alert.detail), /60 min old \(limit 60 min\), 4 queued/);
    assert.match(wordedPhrase(raise?.alert.remedy), /relay queue/);
    assert.deepEqual(book.active, {});
  });

  it('needs consecutive failures for unreachable, keeps other alerts while blind, resolves on answer', () => {
    const down = (at: number) => ({
      relay: 'a',
      at,
      reachable: false,
      error: 'cannot connect (ECONNREFUSED)',
    });
    const { events } = run([
      healthy(T0, { queue: { messages: 1, oldestAgeSeconds: 7200 } }),
      down(T0 + 1000),
      down(T0 + 2000),
      down(T0 + 3000),
      healthy(T0 + 4000, { queue: { messages: 1, oldestAgeSeconds: 7300 } }),
      healthy(T0 + 5000),
    ]);
    assert.deepEqual(summary(events), [
      'raise queue-age',
      'raise relay-unreachable',
      'resolve relay-unreachable',
      'resolve queue-age',
    ]);
    assert.match(
      wordedPhrase(events[1]?.alert.detail),
      /2 reads in a row failed: cannot connect \(ECONNREFUSED\)/,
    );
  });

  it('detects a deferral spike from counter deltas and ignores counter resets and small samples', () => {
    const { events } = run([
      healthy(T0, { counters: counters(100, 0) }),
      healthy(T0 + 60_000, { counters: counters(101, 3) }), // 3 of 4: too few attempts
      healthy(T0 + 120_000, { counters: counters(105, 13) }), // 10 of 14 deferred
      healthy(T0 + 180_000, { counters: counters(1, 1) }), // relay restarted: no decision
      healthy(T0 + 240_000, { counters: counters(21, 2) }), // 1 of 21
    ]);
    assert.deepEqual(summary(events), ['raise deferral-spike', 'resolve deferral-spike']);
    assert.match(
      wordedPhrase(events[0]?.alert.detail),
      /10 of 14 delivery attempts deferred \(71%, limit 50%\)/,
    );
  });

  it('raises allowlist refresh failures and certificate expiry per relay', () => {
    const { events, book } = run([
      healthy(T0, { allowlist: { size: 20, error: 'SERVFAIL for _spf.google.com' } }),
      healthy(T0, { relay: 'b', certNotAfter: T0 + 13 * DAY }),
      healthy(T0 + DAY, { relay: 'b', certNotAfter: T0 + 13 * DAY }),
      healthy(T0 + 2 * DAY, { relay: 'b', certNotAfter: T0 + 365 * DAY }),
    ]);
    assert.deepEqual(summary(events), [
      'raise allowlist-refresh',
      'raise cert-expiry',
      'resolve cert-expiry',
    ]);
    assert.equal(events[1]?.alert.relay, 'b');
    assert.match(wordedPhrase(events[1]?.alert.detail), /expires in 13 days/);
    assert.deepEqual(Object.keys(book.active), ['a:allowlist-refresh']);
  });

  it('says an expired certificate is expired', () => {
    const { events } = run([healthy(T0, { certNotAfter: T0 - 3 * DAY })]);
    assert.match(wordedPhrase(events[0]?.alert.detail), /expired 3 days ago/);
  });
});
