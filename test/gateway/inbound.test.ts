// The relay's SMTP side against real peers on loopback: nodemailer's client, a raw socket for
// byte-level tricks, and real TLS with certificates issued at test time.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { registerInboundMetrics } from '../../gateway/inbound/metrics.ts';
import { InboundServer } from '../../gateway/inbound.ts';
import { createLogger } from '../../gateway/log.ts';
import { messageLogger } from '../../gateway/message-log.ts';
import { MetricsRegistry } from '../../gateway/metrics.ts';
import { createTestPki } from '../support/pki.ts';
import {
  control,
  openSession,
  type SendOptions,
  sampleMessage,
  sendMail,
  startTestRelay,
  type TestRelay,
  tempDir,
} from './harness.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function queueFiles(relay: TestRelay): Promise<string[]> {
  return (await readdir(join(relay.spoolDir, 'queue'))).sort();
}

async function rejected(relay: TestRelay, reason: string): Promise<number> {
  const { body } = await control(relay.controlPort, '/status');
  return (body as { inbound: { rejected: Record<string, number> } }).inbound.rejected[reason] ?? 0;
}

/** MAIL and RCPT in a raw session; returns the RCPT reply. */
async function rcptReply(port: number, recipient: string, sender = 'alice@example.com'): Promise<string> {
  const { client } = await openSession(port);
  try {
    const mail = await client.command(`MAIL FROM:<${sender}>`);
    assert.match(mail, /^250/, `MAIL FROM:<${sender}> should be accepted, got ${mail}`);
    return await client.command(`RCPT TO:${recipient}`);
  } finally {
    client.close();
  }
}

