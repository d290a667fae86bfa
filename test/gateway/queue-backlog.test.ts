// A large backlog: GET /queue?limit=N and GET /status read about N messages (not the whole queue),
// and delivery holds at most delivery.activeLimit messages in memory, taking the rest from disk in
// arrival order.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { QueueResponse, StatusResponse } from '../../gateway/control-schema.ts';
import type { DeliveryStatus } from '../../gateway/delivery/control-schema.ts';
import { DeliveryExtension } from '../../gateway/delivery/extension.ts';
import { TestSink } from '../support/smtp-sink.ts';
import { writeQueuedMessages } from '../support/spool-fixtures.ts';
import { control, sendMail, startTestRelay, tempDir } from './harness.ts';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A next hop that holds every delivery at the end of DATA until released. */
async function holdingSink() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const sink = await TestSink.start({ beforeReply: () => released });
  cleanups.push(() => sink.close());
  cleanups.push(() => release());
  return { sink, release };
}

function deliveryTo(port: number, extra: Record<string, unknown> = {}) {
  return {
    mode: 'smarthost',
    smarthost: { host: '127.0.0.1', port },
    connectionIdleSeconds: 0,
    timeoutSeconds: 30,
    ...extra,
  };
}

describe('a 20,000-message backlog', () => {
  it('answers /queue?limit=N and /status without reading the whole queue', async () => {
    const dir = await tempDir();
    cleanups.push(() => dir.remove());
    const spoolDir = join(dir.path, 'spool');
    const ids = writeQueuedMessages(spoolDir, 20_000);
    // A bad envelope far down the queue: reading every envelope would meet it (and move it away).
    const far = ids[15_000] as string;
    await writeFile(join(spoolDir, 'queue', `${far}.json`), '{"id": "truncated');

    const { sink, release } = await holdingSink();
    const relay = await startTestRelay(
      { delivery: deliveryTo(sink.port, { activeLimit: 5000, concurrency: 2 }) },
      { extensions: [new DeliveryExtension({ shutdownGraceSeconds: 1 })], dir: dir.path },
    );
    cleanups.push(() => relay.stop());
    cleanups.push(() => release());

    const one = (await control(relay.controlPort, '/queue?limit=1')).body as QueueResponse;
    assert.equal(one.total, 20_000);
    assert.deepEqual(
      one.messages.map((m) => m.envelope.id),
      [ids[0]],
    );
    const thousand = (await control(relay.controlPort, '/queue?limit=1000')).body as QueueResponse;
    assert.deepEqual(
      thousand.messages.map((m) => m.envelope.id),
      ids.slice(0, 1000),
      'the oldest thousand, in arrival order',
    );

    type Status = StatusResponse & { delivery: DeliveryStatus; spool: { corrupt: number } };
    let status = (await control(relay.controlPort, '/status')).body as Status;
    // Past the first thousand, delivery reads the queue in the background.
    for (let i = 0; i < 600 && status.delivery.queue.messages < 5000; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await control(relay.controlPort, '/status')).body as Status;
    }
    assert.equal(status.queue.messages, 20_000);
    assert.equal(status.queue.oldestReceivedAt, one.messages[0]?.envelope.receivedAt);
    assert.equal(status.delivery.queue.messages, 5000, 'delivery holds activeLimit messages in memory');
    assert.equal(status.delivery.queue.backlog, 15_000, 'the rest wait on disk');

    assert.equal(status.spool.corrupt, 0, 'the bad envelope far down the queue was not read');
    assert.ok(existsSync(join(spoolDir, 'queue', `${far}.json`)));
  });

  it('delivers from disk in arrival order with at most activeLimit messages in memory, once each', async () => {
    const dir = await tempDir();
    cleanups.push(() => dir.remove());
    const spoolDir = join(dir.path, 'spool');
    const ids = writeQueuedMessages(spoolDir, 30, { subject: (n) => `backlog-${n}` });

    let release!: () => void;
    let held: Promise<void> | undefined = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sink = await TestSink.start({
      beforeReply: async () => {
        const wait = held;
        held = undefined;
        await wait;
      },
    });
    cleanups.push(() => sink.close());
    cleanups.push(() => release());
    const extension = new DeliveryExtension();
    const relay = await startTestRelay(
      { delivery: deliveryTo(sink.port, { activeLimit: 5, concurrency: 1 }) },
      { extensions: [extension], dir: dir.path },
    );
    cleanups.push(() => relay.stop());

    const status = (await control(relay.controlPort, '/status')).body as { delivery: DeliveryStatus };
    assert.equal(status.delivery.queue.messages, 5);
    assert.equal(status.delivery.queue.backlog, 25);
    // A message that arrives now waits behind the backlog.
    const late = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.net'],
      message: 'Subject: late\r\n\r\nlate\r\n',
    });
    assert.equal(late.code, 250, late.response);
    const afterLate = (await control(relay.controlPort, '/status')).body as { delivery: DeliveryStatus };
    assert.equal(afterLate.delivery.queue.messages, 5);
    assert.equal(afterLate.delivery.queue.backlog, 26);

    release();
    await sink.waitFor((m) => m.length >= 31, 30_000, '31 messages');
    const subjects = sink.messages.map((m) => /Subject: (\S+)/.exec(m.bytes.toString())?.[1]);
    assert.deepEqual(subjects, [...ids.map((_, n) => `backlog-${n}`), 'late'], 'arrival order, once each');
  });
});
