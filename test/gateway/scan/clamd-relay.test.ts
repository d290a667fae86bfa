// Scanning at the end of DATA with a real clamd on loopback (signatures made at test time): clean mail
// is delivered byte for byte, EICAR (plain or as a base64 attachment) gets 554 5.7.1 and is never
// queued, a scanner that is down gives 451 4.7.1 (onError: tempfail) or passes mail (onError: accept).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DeliveryExtension } from '../../../gateway/delivery/extension.ts';
import { EICAR, EICAR_BODY_SIGNATURE, findClamd, startClamd, type TestClamd } from '../../support/clamd.ts';
import { freePort } from '../../support/ports.ts';
import { TestSink } from '../../support/smtp-sink.ts';
import { control, sendMail, startTestRelay, type TestRelay } from '../harness.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const found = findClamd();
const skip = 'missing' in found ? found.missing : false;
if (skip) console.log(`# ${skip}`);

function crlf(lines: string[]): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1');
}

function plainMessage(subject: string, body: string): Buffer {
  return crlf([
    'From: alice@example.com',
    'To: bob@example.net',
    `Subject: ${subject}`,
    'Message-ID: <scan-test@example.com>',
    '',
    body,
  ]);
}

function attachmentMessage(content: Buffer): Buffer {
  const b64 = content.toString('base64');
  return crlf([
    'From: alice@example.com',
    'To: bob@example.net',
    'Subject: the report',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'See the attachment.',
    '--b1',
    'Content-Type: application/octet-stream; name="report.com"',
    'Content-Disposition: attachment; filename="report.com"',
    'Content-Transfer-Encoding: base64',
    '',
    ...(b64.match(/.{1,76}/g) ?? []),
    '--b1--',
  ]);
}

describe('content scan with a real clamd', { skip }, () => {
  let clamd: TestClamd;
  let sink: TestSink;
  const relays: TestRelay[] = [];

  before(async () => {
    clamd = await startClamd((found as { path: string }).path);
    sink = await TestSink.start();
  });
  after(async () => {
    for (const relay of relays) await relay.stop();
    await sink?.close();
    await clamd?.stop();
  });

  async function relayWith(scan: Record<string, unknown> | undefined): Promise<TestRelay> {
    const relay = await startTestRelay(
      {
        ...(scan ? { scan } : {}),
        delivery: {
          mode: 'smarthost',
          smarthost: { host: '127.0.0.1', port: sink.port },
          received: false,
          connectionIdleSeconds: 0,
          timeoutSeconds: 10,
        },
      },
      { extensions: [new DeliveryExtension()] },
    );
    relays.push(relay);
    return relay;
  }

  async function queued(relay: TestRelay): Promise<string[]> {
    return (await readdir(join(relay.spoolDir, 'queue'))).filter((n) => n.endsWith('.eml'));
  }

  it('delivers clean mail unchanged (sha256 equal at the sink) after clamd said OK', async () => {
    const relay = await relayWith({ clamd: { host: clamd.host, port: clamd.port } });
    const message = plainMessage('clean', 'Nothing to see here.');
    const result = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.net'],
      message,
    });
    assert.equal(result.code, 250, result.response);
    await sink.waitFor((m) => m.some((x) => x.bytes.includes('Subject: clean')));
    const got = sink.messages.find((x) => x.bytes.includes('Subject: clean'));
    assert.equal(sha256(got?.bytes ?? Buffer.alloc(0)), sha256(message));
    const line = relay.logs.find((l) => l.event === 'queued');
    assert.deepEqual(line?.scan, [{ scanner: 'clamd', kind: 'clean' }]);
  });

  it('refuses EICAR in the body with 554 5.7.1, logs the signature and queues nothing', async () => {
    const relay = await relayWith({ clamd: { host: clamd.host, port: clamd.port } });
    const before = sink.messages.length;
    const result = await sendMail({
      port: relay.smtpPort,
      from: 'mallory@example.com',
      to: ['bob@example.net'],
      message: plainMessage('eicar', EICAR.toString('latin1')),
    });
    assert.equal(result.code, 554, result.response);
    assert.match(result.response, /5\.7\.1/);
    const line = relay.logs.find((l) => l.event === 'refused' && l.reason === 'virus');
    assert.ok(line, 'a refused line with reason virus');
    assert.equal(line.from, 'mallory@example.com');
    assert.deepEqual(line.scan, [
      { scanner: 'clamd', kind: 'virus', signature: `${EICAR_BODY_SIGNATURE}.UNOFFICIAL` },
    ]);
    assert.deepEqual(await queued(relay), []);
    const status = (await control(relay.controlPort, '/status')).body as { scan: Record<string, unknown> };
    assert.deepEqual((status.scan.lastDay as Record<string, number>).virus, 1);
    assert.equal(sink.messages.length, before);
  });

  it('refuses EICAR as a base64 attachment (clamd decodes MIME)', async () => {
    const relay = await relayWith({ clamd: { socket: clamd.socket } });
    const result = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.net'],
      message: attachmentMessage(EICAR),
    });
    assert.equal(result.code, 554, result.response);
    const line = relay.logs.find((l) => l.event === 'refused' && l.reason === 'virus');
    const scan = line?.scan as { signature?: string }[] | undefined;
    assert.match(scan?.[0]?.signature ?? '', /^Test-Eicar-(Body|Hash)/);
    assert.deepEqual(await queued(relay), []);
  });

  it('answers 451 4.7.1 when clamd is down and onError is tempfail (the default)', async () => {
    const relay = await relayWith({ clamd: { host: '127.0.0.1', port: await freePort() }, timeoutMs: 2000 });
    const result = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.net'],
      message: plainMessage('down-tempfail', 'hello'),
    });
    assert.equal(result.code, 451, result.response);
    assert.match(result.response, /4\.7\.1/);
    assert.deepEqual(await queued(relay), []);
    const health = await control(relay.controlPort, '/healthz');
    assert.equal(health.status, 503);
    assert.match(health.text, /clamd at 127\.0\.0\.1:\d+: ECONNREFUSED/);
  });

  it('accepts and delivers unscanned mail when clamd is down and onError is accept', async () => {
    const relay = await relayWith({
      clamd: { host: '127.0.0.1', port: await freePort() },
      onError: 'accept',
      timeoutMs: 2000,
    });
    const message = plainMessage('down-accept', 'hello');
    const result = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.net'],
      message,
    });
    assert.equal(result.code, 250, result.response);
    await sink.waitFor((m) => m.some((x) => x.bytes.includes('Subject: down-accept')));
    assert.ok(relay.logs.some((l) => l.event === 'scan-error' && l.onError === 'accept'));
  });

  it('scans nothing without scan: and reports healthy', async () => {
    const relay = await relayWith(undefined);
    const result = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.net'],
      message: plainMessage('unscanned-eicar', EICAR.toString('latin1')),
    });
    assert.equal(result.code, 250, result.response);
    assert.equal((await control(relay.controlPort, '/healthz')).status, 200);
  });
});
