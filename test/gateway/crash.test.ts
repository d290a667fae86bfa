// A kill -9 of the relay process loses no message that got a 250: the spool commits before replying.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { it } from 'node:test';
import { stringify } from 'yaml';
import { QueueResponse } from '../../gateway/control-schema.ts';
import { baseConfig, control, sampleMessage, sendMail, tempDir } from './harness.ts';
import { startRelayProcess } from './process.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

it('kill -9 right after 250 replies loses no spooled message (restart and count)', async (t) => {
  const dir = await tempDir();
  t.after(() => dir.remove());
  const configPath = join(dir.path, 'relay.yaml');
  // Onward delivery runs in the relay process too: give it a next hop that refuses connections, so
  // every message stays queued (deferred) and can be counted after the crash.
  const closed = createServer().listen(0, '127.0.0.1');
  await once(closed, 'listening');
  const refusingPort = (closed.address() as AddressInfo).port;
  closed.close();
  const delivery = { mode: 'smarthost', smarthost: { host: '127.0.0.1', port: refusingPort } };
  await writeFile(configPath, stringify({ ...baseConfig('spool'), log: { level: 'info' }, delivery }));
  const first = await startRelayProcess(configPath);
  t.after(() => first.kill());

  const acknowledged = new Map<string, string>(); // queue id -> sha256 of the bytes sent
  const KILL_AFTER = 40;
  const SESSIONS = 8;
  const PER_SESSION = 20;
  let killed: Promise<void> | undefined;
  const sender = async (session: number) => {
    for (let n = 0; n < PER_SESSION && !killed; n++) {
      const message = sampleMessage(`crash ${session}-${n}`, 2000 + 97 * n);
      const result = await sendMail({
        port: first.smtpPort,
        from: 'alice@example.com',
        to: ['bob@example.org'],
        message,
      });
      if (!result.ok) break; // the relay is gone
      const id = /queued as (\w+)/.exec(result.response)?.[1];
      assert.ok(id, result.response);
      acknowledged.set(id, sha256(message));
      // Kill at once, with the other sessions still in the middle of their transactions.
      if (acknowledged.size === KILL_AFTER && !killed) killed = first.kill();
    }
  };
  await Promise.all(Array.from({ length: SESSIONS }, (_, i) => sender(i)));
  assert.ok(killed, 'the relay was killed while sessions were sending');
  await killed;
  assert.equal(first.child.signalCode, 'SIGKILL');
  assert.ok(acknowledged.size >= KILL_AFTER);

  const second = await startRelayProcess(configPath);
  t.after(() => second.kill());
  const queue = QueueResponse.parse((await control(second.controlPort, '/queue?limit=1000')).body);
  const queued = new Set(queue.messages.map((m) => m.envelope.id));
  for (const [id, digest] of acknowledged) {
    assert.ok(queued.has(id), `message ${id} got a 250 and must survive the crash`);
    assert.equal(sha256(await readFile(join(dir.path, 'spool', 'queue', `${id}.eml`))), digest, id);
  }
  // Anything beyond the acknowledged ones committed but lost its 250 with the process: allowed (a
  // duplicate at worst), but never a partial message.
  for (const message of queue.messages) {
    const bytes = await readFile(join(dir.path, 'spool', 'queue', `${message.envelope.id}.eml`));
    assert.equal(bytes.length, message.envelope.size);
  }
  assert.deepEqual(await readdir(join(dir.path, 'spool', 'tmp')), [], 'recovery emptied tmp/');
  const files = await readdir(join(dir.path, 'spool', 'queue'));
  assert.equal(files.filter((f) => f.endsWith('.eml')).length, queue.total, 'no .eml without its envelope');
  const recovered = second.logs.find((l) => l.msg === 'spool opened') as { messages: number } | undefined;
  assert.equal(recovered?.messages, queue.total);
});
