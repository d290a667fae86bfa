// kill -9 while the spool reuses the files of delivered messages (free/, file-pool.ts): afterwards
// every envelope in queue/ names its own file, every .eml holds exactly the bytes acknowledged under
// its queue id (never an older message's, never a longer reused file's tail), and every acknowledged
// message reaches the next hop after a restart. A kill keeps the page cache, so this checks the order
// of the steps; docs/relay.md ("Power loss") gives the argument for the file system's part.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { stringify } from 'yaml';
import { TestSink } from '../support/smtp-sink.ts';
import { baseConfig, sendMail, tempDir } from './harness.ts';
import { startRelayProcess } from './process.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Sizes vary a lot, so that a reused file is often longer than its new content. */
function message(tag: string, n: number): Buffer {
  const line = `${tag} ${'x'.repeat(70)}\r\n`;
  return Buffer.from(
    `From: alice@example.com\r\nTo: bob@example.org\r\nSubject: ${tag}\r\n\r\n${line.repeat(1 + ((n * 37) % 60))}`,
  );
}

it('kill -9 during file reuse: queue/ holds only whole, matching messages and loses none', async (t) => {
  // A next hop slower than the senders: the queue holds messages at the kill, while delivered
  // ones keep freeing files for reuse.
  const sink = await TestSink.start({ replyDelayMs: 30 });
  t.after(() => sink.close());
  const dir = await tempDir('relay-reuse-crash-');
  t.after(() => dir.remove());
  const configPath = join(dir.path, 'relay.yaml');
  const delivery = {
    mode: 'smarthost',
    smarthost: { host: '127.0.0.1', port: sink.port },
    concurrency: 2,
    connectionIdleSeconds: 1,
    retry: { initialSeconds: 1, maxSeconds: 2 },
  };
  await writeFile(configPath, stringify({ ...baseConfig('spool'), log: { level: 'info' }, delivery }));
  const spoolDir = join(dir.path, 'spool');
  const first = await startRelayProcess(configPath);
  t.after(() => first.kill());

  const acknowledged = new Map<string, { tag: string; digest: string }>();
  let reused = false;
  let killed: Promise<void> | undefined;
  const LIMIT = 400;
  let next = 0;
  const sender = async () => {
    while (!killed && next < LIMIT) {
      const n = next++;
      const tag = `reuse-${n}`;
      const bytes = message(tag, n);
      const result = await sendMail({
        port: first.smtpPort,
        from: 'alice@example.com',
        to: ['bob@example.org'],
        message: bytes,
      });
      if (!result.ok) break;
      const id = /queued as (\w+)/.exec(result.response)?.[1];
      assert.ok(id, result.response);
      acknowledged.set(id, { tag, digest: sha256(bytes) });
      // Files wait in free/ until reused; once some have been, kill in the middle of the traffic.
      if (!reused && n % 10 === 0) reused = (await readdir(join(spoolDir, 'free'))).length > 0 && n > 100;
      if (reused && acknowledged.size > 150 && !killed) killed = first.kill();
    }
  };
  await Promise.all(Array.from({ length: 6 }, () => sender()));
  assert.ok(killed, `the relay was killed during reuse (free/ in use: ${reused})`);
  await killed;

  // Straight after the kill, before any recovery: what queue/ holds.
  const names = await readdir(join(spoolDir, 'queue'));
  let checked = 0;
  for (const name of names.filter((n) => /^\w+\.json$/.test(n) && !n.endsWith('.state.json'))) {
    const id = name.slice(0, -'.json'.length);
    const envelope = JSON.parse(await readFile(join(spoolDir, 'queue', name), 'utf8')) as {
      id: string;
      size: number;
    };
    assert.equal(envelope.id, id, `${name} is the envelope of ${id}, not of a message whose file was reused`);
    const emlPath = join(spoolDir, 'queue', `${id}.eml`);
    if (!existsSync(emlPath)) continue; // a removal cut short: recovery drops the envelope
    const eml = await readFile(emlPath);
    assert.equal(eml.length, envelope.size, `${id}.eml has the size its envelope says`);
    const expected = acknowledged.get(id);
    if (expected) {
      assert.equal(sha256(eml), expected.digest, `${id}.eml holds the bytes acknowledged as ${id}`);
      checked++;
    }
  }

  // After a restart every acknowledged message reaches the next hop (duplicates allowed).
  const second = await startRelayProcess(configPath);
  t.after(() => second.kill());
  const tags = new Set([...acknowledged.values()].map((a) => a.tag));
  const seen = (messages: { bytes: Buffer }[]) => {
    const found = new Set<string>();
    for (const m of messages) {
      const tag = /Subject: (reuse-\d+)/.exec(m.bytes.toString('latin1'))?.[1];
      if (tag) found.add(tag);
    }
    return found;
  };
  await sink.waitFor(
    (messages) => [...tags].every((tag) => seen(messages).has(tag)),
    60_000,
    'every acknowledged message',
  );
  t.diagnostic(
    `acknowledged ${acknowledged.size}, checked byte for byte in queue/ after the kill: ${checked}`,
  );
});
