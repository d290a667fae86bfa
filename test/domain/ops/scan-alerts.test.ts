// Alerts from the relay's scan and archive sections: malware or spam from a sender (once per sender
// per hour), a content scanner not answering, archive copies failing past alertAfterMinutes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AlertBook,
  type AlertEvent,
  DEFAULT_THRESHOLDS,
  emptyAlertBook,
  evaluateAlerts,
} from '../../../src/domain/ops/alerts.ts';
import type { RelaySnapshot, ScanFinding } from '../../../src/domain/ops/relay-snapshot.ts';
import { wordedPhrase } from '../../support/outcome-text.ts';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

function snapshot(at: number, extra: Partial<RelaySnapshot> = {}): RelaySnapshot {
  return { relay: 'a', at, reachable: true, queue: { messages: 0 }, allowlist: { size: 20 }, ...extra };
}

function withFindings(at: number, findings: ScanFinding[]): RelaySnapshot {
  return snapshot(at, { scan: { scanners: [{ name: 'clamd', ok: true }], findings } });
}

const virus = (at: number, sender: string): ScanFinding => ({
  at,
  sender,
  kind: 'virus',
  detail: 'clamd: Win.Test.EICAR_HDB-1',
  refused: true,
});

function run(snapshots: RelaySnapshot[], book: AlertBook = emptyAlertBook()) {
  const events: AlertEvent[] = [];
  for (const s of snapshots) {
    const result = evaluateAlerts(book, s, DEFAULT_THRESHOLDS);
    book = result.book;
    events.push(...result.events);
  }
  return { events, book };
}

const summary = (events: AlertEvent[]) => events.map((e) => `${e.type} ${e.alert.kind} ${e.alert.key}`);

describe('scan and archive alerts', () => {
  it('alerts once per sender per hour, naming the sender and what was found', () => {
    const first = virus(T0, 'mallory@example.com');
    const { events } = run([
      withFindings(T0 + MIN, [first]),
      // More findings from the same sender within the hour: no second alert.
      withFindings(T0 + 10 * MIN, [first, virus(T0 + 9 * MIN, 'Mallory@example.com')]),
      // Another sender: its own alert.
      withFindings(T0 + 20 * MIN, [
        first,
        virus(T0 + 9 * MIN, 'mallory@example.com'),
        virus(T0 + 19 * MIN, 'eve@example.com'),
      ]),
      // An hour after mallory's last finding: resolved; eve's still open.
      withFindings(T0 + 70 * MIN, [virus(T0 + 19 * MIN, 'eve@example.com')]),
      // mallory again after that: a new alert.
      withFindings(T0 + 75 * MIN, [
        virus(T0 + 19 * MIN, 'eve@example.com'),
        virus(T0 + 74 * MIN, 'mallory@example.com'),
      ]),
    ]);
    assert.deepEqual(summary(events), [
      'raise outbound-malware a:outbound-malware:mallory@example.com',
      'raise outbound-malware a:outbound-malware:eve@example.com',
      'resolve outbound-malware a:outbound-malware:mallory@example.com',
      'raise outbound-malware a:outbound-malware:mallory@example.com',
    ]);
    const raised = events[0];
    assert.match(
      wordedPhrase(raised?.alert.detail),
      /mallory@example\.com sent 1 message in the last hour with virus \(clamd: Win\.Test\.EICAR_HDB-1\); 1 refused/,
    );
    assert.match(wordedPhrase(raised?.alert.remedy), /compromised account/);
  });

  it('raises and resolves a content scanner that does not answer', () => {
    const down = snapshot(T0, {
      scan: {
        scanners: [{ name: 'clamd', ok: false, error: 'clamd at 127.0.0.1:3310: ECONNREFUSED' }],
        findings: [],
      },
    });
    const up = snapshot(T0 + MIN, { scan: { scanners: [{ name: 'clamd', ok: true }], findings: [] } });
    const { events } = run([down, down, up]);
    assert.deepEqual(summary(events), [
      'raise scanner-down a:scanner-down',
      'resolve scanner-down a:scanner-down',
    ]);
    assert.match(wordedPhrase(events[0]?.alert.detail), /clamd: clamd at 127\.0\.0\.1:3310: ECONNREFUSED/);
  });

  it('raises an archive alert only once the relay says copies failed longer than alertAfterMinutes', () => {
    const archive = (alert: boolean) =>
      snapshot(T0, {
        archive: {
          archived: 3,
          pending: 2,
          failing: 2,
          alert,
          lastError: 'smtp:archive:25: ECONNREFUSED',
          destination: 'smtp:archive:25',
        },
      });
    const { events } = run([
      archive(false),
      archive(true),
      archive(true),
      snapshot(T0, { archive: { archived: 5, pending: 0, failing: 0, alert: false } }),
    ]);
    assert.deepEqual(summary(events), [
      'raise archive-failing a:archive-failing',
      'resolve archive-failing a:archive-failing',
    ]);
    assert.match(
      wordedPhrase(events[0]?.alert.detail),
      /2 archive copies fail to smtp:archive:25: smtp:archive:25: ECONNREFUSED/,
    );
  });
});
