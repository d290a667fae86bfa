// kill -9 of the relay in the middle of a delivery run: every message that got a 250 from the relay
// reaches the next hop after a restart (duplicates allowed, losses not).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, it } from 'node:test';
import { TestSink } from '../support/smtp-sink.ts';
import { sendMail, TOKEN, tempDir } from './harness.ts';

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Starts `npm run gateway` as its own process; resolves with its SMTP port once it listens. */
function startRelay(configFile: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts', '--config', configFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('relay did not start listening within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`relay exited with ${code} before listening`)));
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { event?: string; smtp?: { port: number } };
      if (entry.event === 'listening' && entry.smtp) {
        clearTimeout(timer);
        resolve({ child, port: entry.smtp.port });
      }
    });
  });
}

it('loses no accepted message when the relay is killed with SIGKILL mid-delivery', async (t) => {
  // The next hop answers each message after a pause, so deliveries are in flight at the kill and
  // the queue holds accepted messages not yet delivered.
  const slow = await TestSink.start({ replyDelayMs: 100 });
  cleanups.push(() => slow.close());

  const dir = await tempDir('relay-crash-');
  cleanups.push(() => dir.remove());
  const configFile = join(dir.path, 'relay.yaml');
  await writeFile(
    configFile,
    [
      'listen: { host: 127.0.0.1, port: 0 }',
      'allow: { spf: [], cidrs: [127.0.0.1/32] }',
      'senders: [example.com]',
      'spool: ./spool',
      `control: { host: 127.0.0.1, port: 0, token: "${TOKEN}" }`,
      'log: { level: info }',
      'delivery:',
      '  mode: smarthost',
      `  smarthost: { host: 127.0.0.1, port: ${slow.port} }`,
      '  concurrency: 2',
      '  retry: { initialSeconds: 1, maxSeconds: 2 }',
      '',
    ].join('\n'),
  );

  let relay = await startRelay(configFile);
  const accepted = new Set<string>();
  const total = 80;
  let nextIndex = 0;
  let killed = false;
  const sender = async () => {
    while (nextIndex < total && !killed) {
      const n = nextIndex++;
      const subject = `crash-${n}`;
      const message = `From: alice@example.com\r\nTo: bob@example.net\r\nSubject: ${subject}\r\n\r\nbody ${n}\r\n`;
      const result = await sendMail({
        port: relay.port,
        from: 'alice@example.com',
        to: ['bob@example.net'],
        message,
      });
      if (result.code === 250) accepted.add(subject);
    }
  };
  const senders = Array.from({ length: 4 }, sender);

  // Kill while messages are both arriving and leaving.
  await slow.waitFor((m) => m.length >= 10, 60_000, 'the first deliveries');
  killed = true;
  relay.child.kill('SIGKILL');
  await new Promise((resolve) => relay.child.once('exit', resolve));
  await Promise.all(senders);
  const deliveredBeforeKill = new Set(slow.messages.map((m) => subjectOf(m.bytes)));
  assert.ok(accepted.size >= 10, `accepted ${accepted.size}`);
  assert.ok(
    [...accepted].some((s) => !deliveredBeforeKill.has(s)),
    'some accepted messages were still queued at the kill (otherwise the test proves nothing)',
  );

  relay = await startRelay(configFile);
  await slow.waitFor(
    (messages) => {
      const arrived = new Set(messages.map((m) => subjectOf(m.bytes)));
      return [...accepted].every((s) => arrived.has(s));
    },
    60_000,
    'every accepted message',
  );
  const arrived = new Set(slow.messages.map((m) => subjectOf(m.bytes)));
  const missing = [...accepted].filter((s) => !arrived.has(s));
  assert.deepEqual(missing, []);
  t.diagnostic(
    `accepted ${accepted.size}, delivered before the kill ${deliveredBeforeKill.size}, ` +
      `arrivals ${slow.messages.length} (duplicates ${slow.messages.length - arrived.size})`,
  );
  relay.child.kill('SIGTERM');
  await new Promise((resolve) => relay.child.once('exit', resolve));
});

function subjectOf(bytes: Buffer): string {
  return bytes.toString('latin1').match(/\r\nSubject: (\S+)\r\n/)?.[1] ?? '';
}
