// The archive copy end to end: a real relay, a recipient sink and an archive (a directory, or an
// archive server on loopback that is down for a while). Copies are byte-exact, tracked until written,
// and never hold the recipients back.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ArchiveExtension } from '../../../gateway/archive/extension.ts';
import { messageOfReport } from '../../../gateway/archive/journal.ts';
import { ConfigError, parseConfig } from '../../../gateway/config.ts';
import { DeliveryExtension } from '../../../gateway/delivery/extension.ts';
import { freePort } from '../../support/ports.ts';
import { TestSink } from '../../support/smtp-sink.ts';
import { waitFor } from '../../support/wait.ts';
import { baseConfig, control, sendMail, startTestRelay, type TestRelay, tempDir } from '../harness.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function message(subject: string): Buffer {
  // 8-bit text and a long line: bytes a careless copy would re-encode.
  return Buffer.from(
    [
      'From: alice@example.com',
      'To: bob@example.net, carol@example.org',
      `Subject: ${subject}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Grüße aus dem Archiv — 日本語も',
      '.leading dot',
      'x'.repeat(900),
      '',
    ].join('\r\n'),
    'utf8',
  );
}

async function relayWith(archive: Record<string, unknown>, sinkPort: number): Promise<TestRelay> {
  const archiveExtension = new ArchiveExtension();
  const relay = await startTestRelay(
    {
      archive: { retry: { initialSeconds: 0.2, maxSeconds: 0.5 }, ...archive },
      delivery: {
        mode: 'smarthost',
        smarthost: { host: '127.0.0.1', port: sinkPort },
        received: false,
        connectionIdleSeconds: 0,
        timeoutSeconds: 10,
      },
    },
    { extensions: [archiveExtension, new DeliveryExtension({ finisher: archiveExtension })] },
  );
  cleanups.push(() => relay.stop());
  return relay;
}

async function queueFiles(relay: TestRelay): Promise<string[]> {
  return (await readdir(join(relay.spoolDir, 'queue'))).sort();
}

interface ArchiveSection {
  archived: number;
  pending: number;
  failing: number;
  lastError?: string;
  alert: boolean;
}

async function archiveStatus(relay: TestRelay): Promise<ArchiveSection> {
  return ((await control(relay.controlPort, '/status')).body as { archive: ArchiveSection }).archive;
}

describe('archive copy', () => {
  it('archive.dir: the sink and the archive get the same bytes (sha256), with the envelope, then the message leaves the queue', async () => {
    const sink = await TestSink.start();
    cleanups.push(() => sink.close());
    const dir = await tempDir('archive-dir-');
    cleanups.push(() => dir.remove());
    const relay = await relayWith({ dir: dir.path }, sink.port);
    const bytes = message('to the archive');
    const result = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.net', 'carol@example.org'],
      message: bytes,
    });
    assert.equal(result.code, 250, result.response);
    const id = result.response.match(/queued as (\w+)/)?.[1] as string;
    await sink.waitFor((m) => m.length === 1);
    await waitFor(async () => (await archiveStatus(relay)).archived === 1, 'the archive copy', 10_000);
    await waitFor(
      async () => (await queueFiles(relay)).length === 0,
      'the message to leave the queue',
      10_000,
    );

    const now = new Date();
    const day = join(
      dir.path,
      String(now.getUTCFullYear()),
      String(now.getUTCMonth() + 1).padStart(2, '0'),
      String(now.getUTCDate()).padStart(2, '0'),
    );
    assert.deepEqual((await readdir(day)).sort(), [`${id}.eml`, `${id}.json`]);
    const archived = await readFile(join(day, `${id}.eml`));
    assert.equal(sha256(archived), sha256(bytes));
    assert.equal(sha256(sink.messages[0]?.bytes ?? Buffer.alloc(0)), sha256(bytes));
    const envelope = JSON.parse(await readFile(join(day, `${id}.json`), 'utf8')) as Record<string, unknown>;
    assert.equal(envelope.queueId, id);
    assert.equal(envelope.mailFrom, 'alice@example.com');
    assert.deepEqual(envelope.rcptTo, ['bob@example.net', 'carol@example.org']);
    assert.equal((envelope.client as { address: string }).address, '127.0.0.1');
    assert.equal(typeof envelope.receivedAt, 'string');
    assert.deepEqual(await archiveStatus(relay), {
      configured: true,
      destination: `dir:${dir.path}`,
      archived: 1,
      pending: 0,
      failing: 0,
      alert: false,
      alertAfterMinutes: 60,
    });
  });

  it('archive.smtp down: recipients are delivered at once, the copy is kept and retried, and sent byte-exact once the server is back', async () => {
    const sink = await TestSink.start();
    cleanups.push(() => sink.close());
    const archivePort = await freePort();
    const relay = await relayWith(
      {
        smtp: { host: '127.0.0.1', port: archivePort, to: 'journal@archive.example.net' },
        alertAfterMinutes: 1,
      },
      sink.port,
    );
    const bytes = message('archive server down');
    const result = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.net'],
      message: bytes,
    });
    assert.equal(result.code, 250, result.response);
    await sink.waitFor((m) => m.length === 1);
    await waitFor(
      async () => {
        const s = await archiveStatus(relay);
        return (
          s.failing === 1 && s.pending === 1 && s.archived === 0 && s.lastError?.includes('ECONNREFUSED')
        );
      },
      'a failing archive copy',
      10_000,
    );
    // Delivered to its recipients but kept for the archive.
    assert.equal((await queueFiles(relay)).filter((n) => n.endsWith('.eml')).length, 1);

    const archive = await TestSink.start({ port: archivePort });
    cleanups.push(() => archive.close());
    await archive.waitFor((m) => m.length === 1, 20_000, 'the journal report');
    const report = archive.messages[0];
    assert.equal(report?.mailFrom, '');
    assert.deepEqual(report?.rcptTo, ['journal@archive.example.net']);
    const inner = messageOfReport(report?.bytes ?? Buffer.alloc(0));
    assert.ok(inner, 'the report has a message/rfc822 part');
    assert.equal(sha256(inner), sha256(bytes));
    await waitFor(
      async () => (await queueFiles(relay)).length === 0,
      'the message to leave the queue',
      10_000,
    );
    const status = await archiveStatus(relay);
    assert.equal(status.archived, 1);
    assert.equal(status.pending, 0);
    assert.equal(status.failing, 0);
    assert.equal(sink.messages.length, 1, 'recipients got the message once');
  });

  it('refuses a configuration with both or neither destination, naming the keys', () => {
    for (const archive of [{ dir: '/tmp/a', smtp: { host: 'a.example', to: 'j@a.example' } }, {}]) {
      assert.throws(
        () => parseConfig(baseConfig('/tmp/spool', { archive }), '/tmp'),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.lines.some((l) => /archive: needs exactly one destination: dir .* or smtp/.test(l)),
      );
    }
    assert.throws(
      () =>
        parseConfig(
          baseConfig('/tmp/spool', { archive: { smtp: { host: 'a.example', to: 'not an address' } } }),
          '/tmp',
        ),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.lines.some((l) =>
          /archive\.smtp\.to: must be the journaling address.*"not an address"/.test(l),
        ),
    );
  });
});