describe('inbound SMTP', () => {
  let relay: TestRelay;
  const send = (options: Partial<SendOptions>) =>
    sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.org'],
      message: sampleMessage(),
      ...options,
    });

  before(async () => {
    relay = await startTestRelay({
      maxMessageBytes: 4096,
      limits: { maxRecipients: 3, maxMessagesPerConnection: 2 },
    });
  });
  after(() => relay.stop());

  it('spools a message from an allowed address with the exact bytes sent, and says so with the queue id', async () => {
    const message = sampleMessage('exact bytes');
    const result = await send({ message, to: ['bob@example.org', 'carol@example.net'] });
    assert.equal(result.ok, true, result.response);
    const id = /^250 2\.0\.0 Ok: queued as ([0-9A-Za-z]+)$/.exec(result.response)?.[1];
    assert.ok(id, `250 reply names the queue id: ${result.response}`);
    const stored = await readFile(join(relay.spoolDir, 'queue', `${id}.eml`));
    assert.equal(sha256(stored), sha256(message));
    const envelope = JSON.parse(await readFile(join(relay.spoolDir, 'queue', `${id}.json`), 'utf8'));
    assert.deepEqual(
      { ...envelope, receivedAt: undefined },
      {
        id,
        mailFrom: 'alice@example.com',
        rcptTo: ['bob@example.org', 'carol@example.net'],
        size: message.length,
        receivedAt: undefined,
        client: { address: '127.0.0.1', helo: envelope.client.helo },
        tls: null,
      },
    );
    const line = relay.logs.find((l) => l.queueId === id);
    assert.ok(line, 'a structured log line names the queue id');
    assert.deepEqual(
      { from: line.from, to: line.to, size: line.size, client: line.client, tls: line.tls },
      {
        from: 'alice@example.com',
        to: ['bob@example.org', 'carol@example.net'],
        size: message.length,
        client: '127.0.0.1',
        tls: null,
      },
    );
  });

  it('does not offer AUTH, nor STARTTLS without a certificate', async () => {
    const { client, ehlo } = await openSession(relay.smtpPort);
    client.close();
    assert.match(ehlo, /^250-/);
    assert.doesNotMatch(ehlo, /AUTH|STARTTLS/);
    assert.match(ehlo, /SIZE 4096/);
  });

  it('refuses a sender outside the sender domains with 550, subdomains included', async () => {
    const before = await rejected(relay, 'sender-domain');
    for (const from of ['mallory@evil.example', 'alice@mail.example.com', 'alice@example.com.evil.example']) {
      const result = await send({ from });
      assert.equal(result.ok, false);
      assert.equal(result.code, 550, result.response);
      assert.match(result.response, /5\.7\.1 Sender .* is not in this relay's sender domains/);
    }
    assert.equal(await rejected(relay, 'sender-domain'), before + 3);
    const upper = await send({ from: 'Alice@EXAMPLE.COM' });
    assert.equal(upper.ok, true, 'domain match ignores case');
  });

  it('refuses the null sender <> by default', async () => {
    const { client } = await openSession(relay.smtpPort);
    const reply = await client.command('MAIL FROM:<>');
    client.close();
    assert.match(reply, /^550 5\.7\.1 The null sender <> is not accepted/);
  });

  it('accepts any well-formed external recipient: it is the smart host for the customer', async () => {
    assert.match(await rcptReply(relay.smtpPort, '<someone@anywhere.example.net>'), /^250/);
    assert.match(await rcptReply(relay.smtpPort, '<first.last+tag@sub.example.co.jp>'), /^250/);
  });

  it('passes the open-relay checks: relay-trick recipient syntaxes are refused', async () => {
    const tricks = [
      '<relaytest%nmap.scanme.org@[127.0.0.1]>',
      '<relaytest%nmap.scanme.org@example.com>',
      '<"relaytest@nmap.scanme.org">',
      '<"relaytest%nmap.scanme.org">',
      '<relaytest@nmap.scanme.org@[127.0.0.1]>',
      '<"relaytest@nmap.scanme.org"@[127.0.0.1]>',
      '<relaytest@nmap.scanme.org@example.com>',
      '<"relaytest"@nmap.scanme.org>',
      '<nmap.scanme.org!relaytest>',
      '<nmap.scanme.org!relaytest@[127.0.0.1]>',
      '<nmap.scanme.org!relaytest@example.com>',
      '<relaytest@[127.0.0.1]>',
      '<relaytest>',
      '<postmaster>',
      '<relaytest@localhost>',
    ];
    const before = await rejected(relay, 'recipient-syntax');
    let byPolicy = 0;
    for (const recipient of tricks) {
      const reply = await rcptReply(relay.smtpPort, recipient);
      // 501: smtp-server's own address parser; 550 5.7.1: the relay's recipient policy
      assert.match(reply, /^(501 |550 5\.7\.1 )/, `RCPT TO:${recipient} must be refused, got ${reply}`);
      if (reply.startsWith('550')) byPolicy++;
    }
    assert.ok(byPolicy >= 8, `the relay's own policy refuses ${byPolicy} of them`);
    assert.equal(await rejected(relay, 'recipient-syntax'), before + byPolicy);
  });

  it('strips a source route: only the final mailbox is ever used, never the named hops', async () => {
    const { client } = await openSession(relay.smtpPort);
    assert.match(await client.command('MAIL FROM:<alice@example.com>'), /^250/);
    assert.match(
      await client.command('RCPT TO:<@hop1.example.net,@hop2.example.net:bob@example.org>'),
      /^250/,
    );
    assert.match(await client.command('DATA'), /^354/);
    const reply = await client.command('Subject: route\r\n\r\nbody\r\n.');
    client.close();
    const id = /queued as (\w+)/.exec(reply)?.[1];
    assert.ok(id, reply);
    const envelope = JSON.parse(await readFile(join(relay.spoolDir, 'queue', `${id}.json`), 'utf8'));
    assert.deepEqual(envelope.rcptTo, ['bob@example.org']);
  });

  it('refuses DATA with a bare LF or a bare CR, keeps nothing, and the session goes on', async () => {
    const filesBefore = await queueFiles(relay);
    const countBefore = await rejected(relay, 'bare-newline');
    const smuggling = [
      'Subject: a\r\n\r\nline\nnext\r\n',
      'Subject: b\r\n\r\nline\rnext\r\n',
      'Subject: c\r\n\r\nbody\n.\r\nMAIL FROM:<x@example.com>\r\n',
      'Subject: d\r\n\r\nends with a bare CR\r',
    ];
    const accepted: string[] = [];
    for (const body of smuggling) {
      const { client } = await openSession(relay.smtpPort);
      assert.match(await client.command('MAIL FROM:<alice@example.com>'), /^250/);
      assert.match(await client.command('RCPT TO:<bob@example.org>'), /^250/);
      assert.match(await client.command('DATA'), /^354/);
      client.write(body);
      const reply = await client.command('\r\n.');
      assert.match(reply, /^554 5\.6\.0 Message refused: bare (LF|CR) in DATA/, JSON.stringify(body));
      // the rest of DATA was drained: the same session still takes a clean message
      assert.match(await client.command('MAIL FROM:<alice@example.com>'), /^250/);
      assert.match(await client.command('RCPT TO:<bob@example.org>'), /^250/);
      assert.match(await client.command('DATA'), /^354/);
      const good = await client.command('Subject: clean\r\n\r\nclean\r\n.');
      assert.match(good, /^250/);
      accepted.push(/queued as (\w+)/.exec(good)?.[1] ?? '');
      client.close();
    }
    const expected = [...filesBefore, ...accepted.flatMap((id) => [`${id}.eml`, `${id}.json`])].sort();
    assert.deepEqual(await queueFiles(relay), expected);
    assert.equal(await rejected(relay, 'bare-newline'), countBefore + smuggling.length);
  });

  it('keeps nothing of a message whose client disconnects in the middle of DATA', async () => {
    const filesBefore = await queueFiles(relay);
    const spoolErrors = await rejected(relay, 'spool-error');
    const { client } = await openSession(relay.smtpPort);
    assert.match(await client.command('MAIL FROM:<alice@example.com>'), /^250/);
    assert.match(await client.command('RCPT TO:<bob@example.org>'), /^250/);
    assert.match(await client.command('DATA'), /^354/);
    client.write('Subject: cut\r\n\r\nhalf a mess');
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.close();
    // The next message goes through, and only it is in the queue.
    const next = await send({ message: sampleMessage('after the cut') });
    assert.equal(next.ok, true, next.response);
    const id = /queued as (\w+)/.exec(next.response)?.[1] as string;
    assert.deepEqual(await queueFiles(relay), [...filesBefore, `${id}.eml`, `${id}.json`].sort());
    assert.deepEqual(await readdir(join(relay.spoolDir, 'tmp')), []);
    assert.equal(await rejected(relay, 'spool-error'), spoolErrors, 'a client leaving is not a spool error');
    assert.ok(relay.logs.some((l) => l.msg === 'client left during DATA'));
  });

  it('refuses a message over the size limit with 552, declared or not', async () => {
    const filesBefore = await queueFiles(relay);
    const big = await send({ message: sampleMessage('big', 8000) });
    assert.equal(big.ok, false);
    assert.equal(big.code, 552, big.response);
    assert.match(big.response, /5\.3\.4 Message exceeds the size limit of 4096 bytes/);
    const { client } = await openSession(relay.smtpPort);
    const declared = await client.command('MAIL FROM:<alice@example.com> SIZE=100000');
    client.close();
    assert.match(declared, /^552/);
    assert.deepEqual(await queueFiles(relay), filesBefore);
  });

  it('limits recipients per message and messages per connection', async () => {
    const { client } = await openSession(relay.smtpPort);
    assert.match(await client.command('MAIL FROM:<alice@example.com>'), /^250/);
    for (const n of [1, 2, 3]) assert.match(await client.command(`RCPT TO:<r${n}@example.org>`), /^250/);
    assert.match(await client.command('RCPT TO:<r4@example.org>'), /^452 4\.5\.3 Too many recipients/);
    assert.match(await client.command('DATA'), /^354/);
    assert.match(await client.command('Subject: 1\r\n\r\n1\r\n.'), /^250/);
    assert.match(await client.command('MAIL FROM:<alice@example.com>'), /^250/);
    assert.match(await client.command('RCPT TO:<r1@example.org>'), /^250/);
    assert.match(await client.command('DATA'), /^354/);
    assert.match(await client.command('Subject: 2\r\n\r\n2\r\n.'), /^250/);
    assert.match(await client.command('MAIL FROM:<alice@example.com>'), /^421 4\.7\.0 Too many messages/);
    assert.equal(await client.reply(), '', 'the server closes after 421');
    client.close();
  });
});

