import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupDeferred } from '../../../src/domain/ops/deferred-groups.ts';
import {
  deferredCheck,
  dkimCheck,
  dnsCheck,
  propagationCheck,
  rejectionsCheck,
  relayHealthCheck,
  spfCheck,
  tlsCheck,
} from '../../../src/domain/ops/diagnose-checks.ts';
import {
  type CheckOutcome,
  countByStatus,
  finishCheck,
  newReport,
  reportStatus,
} from '../../../src/domain/ops/diagnose-report.ts';
import { phrase, raw } from '../../../src/i18n/phrase.ts';
import { worded } from '../../support/outcome-text.ts';

const T0 = Date.UTC(2026, 0, 1);

const remedyOf = (outcome: CheckOutcome): string => worded(outcome).remedy;
const summaryOf = (outcome: CheckOutcome): string => worded(outcome).summary;
const detailsOf = (outcome: CheckOutcome): string[] => worded(outcome).details;

describe('diagnose report', () => {
  it('is running until every check is done, then takes the worst status', () => {
    let report = newReport(
      { kind: 'route', name: 'primary' },
      [
        { id: 'a', title: raw('A') },
        { id: 'b', title: raw('B') },
      ],
      T0,
    );
    assert.equal(reportStatus(report), 'running');
    report = finishCheck(
      report,
      'b',
      { status: 'warn', summary: raw('meh'), remedies: [raw('do x')] },
      12.4,
      T0 + 12,
    );
    assert.equal(reportStatus(report), 'running');
    assert.equal(report.finishedAt, undefined);
    report = finishCheck(report, 'a', { status: 'pass', summary: raw('ok') }, 30, T0 + 30);
    assert.equal(reportStatus(report), 'warn');
    assert.equal(report.finishedAt, T0 + 30);
    assert.equal(report.checks[1]?.durationMs, 12);
    assert.deepEqual(countByStatus(report), { pass: 1, warn: 1, fail: 0, pending: 0 });
    assert.throws(
      () => finishCheck(report, 'zz', { status: 'pass', summary: raw('') }, 1, T0),
      /no check "zz"/,
    );
  });
});

