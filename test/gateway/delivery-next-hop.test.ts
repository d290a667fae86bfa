import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { after, before, describe, it } from 'node:test';
import { addressResolver } from '../../gateway/delivery/addresses.ts';
import { orderMx, resolveRoute } from '../../gateway/delivery/next-hop.ts';
import { TestDnsServer } from '../support/dns-server.ts';

describe('next-hop resolution against a DNS server on loopback', () => {
  let dns: TestDnsServer;
  let resolver: Resolver;
  const mx = { mode: 'mx' as const, mxPort: 2525 };

  before(async () => {
    dns = await TestDnsServer.start({
      'multi.example': {
        MX: [
          { preference: 20, exchange: 'backup.multi.example' },
          { preference: 10, exchange: 'primary.multi.example' },
          { preference: 30, exchange: 'last.multi.example' },
        ],
      },
      'plain.example': { A: ['192.0.2.10'], AAAA: ['2001:db8::10'] },
      'null.example': { MX: [{ preference: 0, exchange: '.' }] },
      'broken.example': { fail: 'servfail' },
      'primary.multi.example': { A: ['127.0.0.1'] },
      'noaddr.example': { TXT: ['v=spf1 -all'] },
    });
    resolver = new Resolver({ timeout: 500, tries: 1 });
    resolver.setServers([dns.address]);
  });
  after(() => dns.close());

  it('orders MX hosts by preference, lowest first, with the configured port', async () => {
    const route = await resolveRoute('multi.example', mx, resolver);
    assert.equal(route.kind, 'hops');
    assert.deepEqual(route.kind === 'hops' ? route.hops.map((h) => [h.host, h.port]) : [], [
      ['primary.multi.example', 2525],
      ['backup.multi.example', 2525],
      ['last.multi.example', 2525],
    ]);
  });

  it('falls back to the domain itself when it has no MX (RFC 5321 5.1)', async () => {
    const route = await resolveRoute('plain.example', mx, resolver);
    assert.deepEqual(route, {
      kind: 'hops',
      source: 'implicit-mx',
      hops: [{ host: 'plain.example', port: 2525, preference: 0 }],
    });
    assert.deepEqual(await addressResolver(resolver)('plain.example'), {
      ok: true,
      addresses: ['192.0.2.10', '2001:db8::10'],
    });
  });

  it('fails for good on a null MX (RFC 7505) and on a domain that does not exist', async () => {
    const nul = await resolveRoute('null.example', mx, resolver);
    assert.equal(nul.kind === 'fail' && nul.permanent, true);
    assert.match(nul.kind === 'fail' ? nul.reason : '', /^5\.1\.10 .*null MX/);
    const missing = await resolveRoute('nowhere.example', mx, resolver);
    assert.equal(missing.kind === 'fail' && missing.permanent, true);
  });

  it('defers when DNS fails (SERVFAIL), and a host without addresses is a lookup failure', async () => {
    const route = await resolveRoute('broken.example', mx, resolver);
    assert.equal(route.kind === 'fail' && route.permanent, false);
    const none = await addressResolver(resolver)('noaddr.example');
    assert.equal(none.ok, false);
  });

  it('sends everything to the smart host in smarthost mode, without DNS', async () => {
    const before = dns.queries.length;
    const route = await resolveRoute(
      'anything.example',
      { mode: 'smarthost', smarthost: { host: 'relay.example.net', port: 587 }, mxPort: 25 },
      resolver,
    );
    assert.deepEqual(route, {
      kind: 'hops',
      source: 'smarthost',
      hops: [{ host: 'relay.example.net', port: 587, preference: 0 }],
    });
    assert.equal(dns.queries.length, before);
  });

  it('shuffles hosts of equal preference and drops duplicates', () => {
    const records = [
      { exchange: 'a.example', priority: 10 },
      { exchange: 'b.example', priority: 10 },
      { exchange: 'A.example.', priority: 20 },
      { exchange: 'c.example', priority: 5 },
    ];
    let n = 0;
    const descending = () => 1 - (n++ % 4) / 4;
    assert.deepEqual(
      orderMx(records, descending).map((r) => r.exchange),
      ['c.example', 'b.example', 'a.example'],
    );
    assert.deepEqual(
      orderMx(records, () => 0).map((r) => r.exchange),
      ['c.example', 'a.example', 'b.example'],
    );
  });
});
