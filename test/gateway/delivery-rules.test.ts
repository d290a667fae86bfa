// The pure decision rules of delivery: schedule, state changes, DSN composition, headers, TLS policy.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeBounce } from '../../gateway/delivery/dsn.ts';
import { receivedHeader, rfc5322Date } from '../../gateway/delivery/headers.ts';
import { replyCode, resultOfReply, statusCode } from '../../gateway/delivery/outcome.ts';
import { isExpired, nextAttemptAt, retryDelaySeconds } from '../../gateway/delivery/schedule.ts';
import { applyAttempt, initialState, isFinal, pendingRecipients } from '../../gateway/delivery/state.ts';
import { configuredPolicies, defaultPolicy, TlsPolicyLookup } from '../../gateway/delivery/tls-policy.ts';
import type { QueuedEnvelope } from '../../gateway/spool.ts';

const policy = { initialSeconds: 300, maxSeconds: 4000, lifetimeHours: 120 };
const envelope: QueuedEnvelope = {
  id: 'ABC123',
  mailFrom: 'alice@example.com',
  rcptTo: ['bob@example.net', 'carol@example.org'],
  size: 100,
  receivedAt: '2026-11-28T00:00:00.000Z',
  client: { address: '209.85.220.41', hostname: 'mail-sor-f41.google.com', helo: 'mail-sor-f41.google.com' },
  tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
};
const t0 = new Date(envelope.receivedAt);
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe('retry schedule', () => {
  it('doubles from initialSeconds up to maxSeconds, with jitter inside +-20%', () => {
    assert.equal(
      retryDelaySeconds(1, policy, () => 0.5),
      300,
    );
    assert.equal(
      retryDelaySeconds(2, policy, () => 0.5),
      600,
    );
    assert.equal(
      retryDelaySeconds(3, policy, () => 0.5),
      1200,
    );
    assert.equal(
      retryDelaySeconds(10, policy, () => 0.5),
      4000,
    );
    assert.equal(
      retryDelaySeconds(2, policy, () => 0),
      480,
    );
    assert.equal(retryDelaySeconds(2, policy, () => 0.999999) > 719, true);
    assert.equal(
      retryDelaySeconds(1, policy, () => 0),
      300,
      'never below initialSeconds',
    );
    assert.equal(
      retryDelaySeconds(50, policy, () => 1),
      4000,
      'never above maxSeconds',
    );
  });

  it('never schedules past the end of the queue lifetime, and expires at it', () => {
    const nearEnd = at(120 * 3600 - 60);
    assert.equal(
      nextAttemptAt(t0, nearEnd, 9, policy, () => 0.5).toISOString(),
      at(120 * 3600).toISOString(),
    );
    assert.equal(isExpired(t0, at(120 * 3600 - 1), policy), false);
    assert.equal(isExpired(t0, at(120 * 3600), policy), true);
  });
});

describe('reply classification', () => {
  it('2xx delivers, 4xx defers, 5xx bounces', () => {
    assert.equal(resultOfReply(250), 'delivered');
    assert.equal(resultOfReply(451), 'deferred');
    assert.equal(resultOfReply(550), 'bounced');
    assert.equal(replyCode('552-5.3.4 too big'), 552);
    assert.equal(replyCode('garbage'), undefined);
    assert.equal(statusCode('550 5.1.1 <x>: no such user', 'bounced'), '5.1.1');
    assert.equal(statusCode('550 no such user', 'bounced'), '5.0.0');
  });
});

describe('delivery state', () => {
  const random = () => 0.5;

  it('tracks each recipient: one delivered, one deferred with its reason and a next attempt', () => {
    const state = initialState(envelope, t0);
    assert.deepEqual(pendingRecipients(state), envelope.rcptTo);
    const result = applyAttempt(
      envelope,
      state,
      [
        { address: 'bob@example.net', result: 'delivered', reason: '250 ok' },
        { address: 'carol@example.org', result: 'deferred', reason: '451 4.3.0 try later' },
      ],
      at(10),
      policy,
      random,
    );
    assert.deepEqual(
      result.state.recipients.map((r) => [r.status, r.attempts]),
      [
        ['delivered', 1],
        ['pending', 1],
      ],
    );
    assert.equal(result.state.attempts, 1);
    assert.equal(result.state.nextAttemptAt, at(310).toISOString());
    assert.equal(result.state.lastError, '451 4.3.0 try later');
    assert.equal(isFinal(result.state), false);
    assert.deepEqual(pendingRecipients(result.state), ['carol@example.org']);
  });

  it('bounces a 5xx at once, and a deferral once the lifetime is over', () => {
    const first = applyAttempt(
      envelope,
      initialState(envelope, t0),
      [
        { address: 'bob@example.net', result: 'bounced', reason: '550 5.1.1 no such user' },
        { address: 'carol@example.org', result: 'deferred', reason: '421 4.4.2 timeout' },
      ],
      at(10),
      policy,
      random,
    );
    assert.deepEqual(
      first.bounced.map((r) => r.address),
      ['bob@example.net'],
    );
    const last = applyAttempt(
      envelope,
      first.state,
      [{ address: 'carol@example.org', result: 'deferred', reason: '421 4.4.2 timeout' }],
      at(120 * 3600),
      policy,
      random,
    );
    assert.equal(last.bounced[0]?.address, 'carol@example.org');
    assert.match(
      last.bounced[0]?.lastError ?? '',
      /^4\.4\.7 message expired after 120 hours.*421 4\.4\.2 timeout/,
    );
    assert.equal(isFinal(last.state), true);
    assert.equal(first.state.recipients[0]?.status, 'bounced', 'a final recipient is never tried again');
    assert.equal(last.state.recipients[0]?.attempts, 1);
  });
});