describe('diagnose checks', () => {
  it("TLS: a paused relay is named as the cause, not Google's ranges", () => {
    const turnedAway = {
      verdict: 'bounce' as const,
      summary: raw('Mail to 127.0.0.1 port 2525 would bounce: it answered 421'),
      remedies: [
        "allow Google's mail servers (the ranges in the TXT record of _spf.google.com) to connect",
      ].map(raw),
      warnings: [],
      targets: [{ label: '127.0.0.1:2525' }],
    };
    const paused = tlsCheck(turnedAway, { pausedRelay: 'mx1' });
    assert.equal(paused.status, 'fail');
    assert.match(summaryOf(paused), /the relay mx1 is paused/);
    assert.match(remedyOf(paused), /\/gateway relay resume --relay mx1/);
    assert.doesNotMatch(remedyOf(paused), /_spf\.google\.com/);
    assert.match(remedyOf(tlsCheck(turnedAway)), /_spf\.google\.com/);
  });

  it('TLS: bounce fails with the test remedies; an expiring certificate warns', () => {
    const bounce = tlsCheck({
      verdict: 'bounce',
      summary: raw('mail would bounce: self-signed certificate'),
      remedies: ['install a certificate from a public CA', 'turn off "require CA-signed"'].map(raw),
      warnings: [],
      targets: [{ label: 'mx.example.com [127.0.0.1]:25', certificate: { daysToExpiry: 80 } }],
    });
    assert.equal(bounce.status, 'fail');
    assert.deepEqual(worded(bounce).remedies, [
      'install a certificate from a public CA',
      'turn off "require CA-signed"',
    ]);
    const soon = tlsCheck({
      verdict: 'deliver',
      summary: raw('mail would be delivered'),
      remedies: [],
      warnings: [],
      targets: [{ label: 'mx1', certificate: { daysToExpiry: 5 } }],
    });
    assert.equal(soon.status, 'warn');
    assert.match(remedyOf(soon), /renew the certificate of mx1/);
    assert.equal(
      tlsCheck({
        verdict: 'deliver',
        summary: raw('ok'),
        remedies: [],
        warnings: [],
        targets: [{ label: 'x', certificate: { daysToExpiry: 60 } }],
      }).status,
      'pass',
    );
  });

  it('DNS: names without records fail with what to publish', () => {
    const fail = dnsCheck({
      host: 'relay.example.com',
      isIp: false,
      mxLookup: true,
      addresses: [],
      error: phrase('check.dns.lookupError.nxdomain'),
    });
    assert.equal(fail.status, 'fail');
    assert.match(summaryOf(fail), /no usable MX records \(NXDOMAIN: the name does not exist\)/);
    assert.match(remedyOf(fail), /publish MX records for relay.example.com/);
    assert.equal(dnsCheck({ host: '192.0.2.1', isIp: true, mxLookup: false, addresses: [] }).status, 'pass');
    const pass = dnsCheck({
      host: 'example.com',
      isIp: false,
      mxLookup: true,
      mx: [{ exchange: 'mx1.example.com', priority: 10 }],
      addresses: ['192.0.2.1'],
    });
    assert.deepEqual(worded(pass), {
      remedy: '',
      remedies: [],
      status: 'pass',
      summary: 'example.com resolves to 192.0.2.1',
      details: ['MX 10 mx1.example.com'],
    });
  });

  it('relay health: unreachable fails, paused warns, a healthy fleet passes', () => {
    const up = {
      relay: 'a',
      at: T0,
      reachable: true,
      uptimeSeconds: 600,
      allowlist: { size: 12 },
      queue: { messages: 0 },
    };
    assert.equal(relayHealthCheck([up, { ...up, relay: 'b' }]).status, 'pass');
    assert.match(summaryOf(relayHealthCheck([up, { ...up, relay: 'b' }])), /all 2 relays answer/);
    const paused = relayHealthCheck([{ ...up, paused: true }]);
    assert.equal(paused.status, 'warn');
    assert.match(remedyOf(paused), /relay resume --relay a/);
    const down = relayHealthCheck([up, { relay: 'b', at: T0, reachable: false, error: 'timeout' }]);
    assert.equal(down.status, 'fail');
    assert.match(detailsOf(down).join('\n'), /b: unreachable: timeout/);
    assert.equal(relayHealthCheck([{ ...up, allowlist: { size: 0 } }]).status, 'fail');
    const expiring = relayHealthCheck([{ ...up, certNotAfter: T0 + 5 * 86_400_000 }]);
    assert.equal(expiring.status, 'warn');
    assert.match(detailsOf(expiring)[0] ?? '', /certificate expires in 5 days/);
    assert.match(remedyOf(expiring), /a: renew its certificate/);
    assert.equal(relayHealthCheck([{ ...up, certNotAfter: T0 - 86_400_000 }]).status, 'fail');
    assert.equal(relayHealthCheck([{ ...up, certNotAfter: T0 + 60 * 86_400_000 }]).status, 'pass');
    assert.equal(relayHealthCheck([]).status, 'warn');
  });

  it('rejections: foreign sender domains fail, scanners warn, each with a remedy', () => {
    assert.equal(
      summaryOf(rejectionsCheck({ 'sender-domain': 0 }, 'day')),
      'no refusals in the last 24 hours',
    );
    const result = rejectionsCheck(
      { 'client-not-allowed': 7, 'sender-domain': 2, 'bare-newline': 1 },
      'sinceStart',
    );
    assert.equal(result.status, 'fail');
    assert.match(
      summaryOf(result),
      /^10 refusals since the relay started: 2 sender-domain, 7 client-not-allowed, 1 bare-newline$/,
    );
    const remedy = remedyOf(result);
    assert.match(remedy, /add it to `senders`/);
    assert.match(remedy, /allow\.cidrs/);
    assert.match(remedy, /without CRLF/);
    assert.equal(rejectionsCheck({ 'message-too-large': 1 }, 'day').status, 'warn');
  });

  it('deferred mail: grouped by destination with a remedy for the kind of error', () => {
    const groups = groupDeferred(
      [
        {
          receivedAt: T0 - 600_000,
          recipients: [
            {
              address: 'a@slow.example',
              status: 'pending',
              attempts: 2,
              lastError: 'connect ECONNREFUSED 192.0.2.9:25',
            },
            { address: 'b@ok.example', status: 'delivered', attempts: 1 },
            { address: 'c@new.example', status: 'pending', attempts: 0 },
          ],
        },
        {
          receivedAt: T0 - 60_000,
          recipients: [
            { address: 'd@Slow.example', status: 'pending', attempts: 1, lastError: '421 4.7.0 try later' },
          ],
        },
      ],
      T0,
    );
    assert.deepEqual(groups, [
      { destination: 'slow.example', messages: 2, oldestAgeSeconds: 600, lastError: '421 4.7.0 try later' },
    ]);
    const result = deferredCheck(groups);
    assert.equal(result.status, 'fail');
    assert.match(summaryOf(result), /2 messages deferred to slow.example/);
    assert.match(detailsOf(result)[0] ?? '', /slow.example: 2 messages, oldest 10 min: 421 4.7.0 try later/);
    assert.match(remedyOf(result), /greylisting.*relay flush/);
    const tls = deferredCheck([
      {
        destination: 'bank.example',
        messages: 1,
        lastError: 'TLS handshake failed: self-signed certificate',
      },
    ]);
    assert.match(remedyOf(tls), /TLS to the destination fails/);
    assert.equal(summaryOf(deferredCheck([])), 'no deferred mail');
    assert.equal(deferredCheck([]).status, 'pass');
  });

  it('DKIM: a low pass rate fails and names what breaks signatures', () => {
    assert.equal(dkimCheck({ pass: 99, fail: 1 }).status, 'pass');
    assert.equal(dkimCheck({ pass: 0, fail: 0 }).status, 'pass');
    assert.equal(dkimCheck({ pass: 93, fail: 7 }).status, 'warn');
    const bad = dkimCheck({ pass: 1, fail: 3 });
    assert.equal(bad.status, 'fail');
    assert.match(summaryOf(bad), /25% of DKIM signatures verify/);
    assert.match(remedyOf(bad), /modifies messages/);
  });

  it('SPF: a sender domain without the relay address fails with the mechanism to add', () => {
    const result = spfCheck([
      { domain: 'example.com', address: '198.51.100.7', result: 'pass' },
      { domain: 'example.org', address: '198.51.100.7', result: 'softfail' },
    ]);
    assert.equal(result.status, 'fail');
    assert.match(summaryOf(result), /for example.org/);
    assert.match(remedyOf(result), /add `ip4:198\.51\.100\.7` to the SPF record of example\.org/);
    assert.equal(
      spfCheck([{ domain: 'example.com', address: '2001:db8::1', result: 'pass' }]).status,
      'pass',
    );
  });

  it('propagation: stalled fails, applied waits, live passes', () => {
    const now = T0 + 3 * 3_600_000;
    assert.equal(propagationCheck(undefined, now).status, 'pass');
    assert.equal(propagationCheck({ change: 7, state: 'live', since: T0 }, now).status, 'pass');
    assert.match(
      summaryOf(propagationCheck({ change: 7, state: 'applied', since: T0 }, now)),
      /^change #7: applied 3 h ago/,
    );
    const stalled = propagationCheck({ change: 7, state: 'stalled', since: T0 }, now);
    assert.equal(stalled.status, 'fail');
    assert.match(remedyOf(stalled), /Admin console/);
  });
});
