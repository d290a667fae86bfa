// MTA-STS end to end: policies served by a real HTTPS server on loopback with a test-PKI certificate,
// _mta-sts TXT records and MX hosts from a DNS server on loopback, next hops on 127.0.0.x with
// certificates made at test time, and the policy cache kept across relay restarts.
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DeliveryExtension } from '../../gateway/delivery/extension.ts';
import { GatewayClient } from '../../src/gateway-client/client.ts';
import type { GatewayFleet } from '../../src/gateway-client/fleet.ts';
import { runDiagnose } from '../../src/ops/diagnose-runner.ts';
import type { TlsRunner } from '../../src/ops/tls-runner.ts';
import { TestDnsServer } from '../support/dns-server.ts';
import { worded } from '../support/outcome-text.ts';
import { createTestPki } from '../support/pki.ts';
import { freePort } from '../support/ports.ts';
import { TestSink } from '../support/smtp-sink.ts';
import { control, startTestRelay, TOKEN, tempDir } from './harness.ts';
import { deliverOne } from './tls-delivery.ts';

const policy = (mode: string, mx: string[]) =>
  ['version: STSv1', `mode: ${mode}`, ...mx.map((m) => `mx: ${m}`), 'max_age: 86400', ''].join('\r\n');

describe('MTA-STS delivery', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  const sinks = new Map<string, TestSink>();
  const policies = new Map<string, string>();
  const fetches = new Map<string, number>();
  let down = false;
  let dns: TestDnsServer;
  let https: Server;
  let port: number;
  let dir: { path: string; remove(): Promise<void> };
  const pki = createTestPki('STS');

  async function relay() {
    const extension = new DeliveryExtension({
      tlsCa: pki.root.certPem,
      mtaSts: { ca: pki.root.certPem, port: (https.address() as AddressInfo).port },
    });
    const started = await startTestRelay(
      {
        dns: { servers: [dns.address], timeoutMs: 1000, tries: 1 },
        delivery: { mode: 'mx', mxPort: port, connectionIdleSeconds: 0, timeoutSeconds: 10 },
      },
      { extensions: [extension], dir: dir.path },
    );
    cleanups.push(() => started.stop());
    assert.ok(extension.queue);
    return { relay: started, queue: extension.queue };
  }

  before(async () => {
    port = await freePort();
    dir = await tempDir('mta-sts-test-');
    cleanups.push(() => dir.remove());
    dns = await TestDnsServer.start();
    cleanups.push(() => dns.close());
    const domains: [string, string, string, { certPem: string; keyPem: string; chain?: string }][] = [];
    const add = (domain: string, address: string, certName: string, mode: string, mx: string[]) => {
      const leaf = pki.leaf([certName]);
      domains.push([domain, address, `mx.${domain}`, { ...leaf, chain: pki.chainPem(leaf) }]);
      policies.set(domain, policy(mode, mx));
    };
    add('enforce.example', '127.0.0.7', 'mx.enforce.example', 'enforce', ['mx.enforce.example']);
    add('mxname.example', '127.0.0.8', 'mx.mxname.example', 'enforce', ['other.mxname.example']);
    add('certname.example', '127.0.0.9', 'wrong.certname.example', 'enforce', ['*.certname.example']);
    add('testing.example', '127.0.0.10', 'wrong.testing.example', 'testing', ['mx.testing.example']);
    add('cached.example', '127.0.0.11', 'mx.cached.example', 'enforce', ['mx.cached.example']);
    for (const [domain, address, mx, cert] of domains) {
      dns.set(domain, { MX: [{ preference: 10, exchange: mx }] });
      dns.set(mx, { A: [address] });
      dns.set(`_mta-sts.${domain}`, { TXT: ['v=STSv1; id=1'] });
      dns.set(`mta-sts.${domain}`, { A: ['127.0.0.1'] });
      const sink = await TestSink.start({
        host: address,
        port,
        key: cert.keyPem,
        cert: cert.chain ?? cert.certPem,
      });
      cleanups.push(() => sink.close());
      sinks.set(domain, sink);
    }
    const serverCert = pki.leaf(domains.map(([domain]) => `mta-sts.${domain}`));
    https = createServer({ key: serverCert.keyPem, cert: pki.chainPem(serverCert) }, (req, res) => {
      const domain = (req.headers.host ?? '').replace(/^mta-sts\./, '').replace(/:\d+$/, '');
      fetches.set(domain, (fetches.get(domain) ?? 0) + 1);
      const text = policies.get(domain);
      if (down) return req.socket.destroy();
      if (!text || req.url !== '/.well-known/mta-sts.txt') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end(text);
    });
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => https.close(() => resolve())));
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('applies enforce mode: delivers with a verified certificate to a listed MX, and logs mta-sts', async () => {
    const { relay: r, queue } = await relay();
    const { event, tls } = await deliverOne(r, queue, 'bob@enforce.example');
    assert.deepEqual(event.delivered, ['bob@enforce.example']);
    assert.equal(tls[0]?.policy, 'mta-sts');
    assert.match(tls[0]?.why ?? '', /MTA-STS enforce \(id 1, fetched\)/);
    await r.stop();
  });

  it('shows the MTA-STS state the relay holds in /gateway diagnose DOMAIN, and refuses a bad domain', async () => {
    const { relay: r } = await relay();
    const client = new GatewayClient({
      name: 'relay-1',
      url: `http://127.0.0.1:${r.controlPort}`,
      token: TOKEN,
    });
    const resolver = new Resolver();
    resolver.setServers([dns.address]);
    const report = await runDiagnose(
      {
        fleet: { clients: [client] } as unknown as GatewayFleet,
        changes: {
          desiredState: async () => ({ routes: [], routing: null, version: 0 }),
          recent: async () => [],
        },
        tls: (async () => {
          throw new Error('no TLS test here');
        }) as TlsRunner,
        resolver,
        senderDomains: [],
        outboundAddresses: [],
        now: Date.now,
      },
      'enforce.example',
      async () => {},
    );
    const check = report.checks.find((c) => c.id === 'recipient-tls');
    assert.ok(check?.outcome, JSON.stringify(check));
    const outcome = worded(check.outcome);
    assert.equal(outcome.status, 'pass', JSON.stringify(outcome));
    assert.match(outcome.summary, /enforce\.example: MTA-STS enforce applies/);
    assert.match(JSON.stringify(outcome.details), /MTA-STS: enforce, id 1, mx mx\.enforce\.example, cached/);
    assert.match(
      JSON.stringify(outcome.details),
      /DANE: MX insecure: MX of enforce\.example is not DNSSEC-signed/,
    );
    const bad = await control(r.controlPort, '/tls-policy/%3C!channel%3E');
    assert.equal(bad.status, 400);
    assert.match(bad.text, /is not a domain name/);
    await r.stop();
  });

  it('defers, sending nothing, when enforce does not list the MX host', async () => {
    const { relay: r, queue } = await relay();
    const { event, tls } = await deliverOne(r, queue, 'bob@mxname.example');
    assert.deepEqual(event.deferred, ['bob@mxname.example']);
    assert.equal(sinks.get('mxname.example')?.messages.length, 0);
    assert.match(JSON.stringify(tls), /does not list MX mx\.mxname\.example/);
    await r.stop();
  });

  it('defers, sending nothing, when the certificate is not for the MX host name under enforce', async () => {
    const { relay: r, queue } = await relay();
    const { event } = await deliverOne(r, queue, 'bob@certname.example');
    assert.deepEqual(event.deferred, ['bob@certname.example']);
    assert.equal(sinks.get('certname.example')?.messages.length, 0);
    const status = (await control(r.controlPort, '/status')).body as {
      delivery: { tlsPolicies: { failures: Record<string, number> } };
    };
    assert.equal(status.delivery.tlsPolicies.failures['mta-sts-tls-failed'], 1);
    await r.stop();
  });

  it('delivers in testing mode and records what enforce would have refused', async () => {
    const { relay: r, queue } = await relay();
    const { event, tls } = await deliverOne(r, queue, 'bob@testing.example');
    assert.deepEqual(event.delivered, ['bob@testing.example']);
    assert.equal(sinks.get('testing.example')?.messages.length, 1);
    assert.equal(tls[0]?.policy, 'mta-sts');
    assert.match(
      JSON.stringify(tls[0]?.mtaStsTesting),
      /mx\.testing\.example: certificate is not for mx\.testing\.example/,
    );
    const status = (await control(r.controlPort, '/status')).body as {
      delivery: { tlsPolicies: { failures: Record<string, number> } };
    };
    assert.equal(status.delivery.tlsPolicies.failures['mta-sts-testing'], 1);
    await r.stop();
  });

  it('keeps the policy across a restart, and uses it when the policy server is down', async () => {
    const first = await relay();
    const one = await deliverOne(first.relay, first.queue, 'one@cached.example');
    assert.deepEqual(one.event.delivered, ['one@cached.example']);
    assert.equal(fetches.get('cached.example'), 1);
    await first.relay.stop();

    // Same id after a restart: the policy comes from the spool, not from the server.
    const second = await relay();
    const two = await deliverOne(second.relay, second.queue, 'two@cached.example');
    assert.deepEqual(two.event.delivered, ['two@cached.example']);
    assert.match(two.tls[0]?.why ?? '', /MTA-STS enforce \(id 1, cached\)/);
    assert.equal(fetches.get('cached.example'), 1);
    await second.relay.stop();

    // A new id makes the relay fetch again; the server is down, so the cached policy still applies.
    dns.set('_mta-sts.cached.example', { TXT: ['v=STSv1; id=2'] });
    dns.set('cached.example', { MX: [{ preference: 10, exchange: 'mx2.cached.example' }] });
    dns.set('mx2.cached.example', { A: ['127.0.0.11'] });
    down = true;
    const third = await relay();
    const three = await deliverOne(third.relay, third.queue, 'three@cached.example');
    assert.deepEqual(three.event.deferred, ['three@cached.example']);
    assert.match(
      JSON.stringify(three.tls),
      /MTA-STS enforce \(id 1, cached; policy fetch from mta-sts\.cached\.example failed/,
    );
    assert.match(JSON.stringify(three.tls), /does not list MX mx2\.cached\.example/);
    assert.equal(fetches.get('cached.example'), 2);
    await third.relay.stop();
  });
});
