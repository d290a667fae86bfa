import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { after, before, describe, it } from 'node:test';
import { runTlsTest } from '../../src/tls/index.ts';
import { TestDnsServer } from '../support/dns-server.ts';
import { createTestPki, type TestPki } from '../support/pki.ts';
import type { StarttlsServer } from '../support/starttls-server.ts';
import { say, serverFor } from './fixtures.ts';

/** A good server on 127.0.0.1 and a bad one on ::1, on the same port (a route has one port). */
async function goodAndBad(t: TestContext, pki: TestPki): Promise<[StarttlsServer, StarttlsServer]> {
  const good = pki.leaf(['mx1.test.example']);
  const wrong = pki.leaf(['elsewhere.test.example']);
  for (let attempt = 0; ; attempt++) {
    const first = await serverFor(t, { certChainPem: pki.chainPem(good), keyPem: good.keyPem });
    try {
      const second = await serverFor(t, {
        host: '::1',
        port: first.port,
        certChainPem: pki.chainPem(wrong),
        keyPem: wrong.keyPem,
      });
      return [first, second];
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

describe('runTlsTest with MX lookup over a DNS server on loopback', () => {
  let pki: TestPki;
  let dns: TestDnsServer;
  before(async () => {
    pki = createTestPki('Mx');
    dns = await TestDnsServer.start({
      'mx1.test.example': { A: ['127.0.0.1'] },
      'mx2.test.example': { AAAA: ['::1'] },
      'nomx.test.example': { A: ['127.0.0.1'] },
    });
  });
  after(() => dns.close());

  const route = (port: number) => ({
    host: 'test.example',
    port,
    mxLookup: true,
    requireTls: true,
    requireCaSigned: true,
    validateHostname: true,
  });

  it('two MX hosts, one good and one bad: each reported, the route delivers, the bad one is a warning', async (t) => {
    const [good] = await goodAndBad(t, pki);
    dns.set('test.example', {
      MX: [
        { preference: 20, exchange: 'mx2.test.example' },
        { preference: 10, exchange: 'mx1.test.example' },
      ],
    });
    const result = await runTlsTest(
      route(good.port),
      { dnsServers: [dns.address] },
      { publicRoots: [pki.root.certPem] },
    );
    assert.equal(result.resolution.mode, 'mx');
    assert.deepEqual(result.resolution.mxHosts, [
      { host: 'mx1.test.example', preference: 10, addresses: ['127.0.0.1'] },
      { host: 'mx2.test.example', preference: 20, addresses: ['::1'] },
    ]);
    const [first, second] = result.targets;
    assert.equal(first?.mx?.host, 'mx1.test.example');
    assert.equal(first?.verdict, 'deliver');
    assert.equal(
      first?.certificate?.name.checkedName,
      'mx1.test.example',
      'names are checked against the MX host',
    );
    assert.equal(second?.mx?.host, 'mx2.test.example');
    assert.equal(second?.family, 6);
    assert.equal(second?.verdict, 'bounce');
    assert.deepEqual(
      second?.causes.map((c) => c.option),
      ['validateHostname'],
    );
    assert.match(
      say(second?.causes[0]?.message),
      /not valid for mx2\.test\.example: it carries elsewhere\.test\.example/,
    );
    assert.equal(result.verdict, 'deliver');
    assert.match(say(result.summary), /1 of 2 targets pass/);
    assert.ok(
      result.warnings.map(say).some((w) => /mx2\.test\.example \[::1\]:\d+ would refuse the mail/.test(w)),
    );
    assert.ok(
      result.remedies
        .map(say)
        .some((r) => /MX record of test\.example point to a name on the certificate of mx2/.test(r)),
    );
    assert.ok(
      !result.remedies.map(say).some((r) => r.startsWith('Last resort')),
      'the route delivers: no option to turn off',
    );
  });

  it('the same hosts with both certificates wrong for their MX names: the route bounces', async (t) => {
    const [good] = await goodAndBad(t, pki);
    dns.set('test.example', {
      MX: [
        { preference: 10, exchange: 'mx2.test.example' },
        { preference: 20, exchange: 'mx1.test.example' },
      ],
    });
    dns.set('mx1.test.example', { AAAA: ['::1'] });
    t.after(() => dns.set('mx1.test.example', { A: ['127.0.0.1'] }));
    const result = await runTlsTest(
      route(good.port),
      { dnsServers: [dns.address] },
      { publicRoots: [pki.root.certPem] },
    );
    assert.equal(result.targets.length, 2);
    assert.ok(result.targets.every((target) => target.verdict === 'bounce'));
    assert.equal(result.verdict, 'bounce');
    assert.deepEqual(
      result.causes.map((c) => c.option),
      ['validateHostname', 'validateHostname'],
    );
    assert.equal(result.options.find((o) => o.option === 'validateHostname')?.verdictIfOff, 'deliver');
  });

  it('an MX host without an address is skipped with a warning; a failing DNS server is named', async (t) => {
    const [good] = await goodAndBad(t, pki);
    dns.set('partial.test.example', {
      MX: [
        { preference: 5, exchange: 'ghost.test.example' },
        { preference: 10, exchange: 'mx1.test.example' },
      ],
    });
    const result = await runTlsTest(
      { ...route(good.port), host: 'partial.test.example' },
      { dnsServers: [dns.address] },
      { publicRoots: [pki.root.certPem] },
    );
    assert.equal(result.verdict, 'deliver', say(result.summary));
    assert.deepEqual(
      result.targets.map((target) => target.mx?.host),
      ['mx1.test.example'],
    );
    assert.ok(
      result.warnings
        .map(say)
        .some((w) => /MX host ghost\.test\.example \(preference 5\) has no address/.test(w)),
    );

    dns.set('broken.test.example', { fail: 'servfail' });
    const broken = await runTlsTest(
      { ...route(good.port), host: 'broken.test.example' },
      { dnsServers: [dns.address] },
    );
    assert.equal(broken.verdict, 'bounce');
    assert.match(
      say(broken.causes[0]?.message),
      /broken\.test\.example could not be resolved: the DNS server answered SERVFAIL/,
    );
  });

  it('a name without MX records bounces with MX lookup on, and says what to publish', async () => {
    const result = await runTlsTest(
      { ...route(2525), host: 'nomx.test.example' },
      { dnsServers: [dns.address] },
    );
    assert.equal(result.verdict, 'bounce');
    assert.match(say(result.causes[0]?.message), /nomx\.test\.example has no MX record/);
    assert.match(
      say(result.remedies[0]),
      /Publish MX records for nomx\.test\.example.*or turn MX lookup off/,
    );
  });
});
