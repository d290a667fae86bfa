// Debian's swaks as an independent SMTP peer: plain and STARTTLS, from an allowed and a refused address.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { it } from 'node:test';
import { createTestPki } from '../support/pki.ts';
import { startTestRelay, tempDir } from './harness.ts';

async function swaks(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn('swaks', ['--server', '127.0.0.1', '--timeout', '20', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => {
    output += c;
  });
  child.stderr.on('data', (c) => {
    output += c;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, output };
}

it('swaks delivers through STARTTLS with a test certificate, and is refused from 127.0.0.2', async (t) => {
  const pki = createTestPki('Swaks');
  const leaf = pki.leaf(['localhost', '127.0.0.1']);
  const dir = await tempDir();
  t.after(() => dir.remove());
  await writeFile(join(dir.path, 'key.pem'), leaf.keyPem);
  await writeFile(join(dir.path, 'cert.pem'), pki.chainPem(leaf));
  await writeFile(join(dir.path, 'ca.pem'), pki.root.certPem);
  const relay = await startTestRelay({ tls: { key: 'key.pem', cert: 'cert.pem' } }, { dir: dir.path });
  t.after(() => relay.stop());
  const common = ['--port', String(relay.smtpPort), '--from', 'alice@example.com', '--to', 'bob@example.org'];

  const tls = await swaks([
    ...common,
    '--tls',
    '--tls-verify',
    '--tls-ca-path',
    join(dir.path, 'ca.pem'),
    '--tls-sni',
    'localhost',
    '--header',
    'Subject: via swaks',
  ]);
  assert.equal(tls.code, 0, tls.output);
  assert.match(tls.output, /TLS started/);
  const id = /<~ {2}250 2\.0\.0 Ok: queued as (\w+)/.exec(tls.output)?.[1];
  assert.ok(id, tls.output);
  const envelope = JSON.parse(await readFile(join(relay.spoolDir, 'queue', `${id}.json`), 'utf8'));
  assert.notEqual(envelope.tls, null);
  assert.match(await readFile(join(relay.spoolDir, 'queue', `${id}.eml`), 'utf8'), /^Subject: via swaks\r$/m);

  const refused = await swaks([...common, '--local-interface', '127.0.0.2']);
  assert.notEqual(refused.code, 0);
  assert.match(refused.output, /<\*\* 554 5\.7\.1 Client address 127\.0\.0\.2 is not allowed/);
  assert.equal((await readdir(join(relay.spoolDir, 'queue'))).length, 2, 'only the TLS message was spooled');
});
