// The same test against a real smtp-server peer (secure: false, STARTTLS with key/cert).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describe, it, type TestContext } from 'node:test';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { runTlsTest } from '../../src/tls/index.ts';
import { createTestPki } from '../support/pki.ts';
import { allOn, say } from './fixtures.ts';

async function startSmtpServer(t: TestContext, options: SMTPServerOptions): Promise<number> {
  const server = new SMTPServer({ secure: false, disableReverseLookup: true, logger: false, ...options });
  server.on('error', () => {});
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.server.address() as AddressInfo).port;
}

describe('runTlsTest against smtp-server', () => {
  const pki = createTestPki('Peer');

  it('STARTTLS with the full chain: delivered, chain and session reported', async (t) => {
    const leaf = pki.leaf(['mail.test.example', '127.0.0.1']);
    const port = await startSmtpServer(t, { key: leaf.keyPem, cert: pki.chainPem(leaf) });
    const result = await runTlsTest(allOn('127.0.0.1', port), {}, { publicRoots: [pki.root.certPem] });
    const target = result.targets[0];
    assert.equal(result.verdict, 'deliver', say(result.summary));
    assert.ok(target?.extensions.includes('STARTTLS'));
    assert.equal(target?.certificate?.chain.length, 2);
    assert.equal(target?.certificate?.publicRoots.anchor, 'CN=Peer Root CA');
  });

  it('a connection turned away in onConnect (554)', async (t) => {
    const port = await startSmtpServer(t, {
      onConnect: (_session, callback) =>
        callback(Object.assign(new Error('not from here'), { responseCode: 554 })),
    });
    const result = await runTlsTest(allOn('127.0.0.1', port));
    assert.equal(result.targets[0]?.banner?.code, 554);
    assert.equal(result.targets[0]?.failure?.kind, 'banner-rejected');
    assert.equal(result.verdict, 'bounce');
  });
});