describe('inbound client addresses', () => {
  it('refuses a client outside the allowed ranges at connect (127.0.0.2 while only 127.0.0.1/32 is allowed)', async (t) => {
    const relay = await startTestRelay({ allow: { spf: [], cidrs: ['127.0.0.1/32'] } });
    t.after(() => relay.stop());
    const { client, greeting } = await openSession(relay.smtpPort, { localAddress: '127.0.0.2' });
    client.close();
    assert.match(greeting, /^554 5\.7\.1 Client address 127\.0\.0\.2 is not allowed to use this relay/);
    const viaNodemailer = await sendMail({
      port: relay.smtpPort,
      localAddress: '127.0.0.2',
      from: 'alice@example.com',
      to: ['bob@example.org'],
      message: sampleMessage(),
    });
    assert.equal(viaNodemailer.ok, false);
    assert.match(viaNodemailer.response, /554/);
    const allowed = await sendMail({
      port: relay.smtpPort,
      localAddress: '127.0.0.1',
      from: 'alice@example.com',
      to: ['bob@example.org'],
      message: sampleMessage(),
    });
    assert.equal(allowed.ok, true, allowed.response);
    assert.equal(await rejected(relay, 'client-not-allowed'), 2);
    assert.deepEqual((await queueFiles(relay)).length, 2);
  });

  it('matches IPv6 ranges for IPv6 clients (::1)', async (t) => {
    const v6 = await startTestRelay({
      listen: { host: '::1', port: 0 },
      allow: { spf: [], cidrs: ['::1/128'] },
    });
    t.after(() => v6.stop());
    const ok = await sendMail({
      host: '::1',
      port: v6.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.org'],
      message: sampleMessage(),
    });
    assert.equal(ok.ok, true, ok.response);

    const v4only = await startTestRelay({
      listen: { host: '::1', port: 0 },
      allow: { spf: [], cidrs: ['127.0.0.0/8'] },
    });
    t.after(() => v4only.stop());
    const { client, greeting } = await openSession(v4only.smtpPort, { host: '::1' });
    client.close();
    assert.match(greeting, /^554 5\.7\.1 Client address ::1 is not allowed/);
  });

  it('matches IPv4-mapped IPv6 clients against IPv4 ranges', async (t) => {
    // A listener bound to an IPv4-mapped address sees IPv4 clients as ::ffff:127.0.0.1.
    const mapped = await startTestRelay({
      listen: { host: '::ffff:127.0.0.1', port: 0 },
      allow: { spf: [], cidrs: ['127.0.0.1/32'] },
    });
    t.after(() => mapped.stop());
    const ok = await sendMail({
      port: mapped.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.org'],
      message: sampleMessage(),
    });
    assert.equal(ok.ok, true, ok.response);
    const { client, greeting } = await openSession(mapped.smtpPort, { localAddress: '127.0.0.2' });
    client.close();
    assert.match(greeting, /^554 5\.7\.1 Client address 127\.0\.0\.2 is not allowed/);
  });

  it('accepts <> when allowNullSender is set', async (t) => {
    const relay = await startTestRelay({ allowNullSender: true });
    t.after(() => relay.stop());
    const result = await sendMail({
      port: relay.smtpPort,
      from: '',
      to: ['bob@example.org'],
      message: sampleMessage(),
    });
    assert.equal(result.ok, true, result.response);
    const json = (await queueFiles(relay)).find((f) => f.endsWith('.json')) as string;
    assert.equal(JSON.parse(await readFile(join(relay.spoolDir, 'queue', json), 'utf8')).mailFrom, '');
  });

  it('accepts subdomains only when listed as *.domain', async (t) => {
    const relay = await startTestRelay({ senders: ['*.example.com'] });
    t.after(() => relay.stop());
    const base = { port: relay.smtpPort, to: ['bob@example.org'], message: sampleMessage() };
    assert.equal((await sendMail({ ...base, from: 'a@mail.example.com' })).ok, true);
    assert.equal((await sendMail({ ...base, from: 'a@example.com' })).code, 550);
  });
});

