// kill -9 of the relay while archive copies are pending (the archive server is down): after a restart
// with the archive server back, every accepted message reaches the archive, byte for byte, and the
// recipients are not sent the message again.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { messageOfReport } from '../../../gateway/archive/journal.ts';
import { freePort } from '../../support/ports.ts';
import { TestSink } from '../../support/smtp-sink.ts';
import { waitFor } from '../../support/wait.ts';
import { sendMail, TOKEN, tempDir } from '../harness.ts';
import { type RelayProcess, startRelayProcess } from '../process.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

it('loses no archive copy when the relay is killed with SIGKILL while copies are pending', async () => {
  const dir = await tempDir('archive-crash-');
  cleanups.push(() => dir.remove());
  const sink = await TestSink.start();
  cleanups.push(() => sink.close());
  const archivePort = await freePort();
  const spool = join(dir.path, 'spool');
  const configFile = join(dir.path, 'relay.yaml');
  await writeFile(
    configFile,
    JSON.stringify({
      listen: { host: '127.0.0.1', port: 0 },
      allow: { spf: [], cidrs: ['127.0.0.1/32'] },
      senders: ['example.com'],
      spool,
      control: { host: '127.0.0.1', port: 0, token: TOKEN },
      delivery: {
        mode: 'smarthost',
        smarthost: { host: '127.0.0.1', port: sink.port },
        received: false,
        connectionIdleSeconds: 0,
      },
      archive: {
        smtp: { host: '127.0.0.1', port: archivePort, to: 'journal@archive.example.net' },
        retry: { initialSeconds: 0.2, maxSeconds: 0.5 },
      },
    }),
  );
  let relay: RelayProcess = await startRelayProcess(configFile);
  cleanups.push(() => relay.kill());

  const total = 8;
  const sent = new Map<string, Buffer>();
  for (let i = 0; i < total; i++) {
    const bytes = Buffer.from(
      `From: alice@example.com\r\nSubject: crash ${i}\r\n\r\nbody ${i} \u00e9\r\n`,
      'utf8',
    );
    const result = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.net'],
      message: bytes,
    });
    assert.equal(result.code, 250, result.response);
    sent.set(result.response.match(/queued as (\w+)/)?.[1] as string, bytes);
  }
  // Recipients are not held back by the archive; their final state is on disk, the copies pending.
  await sink.waitFor((m) => m.length === total);
  const queue = join(spool, 'queue');
  await waitFor(
    async () => (await readdir(queue)).filter((n) => n.endsWith('.state.json')).length === total,
    'final delivery states',
    10_000,
  );
  await relay.kill();
  assert.equal(
    (await readdir(queue)).filter((n) => n.endsWith('.eml')).length,
    total,
    'copies pending at the kill',
  );

  const archive = await TestSink.start({ port: archivePort });
  cleanups.push(() => archive.close());
  relay = await startRelayProcess(configFile);
  await archive.waitFor((m) => m.length >= total, 30_000, 'every journal report');
  const archived = new Map<string, string>();
  for (const report of archive.messages) {
    const id = /X-Gateway-Journal-Queue-Id: (\w+)/.exec(report.bytes.toString('latin1'))?.[1] as string;
    archived.set(id, sha256(messageOfReport(report.bytes) ?? Buffer.alloc(0)));
  }
  for (const [id, bytes] of sent) assert.equal(archived.get(id), sha256(bytes), `archive copy of ${id}`);
  await waitFor(async () => (await readdir(queue)).length === 0, 'an empty queue', 10_000);
  assert.equal(sink.messages.length, total, 'no recipient got a message twice');
});
