// Start-up over a long queue with the extensions main.ts runs (probes, archive, delivery): the relay
// reads the files of at most delivery.activeLimit messages, the oldest, and makes no per-message
// objects for the rest. Counted through spies, not timed (speed is bench/relay-backlog.bench.ts).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ArchiveExtension } from '../../gateway/archive/extension.ts';
import type { DeliveryStatus } from '../../gateway/delivery/control-schema.ts';
import { DeliveryExtension } from '../../gateway/delivery/extension.ts';
import { ProbeRecorder } from '../../gateway/probes.ts';
import type { Relay, RelayExtension } from '../../gateway/relay.ts';
import { TestSink } from '../support/smtp-sink.ts';
import { writeQueuedMessages } from '../support/spool-fixtures.ts';
import { control, startTestRelay, tempDir } from './harness.ts';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** First in the list: records every message whose files the other extensions ask the spool for. */
class SpoolReads implements RelayExtension {
  readonly name = 'spool-reads';
  readonly ids = new Set<string>();

  start(relay: Relay): void {
    const get = relay.spool.get.bind(relay.spool);
    relay.spool.get = (id) => {
      this.ids.add(id);
      return get(id);
    };
  }

  stop(): void {}
}

/** First in the list: records every message a per-message logger is made for (message-log.ts). */
class MessageLoggers implements RelayExtension {
  readonly name = 'message-loggers';
  readonly ids = new Set<string>();

  start(relay: Relay): void {
    const make = relay.messageLog;
    (relay as { messageLog: Relay['messageLog'] }).messageLog = (id) => {
      this.ids.add(id);
      return make(id);
    };
  }

  stop(): void {}
}

/** A next hop that holds every delivery at the end of DATA (an outage), released at cleanup. */
async function holdingSink(): Promise<TestSink> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const sink = await TestSink.start({ beforeReply: () => released });
  cleanups.push(() => sink.close());
  cleanups.push(() => release());
  return sink;
}

/** main.ts's extensions, with `first` ahead of them. */
function productionExtensions(first: RelayExtension): RelayExtension[] {
  const archive = new ArchiveExtension();
  return [
    first,
    new ProbeRecorder({ deliver: false, keepHours: 168 }),
    archive,
    new DeliveryExtension({ finisher: archive, shutdownGraceSeconds: 1 }),
  ];
}

async function deliveryStatus(port: number): Promise<DeliveryStatus> {
  return ((await control(port, '/status')).body as { delivery: DeliveryStatus }).delivery;
}

function holdingDelivery(port: number) {
  return {
    mode: 'smarthost',
    smarthost: { host: '127.0.0.1', port },
    connectionIdleSeconds: 0,
    timeoutSeconds: 30,
    activeLimit: 200,
    concurrency: 2,
  };
}

async function untilActive(port: number, messages: number): Promise<DeliveryStatus> {
  let status = await deliveryStatus(port);
  for (let i = 0; i < 200 && status.queue.messages < messages; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = await deliveryStatus(port);
  }
  return status;
}

describe('start-up over a long queue', () => {
  it('reads only the oldest activeLimit messages, whatever the extensions', async () => {
    const dir = await tempDir();
    cleanups.push(() => dir.remove());
    const ids = writeQueuedMessages(join(dir.path, 'spool'), 3000);
    const sink = await holdingSink();
    const reads = new SpoolReads();
    const relay = await startTestRelay(
      { delivery: holdingDelivery(sink.port) },
      { extensions: productionExtensions(reads), dir: dir.path },
    );
    cleanups.push(() => relay.stop());

    const status = await untilActive(relay.controlPort, 200);
    assert.equal(status.queue.messages, 200, 'delivery holds activeLimit messages');
    assert.equal(status.queue.backlog, 2800);
    const oldest = new Set(ids.slice(0, 200));
    const beyond = [...reads.ids].filter((id) => !oldest.has(id));
    assert.equal(beyond.length, 0, `read ${beyond.length} messages beyond activeLimit, e.g. ${beyond[0]}`);
  });

  it('makes a logger only for the messages being attempted, not for every message held', async () => {
    const dir = await tempDir();
    cleanups.push(() => dir.remove());
    writeQueuedMessages(join(dir.path, 'spool'), 1000);
    const sink = await holdingSink();
    const loggers = new MessageLoggers();
    const relay = await startTestRelay(
      { delivery: holdingDelivery(sink.port) },
      { extensions: productionExtensions(loggers), dir: dir.path },
    );
    cleanups.push(() => relay.stop());

    let status = await untilActive(relay.controlPort, 200);
    for (let i = 0; i < 200 && status.queue.inFlight < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await deliveryStatus(relay.controlPort);
    }
    assert.equal(status.queue.messages, 200);
    assert.equal(status.queue.inFlight, 2, 'two attempts held at the next hop');
    assert.ok(
      loggers.ids.size <= 2,
      `${loggers.ids.size} message loggers for 200 messages held and 2 attempts in flight`,
    );
  });
});
