// Scanning with a real rspamd on loopback (npm run test:interop: its first start takes about a
// minute): GTUBE gets rspamd's `reject` and the relay's 550 5.7.1; other actions pass unchanged.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DeliveryExtension } from '../../../gateway/delivery/extension.ts';
import { findRspamd, GTUBE, startRspamd, type TestRspamd } from '../../support/rspamd.ts';
import { TestSink } from '../../support/smtp-sink.ts';
import { control, sendMail, startTestRelay, type TestRelay } from '../harness.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const found = findRspamd();
const skip = 'missing' in found ? found.missing : false;
if (skip) console.log(`# ${skip}`);

function message(subject: string, body: string): Buffer {
  return Buffer.from(
    [
      'From: alice@example.com',
      'To: bob@example.net',
      `Subject: ${subject}`,
      'Date: Fri, 04 Dec 2026 10:00:00 +0000',
      `Message-ID: <${subject.replace(/\W/g, '')}@example.com>`,
      '',
      body,
      '',
    ].join('\r\n'),
  );
}

describe('content scan with a real rspamd', { skip, timeout: 240_000 }, () => {
  let rspamd: TestRspamd;
  let sink: TestSink;
  let relay: TestRelay;

  before(async () => {
    rspamd = await startRspamd((found as { path: string }).path);
    sink = await TestSink.start();
    relay = await startTestRelay(
      {
        scan: { rspamd: { url: rspamd.url }, timeoutMs: 20_000 },
        delivery: {
          mode: 'smarthost',
          smarthost: { host: '127.0.0.1', port: sink.port },
          received: false,
          connectionIdleSeconds: 0,
        },
      },
      { extensions: [new DeliveryExtension()] },
    );
  });
  after(async () => {
    await relay?.stop();
    await sink?.close();
    await rspamd?.stop();
  });

  it('refuses GTUBE with 550 5.7.1 (rspamd action reject)', async () => {
    const result = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.net'],
      message: message('spam', GTUBE),
    });
    assert.equal(result.code, 550, result.response);
    assert.match(result.response, /5\.7\.1/);
    const line = relay.logs.find((l) => l.event === 'refused' && l.reason === 'spam');
    const scan = line?.scan as { scanner: string; action: string }[] | undefined;
    assert.equal(scan?.[0]?.action, 'reject');
  });

  it('delivers other mail unchanged and records the action', async () => {
    const bytes = message('hello', 'Lunch at noon?');
    const result = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.net'],
      message: bytes,
    });
    assert.equal(result.code, 250, result.response);
    await sink.waitFor((m) => m.length === 1);
    assert.equal(sha256(sink.messages[0]?.bytes ?? Buffer.alloc(0)), sha256(bytes));
    const line = relay.logs.find((l) => l.event === 'queued');
    const scan = line?.scan as { scanner: string; kind: string; action: string }[] | undefined;
    assert.equal(scan?.[0]?.scanner, 'rspamd');
    assert.equal(scan?.[0]?.kind, 'spam-action');
    assert.notEqual(scan?.[0]?.action, 'reject');
    const health = await control(relay.controlPort, '/healthz');
    assert.equal(health.status, 200);
  });
});
