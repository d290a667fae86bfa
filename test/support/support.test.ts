import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { after, before, describe, it } from 'node:test';
import { connect, createServer, type Server } from 'node:tls';
import { TestDnsServer } from './dns-server.ts';
import { createTestPki, days, issueCertificate } from './pki.ts';

describe('test DNS server', () => {
  let dns: TestDnsServer;
  const resolver = new Resolver({ timeout: 500, tries: 1 });
  before(async () => {
    dns = await TestDnsServer.start({
      'example.test': {
        A: ['192.0.2.1'],
        MX: [{ preference: 10, exchange: 'mx.example.test' }],
        TXT: [['v=spf1 ', 'ip4:192.0.2.0/24 -all']],
      },
      'broken.test': { fail: 'servfail' },
    });
    resolver.setServers([dns.address]);
  });
  after(() => dns.close());

  it('answers A, MX and TXT records', async () => {
    assert.deepEqual(await resolver.resolve4('example.test'), ['192.0.2.1']);
    // Node 24 adds `type: 'MX'` to each record; the fields every supported Node gives are compared.
    const mx = await resolver.resolveMx('example.test');
    assert.deepEqual(
      mx.map(({ priority, exchange }) => ({ priority, exchange })),
      [{ priority: 10, exchange: 'mx.example.test' }],
    );
    assert.deepEqual(await resolver.resolveTxt('example.test'), [['v=spf1 ', 'ip4:192.0.2.0/24 -all']]);
  });

  it('answers NXDOMAIN and SERVFAIL', async () => {
    await assert.rejects(resolver.resolve4('missing.test'), { code: 'ENOTFOUND' });
    await assert.rejects(resolver.resolve4('broken.test'), { code: 'ESERVFAIL' });
  });
});

describe('test PKI', () => {
  const pki = createTestPki();
  let server: Server;
  let port = 0;
  const leaf = pki.leaf(['mail.example.test']);
  before(async () => {
    server = createServer({ key: leaf.keyPem, cert: pki.chainPem(leaf) }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function handshake(servername: string, ca: string): Promise<Error | undefined> {
    return new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, servername, ca }, () => {
        socket.end();
        resolve(undefined);
      });
      socket.on('error', resolve);
    });
  }

  it('issues a chain that verifies against its root with the right name', async () => {
    assert.equal(await handshake('mail.example.test', pki.root.certPem), undefined);
  });

  it('issues a chain that fails with the wrong name or another root', async () => {
    const wrongName = await handshake('other.example.test', pki.root.certPem);
    assert.equal((wrongName as NodeJS.ErrnoException | undefined)?.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    const otherRoot = issueCertificate({ commonName: 'Other Root', isCa: true });
    const unknown = await handshake('mail.example.test', otherRoot.certPem);
    assert.equal((unknown as NodeJS.ErrnoException | undefined)?.code, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  });

  it('sets the validity it is asked for', () => {
    const expired = pki.leaf(['old.example.test'], { notBefore: days(-30), notAfter: days(-1) });
    assert.ok(expired.cert.validity.notAfter.getTime() < Date.now());
  });
});
