// The relay on a real full file system (a 4 MB tmpfs; root only, as on CI): new mail is refused at
// MAIL with 452 4.3.1 while the spool lacks room, a recipient the next hop accepted is not sent the
// message again while its state cannot be written, and everything flows again once space is freed.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import type { DeliveryStatus } from '../../gateway/delivery/control-schema.ts';
import { DeliveryExtension } from '../../gateway/delivery/extension.ts';
import { createLogger } from '../../gateway/log.ts';
import { Spool } from '../../gateway/spool.ts';
import { fillUp, mountSmallFs } from '../support/small-fs.ts';
import { TestSink } from '../support/smtp-sink.ts';
import { control, openSession, sendMail, startTestRelay } from './harness.ts';

const MAX_MESSAGE_BYTES = 256 * 1024;

function message(subject: string): Buffer {
  return Buffer.from(
    `From: alice@example.com\r\nTo: bob@example.net\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@example.com>\r\n\r\nhello\r\n`,
  );
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('spool on a full file system', () => {
  it('a write that fails for lack of space rejects with ENOSPC, not "The operation was aborted"', async (t) => {
    const fs = await mountSmallFs(4);
    if ('skip' in fs) return t.skip(fs.skip);
    t.after(() => fs.remove());
    const spool = await Spool.open(join(fs.path, 'spool'), createLogger({ level: 'silent' }));
    const filler = fillUp(join(fs.path, 'filler'));
    const body = Readable.from([Buffer.alloc(128 * 1024, 0x62), Buffer.alloc(128 * 1024, 0x62)]);
    const envelope = {
      mailFrom: 'alice@example.com',
      rcptTo: ['bob@example.net'],
      receivedAt: new Date().toISOString(),
      client: { address: '127.0.0.1', helo: 'client.example.com' },
      tls: null,
    };
    await assert.rejects(spool.accept(envelope, body), (error: NodeJS.ErrnoException) => {
      assert.equal(error.code, 'ENOSPC', `${error.name}: ${error.message}`);
      return true;
    });
    assert.equal(spool.size, 0, 'nothing committed');
    filler.free();
    const queued = await spool.accept(envelope, Readable.from([Buffer.from('Subject: x\r\n\r\nhi\r\n')]));
    assert.equal(spool.size, 1);
    assert.equal((await spool.get(queued.id))?.envelope.id, queued.id);
  });

  it('refuses MAIL with 452 4.3.1 while full, sends no recipient twice, and flows again once space is freed', async (t) => {
    const fs = await mountSmallFs(4);
    if ('skip' in fs) return t.skip(fs.skip);
    t.after(() => fs.remove());

    let carolRefused = true;
    let carolTries = 0;
    let holdNext: Promise<void> | undefined;
    const sink = await TestSink.start({
      rcpt: (address) => {
        if (address !== 'carol@example.net') return undefined;
        carolTries++;
        return carolRefused ? '450 4.2.1 mailbox busy, try later' : undefined;
      },
      beforeReply: async () => {
        const hold = holdNext;
        holdNext = undefined;
        await hold;
      },
    });
    t.after(() => sink.close());

    const extension = new DeliveryExtension();
    const dir = join(fs.path, 'relay');
    await mkdir(dir);
    const relay = await startTestRelay(
      {
        maxMessageBytes: MAX_MESSAGE_BYTES,
        delivery: {
          mode: 'smarthost',
          smarthost: { host: '127.0.0.1', port: sink.port },
          connectionIdleSeconds: 0,
          timeoutSeconds: 10,
          retry: { initialSeconds: 0.2, maxSeconds: 0.4, lifetimeHours: 1 },
        },
      },
      { extensions: [extension], dir },
    );
    // Stopped before the file system is unmounted (after() runs in reverse order).
    t.after(() => relay.stop());

    // The first delivery is held at the next hop's end of DATA while the disk fills up, so that the
    // state write after bob's 250 (carol deferred) meets a full disk.
    let release!: () => void;
    holdNext = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['bob@example.net', 'carol@example.net'],
      message: message('first'),
    });
    assert.equal(first.code, 250, first.response);
    await until(() => carolTries >= 1, 'the first delivery attempt');
    const filler = fillUp(join(fs.path, 'filler'));
    release();

    // Several more attempts for carol while the state cannot be written: bob must not get copies.
    await until(() => carolTries >= 5, 'five delivery attempts for carol');
    const bobCopies = () => sink.messages.filter((m) => m.rcptTo.includes('bob@example.net')).length;
    assert.equal(bobCopies(), 1, 'bob got the message once, though its state could not be saved');

    const status = (await control(relay.controlPort, '/status')).body as {
      delivery: DeliveryStatus;
      spool: { full: boolean; freeBytes: number; minFreeBytes: number };
    };
    assert.equal(status.delivery.stateWrites?.unsaved, 1, JSON.stringify(status.delivery.stateWrites));
    assert.ok((status.delivery.stateWrites?.failures ?? 0) >= 1);
    assert.match(status.delivery.stateWrites?.lastError ?? '', /ENOSPC/);
    assert.equal(status.spool.full, true);
    assert.equal(status.spool.minFreeBytes, MAX_MESSAGE_BYTES * 1.5);
    const metrics = (await control(relay.controlPort, '/metrics')).text;
    assert.match(metrics, /^relay_delivery_state_unsaved 1$/m);
    assert.match(metrics, /^relay_delivery_state_write_failures_total [1-9]/m);
    assert.match(metrics, /^relay_spool_full 1$/m);
    const logged = relay.logs.find((l) => l.msg.startsWith('delivery state not saved'));
    assert.equal(logged?.code, 'ENOSPC');

    // New mail is refused at MAIL (before any byte of it is sent), the sender told to try again.
    const { client } = await openSession(relay.smtpPort);
    const mail = await client.command('MAIL FROM:<alice@example.com>');
    client.close();
    assert.match(mail, /^452 4\.3\.1 /, mail);
    const inbound = (await control(relay.controlPort, '/status')).body as {
      inbound: { rejected: Record<string, number> };
    };
    assert.ok((inbound.inbound.rejected['spool-full'] ?? 0) >= 1);

    // Space comes back: the state is saved at the next attempt, mail is accepted again by itself.
    filler.free();
    await until(async () => {
      const s = (await control(relay.controlPort, '/status')).body as { delivery: DeliveryStatus };
      return s.delivery.stateWrites?.unsaved === 0;
    }, 'the delivery state to be saved once space is back');
    const second = await sendMail({
      port: relay.smtpPort,
      from: 'alice@example.com',
      to: ['dave@example.net'],
      message: message('second'),
    });
    assert.equal(second.code, 250, second.response);
    carolRefused = false;
    await sink.waitFor(
      (messages) =>
        messages.some((m) => m.rcptTo.includes('carol@example.net')) &&
        messages.some((m) => m.rcptTo.includes('dave@example.net')),
      30_000,
      'carol and dave',
    );
    await until(() => relay.relay.spool.size === 0, 'the queue to empty');
    const count = (rcpt: string) => sink.messages.filter((m) => m.rcptTo.includes(rcpt)).length;
    assert.deepEqual(
      { bob: count('bob@example.net'), carol: count('carol@example.net'), dave: count('dave@example.net') },
      { bob: 1, carol: 1, dave: 1 },
      'every acknowledged recipient got exactly one copy',
    );
  });
});
