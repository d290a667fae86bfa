// Unreadable or malformed spool files: the relay starts anyway, moves them to <spool>/corrupt/ (never
// deletes them), logs each with its queue id, counts them in /status and /metrics, and delivers the
// rest.
import assert from 'node:assert/strict';
import { readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DeliveryExtension } from '../../gateway/delivery/extension.ts';
import { TestSink } from '../support/smtp-sink.ts';
import { writeQueuedMessages } from '../support/spool-fixtures.ts';
import { control, sendMail, startTestRelay, tempDir } from './harness.ts';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function corruptCount(port: number): Promise<number> {
  const status = (await control(port, '/status')).body as { spool: { corrupt: number } };
  return status.spool.corrupt;
}

describe('corrupt spool files', () => {
  it('moves each kind to corrupt/ at start-up, keeps the bytes, and delivers the good message', async () => {
    const dir = await tempDir();
    cleanups.push(() => dir.remove());
    const spoolDir = join(dir.path, 'spool');
    const queueDir = join(spoolDir, 'queue');
    const [good, empty, truncated, junk, badState, orphanState] = writeQueuedMessages(spoolDir, 6, {
      subject: (n) => `message ${n}`,
    }) as [string, string, string, string, string, string];
    const junkBytes = Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x22, 0x80, 0x81, 0x0a, 0x00]);
    const wrote: Record<string, Buffer> = {
      [`${empty}.json`]: Buffer.alloc(0),
      [`${truncated}.json`]: Buffer.from('{"id":"'),
      [`${junk}.json`]: junkBytes,
      [`${badState}.state.json`]: Buffer.from('{"recipients": [{"address": 42}'),
      [`${orphanState}.state.json`]: Buffer.from('{"recipients":[],"attempts":1,"nextAttemptAt":"x"}\n'),
    };
    for (const [name, bytes] of Object.entries(wrote)) await writeFile(join(queueDir, name), bytes);
    // The orphan state's envelope is gone; its bytes stay with it.
    await unlink(join(queueDir, `${orphanState}.json`));

    const sink = await TestSink.start();
    cleanups.push(() => sink.close());
    const extension = new DeliveryExtension();
    const relay = await startTestRelay(
      {
        delivery: {
          mode: 'smarthost',
          smarthost: { host: '127.0.0.1', port: sink.port },
          connectionIdleSeconds: 0,
          timeoutSeconds: 10,
        },
      },
      { extensions: [extension], dir: dir.path },
    );
    cleanups.push(() => relay.stop());

    await sink.waitFor((m) => m.length >= 1, 20_000, 'the good message');
    assert.equal(sink.messages.length, 1);
    assert.match(sink.messages[0]?.bytes.toString() ?? '', /Subject: message 0/);
    for (let i = 0; i < 200 && relay.relay.spool.size > 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(relay.relay.spool.size, 0, `only ${good} was deliverable, and it left the queue`);

    const corrupt = await readdir(join(spoolDir, 'corrupt'));
    for (const id of [empty, truncated, junk, badState, orphanState])
      assert.ok(
        corrupt.some((n) => n.startsWith(id)),
        `${id} is in corrupt/: ${corrupt.join(' ')}`,
      );
    for (const [name, bytes] of Object.entries(wrote))
      assert.deepEqual(await readFile(join(spoolDir, 'corrupt', name)), bytes, `${name} kept as it was`);
    assert.ok(corrupt.includes(`${orphanState}.eml`), 'the orphan state keeps its bytes');
    assert.ok(corrupt.includes(`${badState}.json`) && corrupt.includes(`${badState}.eml`));
    assert.equal((await readdir(queueDir)).length, 0, 'nothing of them left in queue/');

    assert.equal(await corruptCount(relay.controlPort), 5);
    const metrics = (await control(relay.controlPort, '/metrics')).text;
    assert.match(metrics, /^relay_spool_corrupt_messages 5$/m);
    const logged = relay.logs
      .filter((l) => typeof l.msg === 'string' && l.msg.includes('moved to corrupt/'))
      .map((l) => l.queueId as string)
      .sort();
    assert.deepEqual(logged, [empty, truncated, junk, badState, orphanState].sort());
  });

  it('moves a file that goes bad while queued when it is met, and counts it', async () => {
    const relay = await startTestRelay();
    cleanups.push(() => relay.stop());
    const sent = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.net'],
      message: 'Subject: later\r\n\r\nhi\r\n',
    });
    assert.equal(sent.code, 250, sent.response);
    const id = sent.response.match(/queued as ([0-9A-Za-z]+)/)?.[1] as string;
    assert.equal(await corruptCount(relay.controlPort), 0);
    await writeFile(join(relay.spoolDir, 'queue', `${id}.json`), '{"id": "tru');

    const queue = (await control(relay.controlPort, '/queue?limit=10')).body as {
      total: number;
      messages: unknown[];
    };
    assert.deepEqual({ total: queue.total, messages: queue.messages.length }, { total: 0, messages: 0 });
    assert.equal(await corruptCount(relay.controlPort), 1);
    assert.deepEqual((await readdir(join(relay.spoolDir, 'corrupt'))).sort(), [`${id}.eml`, `${id}.json`]);
    assert.equal(await readFile(join(relay.spoolDir, 'corrupt', `${id}.json`), 'utf8'), '{"id": "tru');
  });
});