describe('inbound STARTTLS', () => {
  it('offers STARTTLS with the configured certificate and records the TLS state', async (t) => {
    const pki = createTestPki('Relay');
    const leaf = pki.leaf(['localhost', '127.0.0.1']);
    const dir = await tempDir();
    t.after(() => dir.remove());
    await writeFile(join(dir.path, 'key.pem'), leaf.keyPem);
    await writeFile(join(dir.path, 'cert.pem'), pki.chainPem(leaf));
    const relay = await startTestRelay({ tls: { key: 'key.pem', cert: 'cert.pem' } }, { dir: dir.path });
    t.after(() => relay.stop());

    const { client, ehlo } = await openSession(relay.smtpPort);
    client.close();
    assert.match(ehlo, /STARTTLS/);

    const message = sampleMessage('over tls');
    const result = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.org'],
      message,
      requireTLS: true,
      ca: pki.root.certPem,
      servername: 'localhost',
    });
    assert.equal(result.ok, true, result.response);
    const id = /queued as (\w+)/.exec(result.response)?.[1] as string;
    const envelope = JSON.parse(await readFile(join(relay.spoolDir, 'queue', `${id}.json`), 'utf8'));
    assert.match(envelope.tls.protocol, /^TLSv1\.[23]$/);
    assert.ok(envelope.tls.cipher.length > 0);
    assert.equal(sha256(await readFile(join(relay.spoolDir, 'queue', `${id}.eml`))), sha256(message));
    const line = relay.logs.find((l) => l.queueId === id);
    assert.deepEqual(line?.tls, envelope.tls);

    const wrongCa = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.org'],
      message,
      requireTLS: true,
      ca: createTestPki('Other').root.certPem,
    });
    assert.equal(wrongCa.ok, false, 'a client that trusts another CA does not get through');
  });
});

