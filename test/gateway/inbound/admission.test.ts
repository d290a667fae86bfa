// Admission at accept time against a real relay on loopback: refused clients are answered and closed
// before a session exists (no slot, no early-talker wait), per-address and total limits are counted,
// and no allowed client can hold a slot forever (dataSeconds, sessionSeconds).
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { control, openSession, RawSmtpClient, startTestRelay, type TestRelay } from '../harness.ts';

async function rejected(relay: TestRelay): Promise<Record<string, number>> {
  const { body } = await control(relay.controlPort, '/status');
  return (body as { inbound: { rejected: Record<string, number> } }).inbound.rejected;
}

async function greeting(
  port: number,
  localAddress: string,
): Promise<{ client: RawSmtpClient; reply: string }> {
  const client = await RawSmtpClient.connect(port, { localAddress });
  return { client, reply: await client.reply() };
}

describe('admission at accept time', () => {
  it('answers a refused client 554 even while every slot is taken, and counts 421 too-many-clients', async (t) => {
    const relay = await startTestRelay({
      allow: { spf: [], cidrs: ['127.0.0.1/32', '127.0.0.3/32'] },
      limits: { maxClients: 1, closeTimeoutSeconds: 1 },
    });
    t.after(() => relay.stop());
    const holder = await openSession(relay.smtpPort, { localAddress: '127.0.0.1' });
    assert.match(holder.ehlo, /^250/);

    const outsider = await greeting(relay.smtpPort, '127.0.0.2');
    assert.match(outsider.reply, /^554 5\.7\.1 Client address 127\.0\.0\.2 is not allowed/);
    assert.equal(await outsider.client.reply(), '', 'closed after the reply');

    const second = await greeting(relay.smtpPort, '127.0.0.3');
    assert.match(second.reply, /^421 4\.3\.2 Too many connected clients \(limit 1\)/);
    second.client.close();
    holder.client.close();
    const counts = await rejected(relay);
    assert.equal(counts['client-not-allowed'], 1);
    assert.equal(counts['too-many-clients'], 1);
  });

  it('answers a refused early talker 554 at once, not "talk too soon" after a wait', async (t) => {
    const relay = await startTestRelay({ allow: { spf: [], cidrs: ['127.0.0.1/32'] } });
    t.after(() => relay.stop());
    const client = await RawSmtpClient.connect(relay.smtpPort, { localAddress: '127.0.0.2' });
    t.after(() => client.close());
    client.write('EHLO early.test\r\nMAIL FROM:<a@example.com>\r\n');
    assert.match(await client.reply(), /^554 5\.7\.1 /);
    assert.equal(await client.reply(), '', 'nothing else: no session ever existed');
  });

  it('greets an allowed client at once: a client that talks before the greeting is served, not refused', async (t) => {
    const relay = await startTestRelay({ limits: { closeTimeoutSeconds: 1 } });
    t.after(() => relay.stop());
    const client = await RawSmtpClient.connect(relay.smtpPort);
    client.write('EHLO prompt.test\r\n');
    assert.match(await client.reply(), /^220 /);
    assert.match(await client.reply(), /^250[ -]/);
    client.close();
  });

  it('keeps Google getting through during a flood of refused connections', async (t) => {
    const relay = await startTestRelay({
      allow: { spf: [], cidrs: ['127.0.0.1/32'] },
      limits: { maxClients: 3 },
    });
    t.after(() => relay.stop());
    const flood: Promise<string>[] = [];
    const clients: RawSmtpClient[] = [];
    t.after(() => {
      for (const c of clients) c.close();
    });
    const FLOOD = 300;
    for (let i = 0; i < FLOOD; i++) {
      flood.push(
        RawSmtpClient.connect(relay.smtpPort, {
          localAddress: `127.0.${1 + (i % 200)}.${2 + (i % 50)}`,
        }).then((c) => {
          clients.push(c);
          return c.reply();
        }),
      );
      if (i === FLOOD / 2) {
        // An allowed client in the middle of the flood.
        flood.push(
          openSession(relay.smtpPort, { localAddress: '127.0.0.1' }).then(({ client, greeting }) => {
            client.close();
            return `allowed:${greeting}`;
          }),
        );
      }
    }
    const replies = await Promise.all(flood);
    const allowed = replies.find((r) => r.startsWith('allowed:'));
    assert.match(allowed ?? '', /^allowed:220 /);
    const refused = replies.filter((r) => !r.startsWith('allowed:'));
    assert.equal(refused.length, FLOOD);
    assert.ok(
      refused.every((r) => /^554 5\.7\.1 /.test(r)),
      refused.find((r) => !r.startsWith('554')),
    );
    const counts = await rejected(relay);
    assert.equal(counts['client-not-allowed'], FLOOD);
    assert.equal(counts['too-many-clients'], 0);
  });

  it('bounds one address to limits.maxConnectionsPerIp sessions', async (t) => {
    const relay = await startTestRelay({
      allow: { spf: [], cidrs: ['127.0.0.0/24'] },
      limits: { maxConnectionsPerIp: 2, closeTimeoutSeconds: 1 },
    });
    t.after(() => relay.stop());
    const sessions = [
      await openSession(relay.smtpPort, { localAddress: '127.0.0.1' }),
      await openSession(relay.smtpPort, { localAddress: '127.0.0.1' }),
    ];
    const third = await greeting(relay.smtpPort, '127.0.0.1');
    assert.match(third.reply, /^421 4\.7\.0 Too many connections from 127\.0\.0\.1 \(limit 2\)/);
    third.client.close();
    const other = await openSession(relay.smtpPort, { localAddress: '127.0.0.5' });
    other.client.close();
    assert.match(other.greeting, /^220 /);
    assert.equal((await rejected(relay))['too-many-connections-per-ip'], 1);
    // A slot comes back when a session ends.
    sessions[0]?.client.close();
    let again = '';
    for (let i = 0; i < 50 && !again.startsWith('220'); i++) {
      const next = await greeting(relay.smtpPort, '127.0.0.1');
      again = next.reply;
      next.client.close();
      if (!again.startsWith('220')) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.match(again, /^220 /);
    sessions[1]?.client.close();
  });
});

describe('time limits on allowed clients', () => {
  it('ends a DATA phase that trickles past limits.dataSeconds with 421 4.4.2, and queues nothing', async (t) => {
    const relay = await startTestRelay({ limits: { dataSeconds: 1 } });
    t.after(() => relay.stop());
    const { client } = await openSession(relay.smtpPort);
    t.after(() => client.close());
    assert.match(await client.command('MAIL FROM:<alice@example.com>'), /^250/);
    assert.match(await client.command('RCPT TO:<bob@example.org>'), /^250/);
    assert.match(await client.command('DATA'), /^354/);
    // A byte at a time, well within the idle timeout, for as long as the relay lets it.
    const trickle = setInterval(() => client.write('x'), 100);
    t.after(() => clearInterval(trickle));
    assert.match(await client.reply(), /^421 4\.4\.2 DATA took longer than 1 seconds/);
    clearInterval(trickle);
    assert.equal(await client.reply(), '', 'the connection is closed');
    assert.deepEqual(await readdir(join(relay.spoolDir, 'queue')), []);
    assert.equal((await rejected(relay))['data-timeout'], 1);
  });

  it('ends a session that outlives limits.sessionSeconds with 421 4.4.2', async (t) => {
    const relay = await startTestRelay({ limits: { sessionSeconds: 1 } });
    t.after(() => relay.stop());
    const { client } = await openSession(relay.smtpPort);
    t.after(() => client.close());
    let last = '';
    for (let i = 0; i < 100; i++) {
      last = await client.command('NOOP');
      if (!last.startsWith('250')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(last, /^421 4\.4\.2 Session lasted longer than 1 seconds/);
    assert.equal((await rejected(relay))['session-timeout'], 1);
  });
});
