// The relay end to end: SMTP in, spool, delivery out to real next hops on loopback.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { DeliveryExtension } from '../../gateway/delivery/extension.ts';
import type { AttemptEvent, DeliveryQueue } from '../../gateway/delivery/queue.ts';
import { TestDnsServer } from '../support/dns-server.ts';
import { issueCertificate } from '../support/pki.ts';
import { stripFirstHeader, TestSink } from '../support/smtp-sink.ts';
import { control, sendMail, startTestRelay, type TestRelay, tempDir } from './harness.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function sink(options: Parameters<typeof TestSink.start>[0] = {}): Promise<TestSink> {
  const s = await TestSink.start(options);
  cleanups.push(() => s.close());
  return s;
}

async function relayWith(
  delivery: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  tlsCa?: string,
) {
  const extension = new DeliveryExtension(tlsCa ? { tlsCa } : {});
  const relay = await startTestRelay(
    { delivery: { connectionIdleSeconds: 0, timeoutSeconds: 10, ...delivery }, ...extra },
    { extensions: [extension] },
  );
  cleanups.push(() => relay.stop());
  const queue = extension.queue;
  assert.ok(queue);
  return { relay, queue };
}

function smarthost(port: number, extra: Record<string, unknown> = {}) {
  return { mode: 'smarthost', smarthost: { host: '127.0.0.1', port }, ...extra };
}

/** Resolves with the next attempt event for which `match` holds. */
function nextAttempt(queue: DeliveryQueue, match: (e: AttemptEvent) => boolean = () => true) {
  return new Promise<AttemptEvent>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no delivery attempt within 20 s')), 20_000);
    const listener = (event: AttemptEvent) => {
      if (!match(event)) return;
      clearTimeout(timer);
      queue.off('attempt', listener);
      resolve(event);
    };
    queue.on('attempt', listener);
  });
}

async function send(relay: TestRelay, to: string[], message: Buffer, from = 'alice@example.com') {
  const result = await sendMail({ port: relay.smtpPort, from, to, message });
  assert.equal(result.code, 250, result.response);
  return result.response.match(/queued as ([0-9A-Za-z]+)/)?.[1] as string;
}

