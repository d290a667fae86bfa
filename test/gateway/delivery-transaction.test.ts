import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addressResolver } from '../../gateway/delivery/addresses.ts';
import { SessionPool } from '../../gateway/delivery/pool.ts';
import {
  deliverGroup,
  type GroupDelivery,
  type TransactionDeps,
} from '../../gateway/delivery/transaction.ts';
import { createTestPki, issueCertificate } from '../support/pki.ts';
import { stripFirstHeader, TestSink } from '../support/smtp-sink.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// CRLF only, as the spool holds it: leading dots, a line far over 998 octets, 8-bit UTF-8 text,
// a line that is only a dot, and trailing whitespace.
const MESSAGE = Buffer.from(
  [
    'From: Alice <alice@example.com>',
    'To: bob@example.net',
    'Subject: =?UTF-8?B?5pel5pys6Kqe?=',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    '.leading dot',
    '..two leading dots',
    '.',
    'x'.repeat(5000),
    'こんにちは、世界 — ünïcödé',
    'trailing spaces   \t',
    '',
    '',
  ].join('\r\n'),
  'utf8',
);

describe('delivery transaction', () => {
  let dir: string;
  let path: string;
  const pools: SessionPool[] = [];
  const sinks: TestSink[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'delivery-tx-'));
    path = join(dir, 'message.eml');
    await writeFile(path, MESSAGE);
  });
  after(async () => {
    for (const pool of pools) pool.closeAll();
    for (const sink of sinks) await sink.close();
    await rm(dir, { recursive: true, force: true });
  });

  function deps(extra: Partial<TransactionDeps> = {}): TransactionDeps {
    const pool = new SessionPool(0);
    pools.push(pool);
    return {
      pool,
      resolveAddresses: addressResolver(null),
      heloName: 'relay.test',
      timeoutMs: 10_000,
      ...extra,
    };
  }
  function group(port: number, extra: Partial<GroupDelivery> = {}): GroupDelivery {
    return {
      hops: [{ host: '127.0.0.1', port, preference: 0 }],
      tls: 'opportunistic',
      mailFrom: 'alice@example.com',
      recipients: ['bob@example.net'],
      size: MESSAGE.length,
      messagePath: path,
      prefix: Buffer.from(
        'Received: from a (b [127.0.0.1])\r\n\tby relay.test; Sat, 28 Nov 2026 00:00:00 +0000\r\n',
      ),
      ...extra,
    };
  }

  it('delivers the spooled bytes unchanged after the prepended header (sha256)', async () => {
    const sink = await TestSink.start();
    sinks.push(sink);
    const result = await deliverGroup(group(sink.port), deps());
    assert.deepEqual(
      result.outcomes.map((o) => o.result),
      ['delivered'],
    );
    const received = sink.messages[0]?.bytes;
    assert.ok(received);
    assert.ok(received.toString('latin1').startsWith('Received: from a (b [127.0.0.1])\r\n\tby relay.test;'));
    assert.equal(sha256(stripFirstHeader(received)), sha256(MESSAGE));
    assert.equal(sink.messages[0]?.body, '8BITMIME');
  });

  it('gives each recipient its own result in one transaction', async () => {
    const sink = await TestSink.start({
      rcpt: (a) =>
        a.startsWith('gone')
          ? '550 5.1.1 no such user'
          : a.startsWith('busy')
            ? '452 4.2.2 mailbox full'
            : undefined,
    });
    sinks.push(sink);
    const result = await deliverGroup(
      group(sink.port, { recipients: ['ok@example.net', 'gone@example.net', 'busy@example.net'] }),
      deps(),
    );
    assert.deepEqual(
      result.outcomes.map((o) => [o.address, o.result]),
      [
        ['ok@example.net', 'delivered'],
        ['gone@example.net', 'bounced'],
        ['busy@example.net', 'deferred'],
      ],
    );
    assert.match(result.outcomes[1]?.reason ?? '', /^550 5\.1\.1/);
    assert.deepEqual(sink.messages[0]?.rcptTo, ['ok@example.net']);
  });

  it('refuses to send 8-bit content to a next hop without 8BITMIME, with the reason', async () => {
    const sink = await TestSink.start({ server: { hide8BITMIME: true } });
    sinks.push(sink);
    const result = await deliverGroup(group(sink.port), deps());
    assert.equal(result.outcomes[0]?.result, 'bounced');
    assert.match(result.outcomes[0]?.reason ?? '', /^5\.6\.3 .*8BITMIME/);
    assert.equal(sink.messages.length, 0);
  });

  it('refuses non-ASCII addresses to a next hop without SMTPUTF8', async () => {
    const sink = await TestSink.start({ server: { hideSMTPUTF8: true } });
    sinks.push(sink);
    const result = await deliverGroup(group(sink.port, { recipients: ['ユーザー@example.net'] }), deps());
    assert.equal(result.outcomes[0]?.result, 'bounced');
    assert.match(result.outcomes[0]?.reason ?? '', /^5\.6\.7 .*SMTPUTF8/);
    assert.equal(sink.messages.length, 0);
  });

  it('defers when the next hop refuses connections, and says so', async () => {
    const sink = await TestSink.start();
    const port = sink.port;
    await sink.close();
    const result = await deliverGroup(group(port), deps());
    assert.equal(result.outcomes[0]?.result, 'deferred');
    assert.match(result.outcomes[0]?.reason ?? '', /^4\.4\.1 .*ECONNECTION|^4\.4\.1 .*ECONNREFUSED/);
  });

  it('verified TLS refuses a self-signed next hop and records why; opportunistic TLS accepts it', async () => {
    const self = issueCertificate({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1'] });
    const sink = await TestSink.start({ key: self.keyPem, cert: self.certPem });
    sinks.push(sink);
    const verified = await deliverGroup(group(sink.port, { tls: 'verified' }), deps());
    assert.equal(verified.outcomes[0]?.result, 'deferred');
    assert.match(verified.outcomes[0]?.reason ?? '', /^4\.7\.5 TLS \(verified\).*self[- ]signed/i);
    assert.equal(sink.messages.length, 0);

    const opportunistic = await deliverGroup(group(sink.port, { tls: 'opportunistic' }), deps());
    assert.equal(opportunistic.outcomes[0]?.result, 'delivered');
    assert.equal(sink.messages[0]?.secure, true);
    assert.equal(opportunistic.tls?.authorized, false);
  });

  it('required TLS defers when the next hop offers no STARTTLS', async () => {
    const sink = await TestSink.start();
    sinks.push(sink);
    const result = await deliverGroup(group(sink.port, { tls: 'required' }), deps());
    assert.equal(result.outcomes[0]?.result, 'deferred');
    assert.match(result.outcomes[0]?.reason ?? '', /^4\.7\.5 TLS \(required\)/);
    assert.equal(sink.messages.length, 0);
  });

  it('verified TLS delivers to a next hop whose chain and name check out', async () => {
    const pki = createTestPki('Good');
    const leaf = pki.leaf(['mx.example.net']);
    const sink = await TestSink.start({ key: leaf.keyPem, cert: pki.chainPem(leaf) });
    sinks.push(sink);
    const resolve = async () => ({ ok: true as const, addresses: ['127.0.0.1'] });
    const result = await deliverGroup(
      {
        ...group(sink.port, { tls: 'verified' }),
        hops: [{ host: 'mx.example.net', port: sink.port, preference: 0 }],
      },
      deps({ resolveAddresses: resolve, ca: pki.root.certPem }),
    );
    assert.equal(result.outcomes[0]?.result, 'delivered', result.outcomes[0]?.reason);
    assert.equal(result.tls?.authorized, true);
  });

  it('tries the next host when the first does not answer', async () => {
    const sink = await TestSink.start();
    sinks.push(sink);
    const dead = await TestSink.start();
    const deadPort = dead.port;
    await dead.close();
    const result = await deliverGroup(
      {
        ...group(sink.port),
        hops: [
          { host: '127.0.0.1', port: deadPort, preference: 10 },
          { host: '127.0.0.1', port: sink.port, preference: 20 },
        ],
      },
      deps(),
    );
    assert.equal(result.outcomes[0]?.result, 'delivered');
    assert.equal(result.failures.length, 1);
    assert.equal(sink.messages.length, 1);
  });
});
