// MTA-STS parsing and fetching against hostile or broken input: TXT records, policy files, and policy
// servers that redirect, send the wrong type, send too much, or present a certificate for another name.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, LookupFunction } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MtaSts, mxMatches, parsePolicy, parseStsRecord } from '../../gateway/delivery/mta-sts.ts';
import { createTestPki } from '../support/pki.ts';
import { tempDir } from './harness.ts';

describe('MTA-STS rules', () => {
  it('takes the id of exactly one v=STSv1 TXT record', () => {
    assert.deepEqual(parseStsRecord([['v=STSv1; id=20240101T0'], ['v=spf1 -all']]), { id: '20240101T0' });
    assert.deepEqual(parseStsRecord([['v=STSv1; ', 'id=abc;']]), { id: 'abc' });
    assert.match(JSON.stringify(parseStsRecord([['v=STSv1; id=a'], ['v=STSv1; id=b']])), /exactly one/);
    assert.match(JSON.stringify(parseStsRecord([['v=STSv1; id=has-dash']])), /no valid id/);
    assert.match(JSON.stringify(parseStsRecord([[`v=STSv1; id=${'x'.repeat(33)}`]])), /no valid id/);
    assert.match(JSON.stringify(parseStsRecord([])), /no v=STSv1/);
  });

  it('parses a policy and refuses broken ones with the reason', () => {
    const policy = parsePolicy(
      'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n',
    );
    assert.deepEqual(policy, {
      mode: 'enforce',
      mx: ['mail.example.com', '*.example.net'],
      maxAgeSeconds: 604800,
    });
    assert.equal(parsePolicy('version: STSv1\nmode: none\nmax_age: 86400').mode, 'none');
    assert.throws(() => parsePolicy('version: STSv2\nmode: enforce\nmx: a.b\nmax_age: 1'), /not STSv1/);
    assert.throws(() => parsePolicy('version: STSv1\nmode: strict\nmx: a.b\nmax_age: 1'), /mode "strict"/);
    assert.throws(() => parsePolicy('version: STSv1\nmode: enforce\nmax_age: 1'), /names no mx/);
    assert.throws(() => parsePolicy('version: STSv1\nmode: enforce\nmx: a.b\nmax_age: -5'), /max_age/);
    assert.throws(
      () => parsePolicy('version: STSv1\nmode: enforce\nmx: a b;c\nmax_age: 5'),
      /host name pattern/,
    );
    assert.throws(() => parsePolicy('<html>not a policy</html>'), /not "key: value"/);
    assert.equal(
      parsePolicy('version: STSv1\nmode: testing\nmx: a.b\nmax_age: 99999999').maxAgeSeconds,
      31_557_600,
    );
  });

  it('matches MX names exactly or by one leftmost wildcard label', () => {
    const policy = { mode: 'enforce' as const, mx: ['mail.example.com', '*.example.net'], maxAgeSeconds: 1 };
    assert.equal(mxMatches(policy, 'MAIL.example.com.'), true);
    assert.equal(mxMatches(policy, 'mx1.example.net'), true);
    assert.equal(mxMatches(policy, 'a.mx1.example.net'), false);
    assert.equal(mxMatches(policy, 'example.net'), false);
    assert.equal(mxMatches(policy, 'evil-example.net'), false);
    assert.equal(mxMatches(policy, 'mail.example.com.evil.org'), false);
  });
});

describe('MTA-STS policy fetch', () => {
  const pki = createTestPki('Fetch');
  const cleanups: (() => Promise<void> | void)[] = [];
  let server: Server;
  let dir: { path: string; remove(): Promise<void> };
  const routes = new Map<string, (res: import('node:http').ServerResponse) => void>();
  const lookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: '127.0.0.1', family: 4 },
      ]);
    else callback(null, '127.0.0.1', 4);
  };

  before(async () => {
    dir = await tempDir('mta-sts-rules-');
    cleanups.push(() => dir.remove());
    const names = ['redirect', 'html', 'huge', 'slow', 'good'].map((n) => `mta-sts.${n}.example`);
    const cert = pki.leaf(names);
    server = createServer({ key: cert.keyPem, cert: pki.chainPem(cert) }, (req, res) => {
      // Host: mta-sts.NAME.example:PORT
      const route = routes.get((req.headers.host ?? '').split('.')[1] ?? '');
      if (route) route(res);
      else res.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    routes.set('redirect', (res) => res.writeHead(301, { location: 'https://mta-sts.good.example/' }).end());
    routes.set('html', (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>hi</p>'));
    routes.set('huge', (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`version: STSv1\nmode: enforce\n${'mx: a.example.com\n'.repeat(10_000)}max_age: 100\n`);
    });
    routes.set('slow', () => {});
    routes.set('good', (res) =>
      res
        .writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
        .end('version: STSv1\nmode: enforce\nmx: mx.good.example\nmax_age: 100\n'),
    );
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  function client(ca: string, cache: string, timeoutMs = 2000) {
    return new MtaSts({
      resolveTxt: async () => [['v=STSv1; id=1']],
      lookup,
      cacheDir: join(dir.path, cache),
      ca,
      port: (server.address() as AddressInfo).port,
      timeoutMs,
      maxBytes: 64 * 1024,
    });
  }

  it('uses a good policy, and refuses redirects, other types, oversize bodies and silence', async () => {
    const sts = client(pki.root.certPem, 'a', 500);
    const good = await sts.policyFor('good.example');
    assert.equal(good.kind, 'policy', JSON.stringify(good));
    const cases: [string, RegExp][] = [
      ['redirect', /HTTP 301/],
      ['html', /content type "text\/html" is not text\/plain/],
      ['huge', /larger than 65536 bytes/],
      ['slow', /no policy within 500 ms/],
    ];
    for (const [name, why] of cases) {
      const state = await sts.policyFor(`${name}.example`);
      assert.equal(state.kind, 'none', name);
      assert.match(state.kind === 'none' ? state.why : '', why);
    }
  });

  it('refuses a policy server whose certificate it cannot validate', async () => {
    const other = createTestPki('Other');
    const state = await client(other.root.certPem, 'b').policyFor('good.example');
    assert.equal(state.kind, 'none');
    assert.match(
      state.kind === 'none' ? state.why : '',
      /policy fetch from mta-sts\.good\.example failed: .*certificate/i,
    );
  });
});