describe('inbound with a failing spool', () => {
  async function inboundFailingWith(t: { after(fn: () => unknown): void }, error: Error) {
    const registry = new MetricsRegistry();
    const metrics = registerInboundMetrics(registry, () => 0);
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({
      level: 'info',
      destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    });
    const inbound = await InboundServer.create(
      {
        senders: ['example.com'],
        allowNullSender: false,
        maxMessageBytes: 1_000_000,
        reverseLookup: false,
        tenant: { dkimDomains: [] },
        limits: {
          maxClients: 10,
          maxConnectionsPerIp: 10,
          maxRecipients: 10,
          maxMessagesPerConnection: 10,
          socketTimeoutSeconds: 30,
          closeTimeoutSeconds: 1,
          dataSeconds: 60,
          sessionSeconds: 60,
        },
      },
      {
        allowlist: { check: () => ({ allowed: true }) },
        spool: {
          async accept(_envelope, data) {
            for await (const _chunk of data) {
              // read it all, then fail
            }
            throw error;
          },
          nextId: () => 'QUEUEID0001',
        },
        metrics,
        log,
        messageLog: messageLogger(log),
        isPaused: () => false,
        resolveDns: async () => [],
      },
    );
    const { port } = await inbound.listen('127.0.0.1', 0);
    t.after(() => inbound.close());
    const result = await sendMail({
      port,
      from: 'alice@example.com',
      to: ['bob@example.org'],
      message: sampleMessage(),
    });
    return { result, metrics, logs: lines };
  }

  it('answers 451 4.3.0 (try again later) when the spool cannot write, and counts it', async (t) => {
    const { result, metrics, logs } = await inboundFailingWith(
      t,
      Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }),
    );
    assert.equal(result.code, 451, result.response);
    assert.match(result.response, /4\.3\.0 Message not queued: local error, try again later/);
    assert.equal(metrics.rejections.get({ reason: 'spool-error' }), 1);
    assert.doesNotMatch(result.response, /EIO|i\/o/, 'internal details stay in the log');
    assert.equal(logs.find((l) => l.msg === 'spool write failed')?.code, 'EIO');
  });

  it('answers 452 4.3.1 (spool-full) when a write fails for lack of space, and logs ENOSPC', async (t) => {
    const { result, metrics, logs } = await inboundFailingWith(
      t,
      Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
    );
    assert.equal(result.code, 452, result.response);
    assert.match(result.response, /4\.3\.1 Insufficient system storage/);
    assert.equal(metrics.rejections.get({ reason: 'spool-full' }), 1);
    assert.doesNotMatch(result.response, /ENOSPC|no space/, 'internal details stay in the log');
    const logged = logs.find((l) => l.msg === 'spool write failed');
    assert.equal(logged?.code, 'ENOSPC');
    // The message never got a 250, but its lines carry the queue id it was given at DATA.
    assert.equal(logged?.queueId, 'QUEUEID0001');
    assert.match(String(logged?.err), /no space left on device/);
    assert.ok(logs.some((l) => l.event === 'refused' && l.queueId === 'QUEUEID0001'));
  });
});