describe('Received header', () => {
  it('names the client, this relay, the TLS, the queue id and the single recipient', () => {
    const one = { ...envelope, rcptTo: ['bob@example.net'] };
    assert.equal(
      receivedHeader(one, 'relay.example.com'),
      'Received: from mail-sor-f41.google.com (mail-sor-f41.google.com [209.85.220.41])\r\n' +
        '\tby relay.example.com with ESMTPS (TLSv1.3 cipher TLS_AES_256_GCM_SHA384) id ABC123\r\n' +
        '\tfor <bob@example.net>; Sat, 28 Nov 2026 00:00:00 +0000\r\n',
    );
  });
  it('leaves recipients out when there are several, and cannot be broken by a hostile HELO', () => {
    const header = receivedHeader(
      { ...envelope, tls: null, client: { address: '::1', helo: 'x\r\nBcc: y' } },
      'r',
    );
    assert.equal(header.split('\r\n').length, 4);
    assert.match(header, /^Received: from xBcc:y \(\[::1\]\)\r\n\tby r with ESMTP id ABC123\r\n\t; /);
    assert.equal(rfc5322Date(t0), 'Sat, 28 Nov 2026 00:00:00 +0000');
  });
});

describe('RFC 3464 bounce', () => {
  const headers = Buffer.from('From: alice@example.com\r\nSubject: hello\r\n\r\n');
  it('is a multipart/report to the envelope sender with a delivery-status and the original headers', () => {
    const bounce = composeBounce({
      envelope,
      failed: [
        {
          address: 'bob@example.net',
          status: 'bounced',
          attempts: 1,
          lastError: '550 5.1.1 no such user',
          lastAttemptAt: '2026-11-28T00:00:10.000Z',
        },
      ],
      originalHeaders: headers,
      reportingMta: 'relay.example.com',
      now: at(10),
      uniqueId: 'U1',
      remoteHosts: { 'bob@example.net': 'mx.example.net' },
    });
    assert.ok(bounce);
    assert.equal(bounce.mailFrom, '');
    assert.deepEqual(bounce.rcptTo, ['alice@example.com']);
    const text = bounce.message.toString('utf8');
    assert.match(text, /^From: Mail Delivery System <MAILER-DAEMON@relay\.example\.com>\r\n/);
    assert.match(
      text,
      /\r\nContent-Type: multipart\/report; report-type=delivery-status; boundary="=_report_U1"\r\n/,
    );
    const parts = text.split('--=_report_U1');
    assert.equal(parts.length, 5);
    assert.equal(parts[4], '--\r\n');
    assert.match(parts[2] ?? '', /^\r\nContent-Type: message\/delivery-status\r\n/);
    assert.match(
      parts[2] ?? '',
      /\r\nFinal-Recipient: rfc822; bob@example.net\r\nAction: failed\r\nStatus: 5\.1\.1\r\n/,
    );
    assert.match(parts[2] ?? '', /\r\nDiagnostic-Code: smtp; 550 5\.1\.1 no such user\r\n/);
    assert.match(
      parts[3] ?? '',
      /^\r\nContent-Type: text\/rfc822-headers\r\n.*\r\n\r\nFrom: alice@example.com\r\nSubject: hello\r\n\r\n$/s,
    );
    assert.ok(!/[^\r]\n/.test(text), 'CRLF line endings only');
  });

  it('is never sent for a message from the null sender', () => {
    const failed = [
      { address: 'bob@example.net', status: 'bounced' as const, attempts: 1, lastError: '550 no' },
    ];
    assert.equal(
      composeBounce({
        envelope: { ...envelope, mailFrom: '' },
        failed,
        originalHeaders: headers,
        reportingMta: 'r',
        now: t0,
        uniqueId: 'U2',
      }),
      null,
    );
  });
});

describe('TLS policy lookup', () => {
  it('a configured domain overrides the default; ".domain" covers subdomains; first source wins', async () => {
    const lookup = new TlsPolicyLookup([
      configuredPolicies({ 'bank.example': 'verified', '.corp.example': 'required' }),
      defaultPolicy('opportunistic'),
    ]);
    assert.deepEqual(await lookup.lookup('BANK.example'), {
      mode: 'verified',
      source: 'config:bank.example',
    });
    assert.deepEqual(await lookup.lookup('mail.corp.example'), {
      mode: 'required',
      source: 'config:.corp.example',
    });
    assert.equal((await lookup.lookup('corp.example')).mode, 'opportunistic');
    assert.deepEqual(await lookup.lookup('other.example'), { mode: 'opportunistic', source: 'default' });
  });
});