function message(subject: string, body: string[] = ['hello']): Buffer {
  return Buffer.from(
    [
      'From: Alice <alice@example.com>',
      'To: bob@example.net',
      `Subject: ${subject}`,
      `Message-ID: <${subject.replace(/\W/g, '')}@example.com>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      ...body,
      '',
    ].join('\r\n'),
    'utf8',
  );
}

/** Splits a multipart/report into its parts and parses the delivery-status fields. */
function parseReport(bytes: Buffer) {
  const text = bytes.toString('utf8');
  const boundary = text.match(
    /Content-Type: multipart\/report; report-type=delivery-status; boundary="([^"]+)"/,
  )?.[1];
  assert.ok(boundary, 'multipart/report with a boundary');
  const parts = text.split(`\r\n--${boundary}`).slice(1, -1);
  const part = (type: string) => {
    const found = parts.find((p) => p.startsWith(`\r\nContent-Type: ${type}`));
    assert.ok(found, `a ${type} part`);
    return found.slice(found.indexOf('\r\n\r\n') + 4);
  };
  const blocks = part('message/delivery-status')
    .split('\r\n\r\n')
    .filter((b) => b.trim())
    .map((b) =>
      Object.fromEntries(
        b.split('\r\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
      ),
    );
  return {
    perMessage: blocks[0] ?? {},
    recipients: blocks.slice(1),
    headers: part('text/rfc822-headers'),
    text,
  };
}

describe('relay delivery end to end', () => {
  it('delivers the received bytes unchanged plus one Received header (sha256), and counts it', async () => {
    const next = await sink();
    const { relay, queue } = await relayWith(smarthost(next.port), { hostname: 'relay.test' });
    const original = message('bytes', [
      '.leading dot',
      '..two dots',
      '.',
      'y'.repeat(4000),
      'ünïcödé 日本語 テキスト',
      'tabs\tand trailing spaces  ',
    ]);
    const done = nextAttempt(queue);
    await send(relay, ['bob@example.net'], original);
    assert.equal((await done).final, true);
    await next.waitFor((m) => m.length === 1);
    const received = next.messages[0]?.bytes as Buffer;
    assert.match(received.toString('latin1'), /^Received: from client\.test|^Received: from /);
    assert.match(
      received.toString('latin1'),
      /\r\n\tby relay\.test with ESMTP id [0-9A-Z]+\r\n\tfor <bob@example\.net>; /,
    );
    assert.equal(sha256(stripFirstHeader(received)), sha256(original));
    const status = (await control(relay.controlPort, '/status')).body as {
      delivery: Record<string, unknown>;
    };
    assert.equal(status.delivery.delivered, 1);
    assert.equal((status.delivery.latencySeconds as { samples: number }).samples, 1);
    const metrics = (await control(relay.controlPort, '/metrics')).text;
    assert.match(metrics, /relay_delivery_recipients_total\{result="delivered"\} 1/);
  });

  it('keeps a DKIM signature made before the relay valid after it; signs with its own key when configured', async () => {
    const dns = await TestDnsServer.start();
    cleanups.push(() => dns.close());
    const keyPair = (domain: string, selector: string) => {
      // 1024-bit keys: a 2048-bit key's TXT answer exceeds the 512 bytes of the test DNS server's UDP.
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
      const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
      dns.set(`${selector}._domainkey.${domain}`, { TXT: [[`v=DKIM1; k=rsa; `, `p=${p}`]] });
      return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    };
    const senderKey = keyPair('example.com', 'gmail');
    const relayKey = keyPair('example.com', 'relay');
    const dir = await tempDir('dkim-key-');
    cleanups.push(() => dir.remove());
    const keyFile = join(dir.path, 'relay.pem');
    await writeFile(keyFile, relayKey);

    const next = await sink();
    const { relay, queue } = await relayWith(smarthost(next.port), {
      dns: { servers: [dns.address] },
      senders: ['example.com', 'example.org'],
      dkim: { sign: [{ domain: 'example.com', selector: 'relay', privateKeyFile: keyFile }] },
    });
    const original = message('dkim', ['.signed body', 'with 8-bit ü', '']);
    const signing = { signingDomain: 'example.com', selector: 'gmail', privateKey: senderKey };
    const signed = await dkimSign(original, { ...signing, signatureData: [signing] });
    const sent = Buffer.concat([Buffer.from(signed.signatures), original]);
    const attempt = nextAttempt(queue);
    await send(relay, ['bob@example.net'], sent);
    await attempt;
    assert.equal(next.messages.length, 1);

    const resolver = async (name: string, type: string) => {
      const entry = dns.zone[name.toLowerCase()];
      if (type !== 'TXT' || !entry?.TXT) throw Object.assign(new Error('no record'), { code: 'ENOTFOUND' });
      return entry.TXT.map((t) => (Array.isArray(t) ? t : [t]));
    };
    const verified = await dkimVerify(next.messages[0]?.bytes as Buffer, { resolver });
    const bySelector = Object.fromEntries(verified.results.map((r) => [r.selector, r.status.result]));
    assert.deepEqual(bySelector, { gmail: 'pass', relay: 'pass' });
    const status = (await control(relay.controlPort, '/status')).body as {
      delivery: { dkim: Record<string, number>; dkimSigned: number };
    };
    assert.equal(status.delivery.dkim.pass, 1);
    assert.equal(status.delivery.dkim.fail, 0);
    assert.equal(status.delivery.dkimSigned, 1);

    // A message altered after signing (from another sender domain, so the relay does not sign it)
    // is counted as a failure: the check tells intact from broken.
    const other = { signingDomain: 'example.com', selector: 'gmail', privateKey: senderKey };
    const altered = Buffer.from(message('altered', ['original body']).toString('latin1'), 'latin1');
    const sig = await dkimSign(altered, { ...other, signatureData: [other] });
    const tampered = Buffer.concat([
      Buffer.from(sig.signatures),
      Buffer.from(altered.toString('latin1').replace('original body', 'changed body'), 'latin1'),
    ]);
    const second = nextAttempt(queue);
    await send(relay, ['bob@example.net'], tampered, 'carol@example.org');
    await second;
    const after = (await control(relay.controlPort, '/status')).body as {
      delivery: { dkim: Record<string, number>; dkimSigned: number };
    };
    assert.equal(after.delivery.dkim.fail, 1);
    assert.equal(after.delivery.dkim.pass, 1);
    assert.equal(after.delivery.dkimSigned, 1);
  });

  it('follows MX preference, falls back to the next MX, and bounces a null MX domain', async () => {
    const primary = await sink();
    // The backup listens on another loopback address with the same port: MX delivery uses one port.
    const backup = await sink({ host: '127.0.0.3', port: primary.port });
    const dns = await TestDnsServer.start({
      'example.net': {
        MX: [
          { preference: 20, exchange: 'mx2.example.net' },
          { preference: 10, exchange: 'mx1.example.net' },
        ],
      },
      'mx1.example.net': { A: ['127.0.0.1'] },
      'mx2.example.net': { A: ['127.0.0.3'] },
      'example.com': { MX: [{ preference: 10, exchange: 'mx1.example.net' }] },
      'null.example': { MX: [{ preference: 0, exchange: '.' }] },
    });
    cleanups.push(() => dns.close());
    const { relay, queue } = await relayWith(
      { mode: 'mx', mxPort: primary.port },
      { dns: { servers: [dns.address] }, hostname: 'relay.test' },
    );

    const first = nextAttempt(queue);
    await send(relay, ['first@example.net'], message('mx order'));
    assert.deepEqual((await first).delivered, ['first@example.net']);
    assert.equal(primary.messages.length, 1);
    assert.equal(backup.messages.length, 0);

    await primary.close();
    const fallback = nextAttempt(queue);
    await send(relay, ['second@example.net'], message('mx fallback'));
    assert.deepEqual((await fallback).delivered, ['second@example.net']);
    await backup.waitFor((m) => m.length === 1);
    assert.deepEqual(backup.messages[0]?.rcptTo, ['second@example.net']);

    // Null MX: an immediate bounce, delivered to the sender's domain (example.com -> mx1, now closed,
    // so use mx2): the bounce comes from <> with the RFC 7505 status.
    dns.set('example.com', { MX: [{ preference: 10, exchange: 'mx2.example.net' }] });
    const bounced = nextAttempt(queue, (e) => e.bounced.length > 0);
    await send(relay, ['someone@null.example'], message('null mx'));
    assert.deepEqual((await bounced).bounced, ['someone@null.example']);
    await backup.waitFor((m) => m.some((x) => x.mailFrom === ''), 20_000, 'the bounce');
    const dsn = backup.messages.find((m) => m.mailFrom === '');
    assert.ok(dsn);
    assert.deepEqual(dsn.rcptTo, ['alice@example.com']);
    const report = parseReport(dsn.bytes);
    assert.equal(report.recipients[0]?.['Final-Recipient'], 'rfc822; someone@null.example');
    assert.equal(report.recipients[0]?.Status, '5.1.10');
  });

  it('defers on 4xx, shows it in /queue by destination and error, and delivers on POST /flush', async () => {
    let busy = true;
    const next = await sink({ rcpt: () => (busy ? '451 4.3.0 try again later' : undefined) });
    const { relay, queue } = await relayWith(
      smarthost(next.port, { retry: { initialSeconds: 3600, maxSeconds: 7200 } }),
    );
    const deferred = nextAttempt(queue);
    const id = await send(relay, ['bob@example.net'], message('retry'));
    assert.deepEqual((await deferred).deferred, ['bob@example.net']);

    const listing = (await control(relay.controlPort, '/queue')).body as {
      deferred: { destination: string; lastError: string; messages: number }[];
      messages: { envelope: { id: string }; state?: { attempts: number; nextAttemptAt: string } }[];
    };
    assert.deepEqual(
      listing.deferred.map((g) => [g.destination, g.lastError, g.messages]),
      [[`127.0.0.1:${next.port}`, '451 4.3.0 try again later', 1]],
    );
    const state = listing.messages.find((m) => m.envelope.id === id)?.state;
    assert.equal(state?.attempts, 1);
    assert.ok(
      Date.parse(state?.nextAttemptAt ?? '') > Date.now() + 2000 * 1000,
      'next attempt about an hour away',
    );

    busy = false;
    const retried = nextAttempt(queue);
    const flushed = await control(relay.controlPort, '/flush', { method: 'POST' });
    assert.deepEqual(flushed.body, { flushed: 1 });
    assert.deepEqual((await retried).delivered, ['bob@example.net']);
    assert.equal(next.messages.length, 1);
    const after = (await control(relay.controlPort, '/queue')).body as { total: number; deferred: unknown[] };
    assert.equal(after.total, 0);
    assert.deepEqual(after.deferred, []);
  });

  it('retries by itself when the deferral is due (tiny retry interval)', async () => {
    let calls = 0;
    const next = await sink({ rcpt: () => (calls++ === 0 ? '421 4.7.0 slow down' : undefined) });
    const { relay, queue } = await relayWith(
      smarthost(next.port, { retry: { initialSeconds: 0.05, maxSeconds: 0.1, lifetimeHours: 1 } }),
    );
    const finished = nextAttempt(queue, (e) => e.final);
    await send(relay, ['bob@example.net'], message('auto retry'));
    assert.deepEqual((await finished).delivered, ['bob@example.net']);
    assert.equal(next.messages.length, 1);
    const status = (await control(relay.controlPort, '/status')).body as { delivery: Record<string, number> };
    assert.equal(status.delivery.deferred, 1);
    assert.equal(status.delivery.delivered, 1);
  });

  it('bounces a recipient still deferred when the queue lifetime is over, with an RFC 3464 report', async () => {
    // Expired: 4xx until the message is older than lifetimeHours (here about a third of a second).
    const next = await sink({ rcpt: (a) => (a === 'slow@example.net' ? '451 4.4.1 try later' : undefined) });
    const { relay, queue } = await relayWith(
      smarthost(next.port, { retry: { initialSeconds: 0.05, maxSeconds: 0.1, lifetimeHours: 0.0001 } }),
      { hostname: 'relay.test' },
    );
    const expired = nextAttempt(queue, (e) => e.bounced.includes('slow@example.net'));
    await send(relay, ['slow@example.net'], message('expiry'));
    const event = await expired;
    assert.equal(event.final, true);
    await next.waitFor((m) => m.some((x) => x.mailFrom === ''), 20_000, 'the bounce');
    const report = parseReport(next.messages.find((m) => m.mailFrom === '')?.bytes as Buffer);
    assert.equal(report.recipients[0]?.['Final-Recipient'], 'rfc822; slow@example.net');
    assert.equal(report.recipients[0]?.Status, '5.4.7');
    assert.match(
      report.recipients[0]?.['Diagnostic-Code'] ?? '',
      /expired after 0\.0001 hours.*451 4\.4\.1 try later/,
    );
    const status = (await control(relay.controlPort, '/status')).body as { delivery: Record<string, number> };
    assert.ok((status.delivery.deferred ?? 0) >= 1);
    assert.equal(status.delivery.bounced, 1);
  });

  it('mixed per-recipient results: delivers, bounces (RFC 3464 to the sender) and defers in one transaction', async () => {
    const next = await sink({
      rcpt: (a) =>
        a.startsWith('gone@')
          ? '550 5.1.1 <gone@example.net>: no such user'
          : a.startsWith('full@')
            ? '452 4.2.2 mailbox full'
            : undefined,
    });
    const { relay, queue } = await relayWith(smarthost(next.port), { hostname: 'relay.test' });
    const first = nextAttempt(queue, (e) => e.delivered.length > 0);
    const id = await send(
      relay,
      ['ok@example.net', 'gone@example.net', 'full@example.net'],
      message('mixed'),
    );
    const event = await first;
    assert.deepEqual(event.delivered, ['ok@example.net']);
    assert.deepEqual(event.bounced, ['gone@example.net']);
    assert.deepEqual(event.deferred, ['full@example.net']);
    assert.equal(event.final, false);

    await next.waitFor((m) => m.some((x) => x.mailFrom === ''), 20_000, 'the bounce');
    const original = next.messages.find((m) => m.mailFrom !== '');
    assert.deepEqual(original?.rcptTo, ['ok@example.net']);
    const dsn = next.messages.find((m) => m.mailFrom === '');
    assert.ok(dsn);
    assert.deepEqual(dsn.rcptTo, ['alice@example.com']);
    const report = parseReport(dsn.bytes);
    assert.equal(report.perMessage['Reporting-MTA'], 'dns; relay.test');
    assert.equal(report.recipients.length, 1);
    assert.equal(report.recipients[0]?.['Final-Recipient'], 'rfc822; gone@example.net');
    assert.equal(report.recipients[0]?.Action, 'failed');
    assert.equal(report.recipients[0]?.Status, '5.1.1');
    assert.equal(
      report.recipients[0]?.['Diagnostic-Code'],
      'smtp; 550 5.1.1 <gone@example.net>: no such user',
    );
    assert.match(report.headers, /^From: Alice <alice@example\.com>\r\n.*Subject: mixed\r\n/s);
    assert.match(report.text, /\r\nFrom: Mail Delivery System <MAILER-DAEMON@relay\.test>\r\n/);

    const queued = (await control(relay.controlPort, '/queue')).body as {
      messages: { envelope: { id: string }; state?: { recipients: { address: string; status: string }[] } }[];
    };
    const state = queued.messages.find((m) => m.envelope.id === id)?.state;
    assert.deepEqual(
      state?.recipients.map((r) => [r.address, r.status]),
      [
        ['ok@example.net', 'delivered'],
        ['gone@example.net', 'bounced'],
        ['full@example.net', 'pending'],
      ],
    );
  });

  it('one queueId follows a message through inbound, delivery and its bounce in the log', async () => {
    const next = await sink({
      rcpt: (a) => (a.startsWith('gone@') ? '550 5.1.1 <gone@example.net>: no such user' : undefined),
    });
    const { relay, queue } = await relayWith(smarthost(next.port), { hostname: 'relay.test' });
    const bounceDelivered = nextAttempt(queue, (e) => e.delivered.includes('alice@example.com'));
    const id = await send(relay, ['ok@example.net', 'gone@example.net'], message('follow'));
    const bounceId = (await bounceDelivered).id;
    assert.notEqual(bounceId, id);

    // `grep <queueId>`: every line that mentions the id in any field.
    const grep = (queueId: string) => relay.logs.filter((l) => JSON.stringify(l).includes(queueId));
    const lines = grep(id);
    const own = lines.filter((l) => l.queueId === id);
    assert.deepEqual(
      own.map((l) => [l.component, l.msg]),
      [
        ['inbound', 'message queued'],
        ['delivery', 'bounce queued'],
        ['delivery', 'delivery finished'],
      ],
    );
    assert.equal(own[1]?.bounceId, bounceId);
    assert.deepEqual(own[2]?.delivered, ['ok@example.net']);
    assert.equal(own.filter((l) => 'id' in l).length, 0, 'no line names the message by `id`');
    // The bounce's first line names the message it reports on; its own life follows under its id.
    const bounceLines = grep(bounceId).filter((l) => l.queueId === bounceId);
    assert.equal(bounceLines[0]?.msg, 'bounce composed');
    assert.equal(bounceLines[0]?.origin, id);
    assert.ok(lines.includes(bounceLines[0] as (typeof lines)[number]), 'grep of the original finds it');
    assert.equal(bounceLines.at(-1)?.msg, 'delivery finished');

    const metrics = (await control(relay.controlPort, '/metrics')).text;
    assert.match(metrics, /^relay_delivery_latency_seconds_count 2$/m, 'ok@ and the bounce to alice@');
    assert.match(metrics, /^relay_delivery_latency_seconds_bucket\{le="\+Inf"\} 2$/m);
    assert.match(metrics, /^relay_inbound_message_size_bytes_count 1$/m);
    assert.match(metrics, /^process_resident_memory_bytes \d+$/m);
  });

  it('verified TLS refuses a self-signed next hop, records why, and counts it', async () => {
    const self = issueCertificate({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1'] });
    const next = await sink({ key: self.keyPem, cert: self.certPem });
    const { relay, queue } = await relayWith(
      smarthost(next.port, { tls: 'opportunistic', tlsPolicies: { 'bank.example': 'verified' } }),
    );
    const attempts = [
      nextAttempt(queue, (e) => e.deferred.length > 0),
      nextAttempt(queue, (e) => e.delivered.length > 0),
    ];
    await send(relay, ['teller@bank.example'], message('to the bank'));
    await send(relay, ['bob@example.net'], message('opportunistic'));
    await Promise.all(attempts);
    assert.equal(next.messages.length, 1, 'only the opportunistic message went out');
    assert.deepEqual(next.messages[0]?.rcptTo, ['bob@example.net']);
    assert.equal(next.messages[0]?.secure, true);
    const listing = (await control(relay.controlPort, '/queue')).body as {
      deferred: { lastError: string }[];
    };
    assert.match(
      listing.deferred[0]?.lastError ?? '',
      /^4\.7\.5 TLS \(verified\) with 127\.0\.0\.1.*self[- ]signed/i,
    );
    const status = (await control(relay.controlPort, '/status')).body as {
      delivery: { tlsFailures: number };
    };
    assert.equal(status.delivery.tlsFailures, 1);
  });
});

describe('relay delivery shutdown and configuration', () => {
  it('on stop, finishes the in-flight delivery and keeps everything else queued', async () => {
    let release: () => void = () => {};
    let arrived: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inFlight = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const next = await sink({
      beforeReply: () => {
        arrived();
        return held;
      },
    });
    cleanups.push(() => release());
    const dir = await tempDir('delivery-stop-');
    cleanups.push(() => dir.remove());
    const extension = new DeliveryExtension();
    const relay = await startTestRelay(
      { delivery: { ...smarthost(next.port), concurrency: 1, connectionIdleSeconds: 0 } },
      { extensions: [extension], dir: dir.path },
    );
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await send(relay, ['bob@example.net'], message(`stop ${i}`)));
    await inFlight;
    const stopped = relay.stop();
    release();
    await stopped;
    assert.equal(next.messages.length, 1, 'the delivery in flight at the stop was finished');
    const { Spool } = await import('../../gateway/spool.ts');
    const { createLogger } = await import('../../gateway/log.ts');
    const spool = await Spool.open(relay.spoolDir, createLogger({ level: 'silent' }));
    const left = (await spool.list()).map((m) => m.envelope.id);
    assert.deepEqual(left, ids.slice(1), 'the others are still queued, untouched');
    assert.equal((await spool.get(ids[1] as string))?.state, undefined);
  });

  it('keeps the schedule of a deferred message across a restart', async () => {
    const next = await sink({ rcpt: () => '450 4.2.0 greylisted' });
    const dir = await tempDir('delivery-restart-');
    cleanups.push(() => dir.remove());
    const settings = {
      delivery: { ...smarthost(next.port), retry: { initialSeconds: 3600, maxSeconds: 7200 } },
    };
    const firstExtension = new DeliveryExtension();
    const first = await startTestRelay(settings, { extensions: [firstExtension], dir: dir.path });
    const deferred = nextAttempt(firstExtension.queue as DeliveryQueue);
    const id = await send(first, ['bob@example.net'], message('restart'));
    await deferred;
    const before = (await control(first.controlPort, '/queue')).body as {
      messages: { envelope: { id: string }; state?: { attempts: number; nextAttemptAt: string } }[];
    };
    await first.stop();

    const secondExtension = new DeliveryExtension();
    const second = await startTestRelay(settings, { extensions: [secondExtension], dir: dir.path });
    cleanups.push(() => second.stop());
    const after = (await control(second.controlPort, '/queue')).body as {
      deferred: { lastError: string; nextAttemptAt: string }[];
      messages: { envelope: { id: string }; state?: { attempts: number; nextAttemptAt: string } }[];
    };
    assert.deepEqual(after.messages.find((m) => m.envelope.id === id)?.state, before.messages[0]?.state);
    assert.equal(after.deferred[0]?.lastError, '450 4.2.0 greylisted');
    assert.equal(after.deferred[0]?.nextAttemptAt, before.messages[0]?.state?.nextAttemptAt);
    const status = (await control(second.controlPort, '/status')).body as {
      delivery: { queue: { waiting: number } };
    };
    assert.equal(status.delivery.queue.waiting, 1, 'waiting for its time, not retried at start-up');

    const retried = nextAttempt(secondExtension.queue as DeliveryQueue);
    await control(second.controlPort, '/flush', { method: 'POST' });
    await retried;
    const again = (await control(second.controlPort, '/queue')).body as {
      messages: { state?: { attempts: number } }[];
    };
    assert.equal(again.messages[0]?.state?.attempts, 2);
  });

  it('refuses bad delivery settings with one line per problem naming the key', async () => {
    const { parseConfig, ConfigError } = await import('../../gateway/config.ts');
    const { baseConfig } = await import('./harness.ts');
    try {
      parseConfig(
        baseConfig('/tmp/x', {
          delivery: { mode: 'smarthost', tls: 'sometimes', retry: { initialSeconds: -1 }, concurrency: 0 },
        }),
        '/tmp',
      );
      assert.fail('accepted a bad configuration');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      const text = error.lines.join('\n');
      assert.match(
        text,
        /delivery\.tls: must be one of opportunistic, required, verified \(seen: "sometimes"\)/,
      );
      assert.match(text, /delivery\.concurrency: must be a whole number from 1 to 1000 \(seen: 0\)/);
      assert.match(text, /delivery\.retry\.initialSeconds: .*\(seen: -1\)/);
    }
  });
});
