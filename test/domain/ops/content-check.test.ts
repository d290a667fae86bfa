import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentCheck } from '../../../src/domain/ops/content-check.ts';
import type { RelaySnapshot } from '../../../src/domain/ops/relay-snapshot.ts';
import { worded } from '../../support/outcome-text.ts';

const at = Date.parse('2026-12-04T12:00:00Z');

function relay(extra: Partial<RelaySnapshot>): RelaySnapshot {
  return { relay: 'gw1', at, reachable: true, ...extra };
}

const healthyScan: RelaySnapshot['scan'] = {
  scanners: [{ name: 'clamd', ok: true }],
  lastDay: { clean: 120, virus: 0, spam: 0, error: 0 },
  findings: [],
};

describe('diagnose: scanning and archive', () => {
  it('passes without detail when no relay scans or archives', () => {
    const outcome = worded(contentCheck([relay({})]));
    assert.equal(outcome.status, 'pass');
    assert.match(outcome.summary, /not configured/);
  });

  it("shows each scanner's health, the last day's verdicts and the archive counts", () => {
    const outcome = worded(
      contentCheck([
        relay({ scan: healthyScan, archive: { archived: 120, pending: 0, failing: 0, alert: false } }),
      ]),
    );
    assert.equal(outcome.status, 'pass');
    assert.deepEqual(outcome.details, [
      'gw1: clamd answers; last day: 120 clean, 0 virus, 0 spam, 0 error; archive: 120 copied, 0 pending, 0 failing',
    ]);
  });

  it('fails when a scanner is down, naming it and what mail gets meanwhile', () => {
    const outcome = worded(
      contentCheck([
        relay({
          scan: { ...healthyScan, scanners: [{ name: 'clamd', ok: false, error: 'connect ECONNREFUSED' }] },
        }),
      ]),
    );
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.details?.[0] ?? '', /clamd DOWN \(connect ECONNREFUSED\)/);
    assert.match(outcome.remedy, /451 4\.7\.1/);
  });

  it('warns about findings and names the senders whose accounts to check', () => {
    const outcome = worded(
      contentCheck([
        relay({
          scan: {
            ...healthyScan,
            findings: [
              {
                at,
                sender: 'mallory@example.com',
                kind: 'virus',
                detail: 'clamd: Eicar-Signature',
                refused: true,
              },
              { at, sender: 'mallory@example.com', kind: 'spam', detail: 'rspamd: reject', refused: true },
            ],
          },
        }),
      ]),
    );
    assert.equal(outcome.status, 'warn');
    assert.match(outcome.details?.[0] ?? '', /malware or spam from mallory@example\.com; no archive copy$/);
    assert.match(outcome.remedy, /accounts of mallory@example\.com/);
  });

  it('fails when archive copies have failed past the alert threshold, and says nothing is lost', () => {
    const outcome = worded(
      contentCheck([
        relay({
          archive: {
            destination: 'smtp://archive.example.net:25',
            archived: 3,
            pending: 7,
            failing: 7,
            alert: true,
            lastError: '421 try later',
          },
        }),
      ]),
    );
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.details?.[0] ?? '', /7 failing.*last archive error: 421 try later/);
    assert.match(outcome.remedy, /archive\.example\.net.*nothing is lost/);
  });

  it('leaves unreachable relays to the relay health check', () => {
    const outcome = worded(contentCheck([{ relay: 'gw2', at, reachable: false, error: 'timeout' }]));
    assert.equal(outcome.status, 'pass');
  });
});
