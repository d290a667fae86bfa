// POST /reload applies `scan` and `archive` changes to the running relay: a scanner added or removed,
// an archive added. The scanner here is a scripted clamd peer on loopback; rspamd answers from a
// scripted HTTP peer, hostile ones included.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readdir, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { ArchiveExtension } from '../../../gateway/archive/extension.ts';
import { RspamdEngine } from '../../../gateway/scan/rspamd.ts';
import { waitFor } from '../../support/wait.ts';
import { baseConfig, control, sendMail, startTestRelay, tempDir } from '../harness.ts';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A clamd that finds `Scripted.Virus` in every message containing "VIRUS". */
async function scriptedClamd(): Promise<number> {
  const server: Server = createServer((socket) => {
    const parts: Buffer[] = [];
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      parts.push(chunk);
      const all = Buffer.concat(parts);
      if (all.toString('latin1') === 'zPING\0') return void socket.end('PONG\0');
      if (all.length >= 14 && all.subarray(-4).readUInt32BE() === 0)
        socket.end(all.includes('VIRUS') ? 'stream: Scripted.Virus FOUND\0' : 'stream: OK\0');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as { port: number }).port;
}

async function scriptedHttp(answer: (body: string) => { status: number; text: string }): Promise<string> {
  const server: HttpServer = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const { status, text } = answer(body);
      res.writeHead(status, { 'content-type': 'application/json' }).end(text);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const message = (body: string) => `From: alice@example.com\r\nSubject: t\r\n\r\n${body}\r\n`;

describe('reload of scan and archive', () => {
  it('applies a scanner and an archive added by POST /reload, and a scanner removed', async () => {
    const dir = await tempDir('scan-reload-');
    cleanups.push(() => dir.remove());
    const configPath = join(dir.path, 'relay.yaml');
    const write = (overrides: Record<string, unknown>) =>
      writeFile(configPath, stringify(baseConfig('spool', { probes: { deliver: true }, ...overrides })));
    await write({});
    const archive = new ArchiveExtension();
    const relay = await startTestRelay({}, { configPath, dir: dir.path, extensions: [archive] });
    cleanups.push(() => relay.stop());
    const send = (body: string) =>
      sendMail({
        port: relay.smtpPort,
        from: 'alice@example.com',
        to: ['bob@example.net'],
        message: message(body),
      });

    assert.equal((await send('VIRUS one')).code, 250, 'no scanner yet');

    const port = await scriptedClamd();
    await write({ scan: { clamd: { host: '127.0.0.1', port } }, archive: { dir: 'archive' } });
    assert.equal((await control(relay.controlPort, '/reload', { method: 'POST' })).status, 200);
    const refused = await send('VIRUS two');
    assert.equal(refused.code, 554, refused.response);
    assert.ok(
      relay.logs.some((l) => l.reason === 'virus' && JSON.stringify(l.scan).includes('Scripted.Virus')),
    );
    assert.equal((await send('clean')).code, 250);
    // The archive takes the message queued before the reload too (no delivery here: both stay queued).
    await waitFor(
      async () =>
        ((await control(relay.controlPort, '/status')).body as { archive: { archived: number } }).archive
          .archived === 2,
      'two archive copies',
    );
    const days = await readdir(join(dir.path, 'archive'), { recursive: true });
    assert.equal(days.filter((n) => String(n).endsWith('.eml')).length, 2);

    await write({ archive: { dir: 'archive' } });
    assert.equal((await control(relay.controlPort, '/reload', { method: 'POST' })).status, 200);
    assert.equal((await send('VIRUS three')).code, 250, 'scanner removed');
  });

  it('rejects a bad scan configuration on reload, one line per problem, and keeps the running one', async () => {
    const dir = await tempDir('scan-reload-bad-');
    cleanups.push(() => dir.remove());
    const configPath = join(dir.path, 'relay.yaml');
    await writeFile(configPath, stringify(baseConfig('spool', {})));
    const relay = await startTestRelay({}, { configPath, dir: dir.path });
    cleanups.push(() => relay.stop());
    await writeFile(
      configPath,
      stringify(
        baseConfig('spool', { scan: { clamd: { host: '127.0.0.1', port: 99999 }, onError: 'ignore' } }),
      ),
    );
    const response = await control(relay.controlPort, '/reload', { method: 'POST' });
    assert.equal(response.status, 422);
    assert.match(response.text, /scan\.onError: must be tempfail or accept \(seen: \\"ignore\\"\)/);
    assert.match(response.text, /scan\.clamd/);
  });
});

describe('rspamd client against scripted peers', () => {
  const envelope = {
    mailFrom: 'alice@example.com',
    rcptTo: ['bob@example.net', 'carol@example.org'],
    receivedAt: new Date(0).toISOString(),
    client: { address: '192.0.2.1', helo: 'mail\r\nInjected: yes' },
    tls: null,
  };

  it('sends the message and the envelope as headers, and reads the action', async () => {
    let seen: { body: string } | undefined;
    const url = await scriptedHttp((body) => {
      seen = { body };
      return { status: 200, text: '{"action":"add header","score":7.5,"symbols":{"X":{}}}' };
    });
    const job = new RspamdEngine({ url }, 2000).open(envelope);
    job.write(Buffer.from('Subject: a\r\n\r\nb\r\n'));
    assert.deepEqual(await job.end(), {
      kind: 'spam-action',
      action: 'add header',
      score: 7.5,
      symbols: ['X'],
    });
    assert.equal(seen?.body, 'Subject: a\r\n\r\nb\r\n');
  });

  it('turns broken answers into scanner errors (not verdicts)', async () => {
    for (const [status, text, why] of [
      [200, 'not json', /not JSON/],
      [200, '{"action":"delete everything"}', /without a known action/],
      [500, 'oops', /HTTP 500/],
    ] as const) {
      const url = await scriptedHttp(() => ({ status, text }));
      const verdict = await new RspamdEngine({ url }, 2000).open(envelope).end();
      assert.equal(verdict.kind, 'error');
      assert.match((verdict as { error: string }).error, why);
    }
  });
});
