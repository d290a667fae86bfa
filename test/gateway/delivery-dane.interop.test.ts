// DANE end to end with real DNSSEC: zones signed at test time, served by nsd, validated by unbound;
// the relay delivers by MX to real STARTTLS next hops on 127.0.0.x, all on one port (the TLSA name
// _PORT._tcp.HOST carries it).
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TlsPolicyReport } from '../../gateway/delivery/control-schema.ts';
import { DeliveryExtension } from '../../gateway/delivery/extension.ts';
import type { DeliveryQueue } from '../../gateway/delivery/queue.ts';
import { type DnssecNet, missingDnssecTools, startDnssec } from '../support/dnssec.ts';
import { createTestPki, issueCertificate } from '../support/pki.ts';
import { freePort } from '../support/ports.ts';
import { TestSink } from '../support/smtp-sink.ts';
import { control, startTestRelay, type TestRelay } from './harness.ts';
import { deliverOne } from './tls-delivery.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const spkiHash = (pem: string) =>
  sha256(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }) as Buffer);
const certHash = (pem: string) => sha256(new X509Certificate(pem).raw);

const missing = await missingDnssecTools();
const skip = missing.length > 0 ? `needs ${missing.join(', ')} (Debian nsd, unbound, ldnsutils)` : false;
if (skip) console.log(`# skipping DANE interop tests: ${skip}`);

describe('DANE delivery with real DNSSEC', { skip }, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  const sinks = new Map<string, TestSink>();
  let dns: DnssecNet;
  let port: number;
  let relay: TestRelay;
  let queue: DeliveryQueue;

  before(async () => {
    port = await freePort();
    const pki = createTestPki('DANE');
    const good = issueCertificate({ commonName: 'self-signed.invalid' });
    const other = issueCertificate({ commonName: 'other.invalid' });
    const bad = issueCertificate({ commonName: 'bad.invalid' });
    const bogus = issueCertificate({ commonName: 'bogus.invalid' });
    const plain = issueCertificate({ commonName: 'plain.invalid' });
    const taLeaf = pki.leaf(['mx-ta.dane.test']);
    const hosts: [string, string, { certPem: string; keyPem: string }, string?][] = [
      ['mx-good', '127.0.0.2', good],
      ['mx-bad', '127.0.0.3', bad],
      ['mx-bogus', '127.0.0.4', bogus],
      ['mx', '127.0.0.5', plain],
      ['mx-ta', '127.0.0.6', taLeaf, pki.chainPem(taLeaf)],
    ];
    for (const [name, address, cert, chain] of hosts) {
      const sink = await TestSink.start({
        host: address,
        port,
        key: cert.keyPem,
        cert: chain ?? cert.certPem,
      });
      cleanups.push(() => sink.close());
      sinks.set(name, sink);
    }
    const tlsa = (host: string, usage: string, hash: string) =>
      `_${port}._tcp.${host} IN TLSA ${usage} ${hash}`;
    dns = await startDnssec([
      {
        name: 'dane.test',
        signed: true,
        records: [
          'good IN MX 10 mx-good.dane.test.',
          'mx-good IN A 127.0.0.2',
          tlsa('mx-good', '3 1 1', spkiHash(good.certPem)),
          'bad IN MX 10 mx-bad.dane.test.',
          'mx-bad IN A 127.0.0.3',
          tlsa('mx-bad', '3 1 1', spkiHash(other.certPem)),
          'bogus IN MX 10 mx-bogus.dane.test.',
          'mx-bogus IN A 127.0.0.4',
          tlsa('mx-bogus', '3 1 1', spkiHash(bogus.certPem)),
          'ta IN MX 10 mx-ta.dane.test.',
          'mx-ta IN A 127.0.0.6',
          tlsa('mx-ta', '2 0 1', certHash(pki.intermediate.certPem)),
        ],
        // The TLSA record of mx-bogus changes under its signature: unbound answers SERVFAIL.
        tamper: (zone) =>
          zone.replace(
            new RegExp(
              `(_${port}\\._tcp\\.mx-bogus\\.dane\\.test\\.\\s+\\d+\\s+IN\\s+TLSA\\s+3 1 1 )([0-9a-f])`,
              'i',
            ),
            (_m, head: string, digit: string) => `${head}${digit === '0' ? '1' : '0'}`,
          ),
      },
      {
        name: 'plain.test',
        signed: false,
        // Unsigned, so this TLSA record (for another key) must be ignored.
        records: [
          '@ IN MX 10 mx.plain.test.',
          'mx IN A 127.0.0.5',
          tlsa('mx', '3 1 1', spkiHash(other.certPem)),
        ],
      },
    ]);
    cleanups.push(() => dns.stop());
    const extension = new DeliveryExtension();
    relay = await startTestRelay(
      {
        dns: { servers: [dns.resolver], timeoutMs: 2000, tries: 1 },
        delivery: { mode: 'mx', mxPort: port, connectionIdleSeconds: 0, timeoutSeconds: 10 },
      },
      { extensions: [extension] },
    );
    cleanups.push(() => relay.stop());
    assert.ok(extension.queue);
    queue = extension.queue;
  });

  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const deliver = (to: string) => deliverOne(relay, queue, to);

  it('delivers when the certificate matches a DANE-EE TLSA record (self-signed), and logs the policy', async () => {
    const { event, tls } = await deliver('bob@good.dane.test');
    assert.deepEqual(event.delivered, ['bob@good.dane.test']);
    assert.equal(sinks.get('mx-good')?.messages.length, 1);
    assert.equal(tls[0]?.policy, 'dane');
    assert.match(tls[0]?.why ?? '', /usable TLSA/);
  });

  it('delivers when the chain leads to a DANE-TA record and the name matches', async () => {
    const { event, tls } = await deliver('bob@ta.dane.test');
    assert.deepEqual(event.delivered, ['bob@ta.dane.test']);
    assert.equal(tls[0]?.policy, 'dane');
  });

  it('defers, sending nothing, when the certificate matches no TLSA record', async () => {
    const { event, tls } = await deliver('bob@bad.dane.test');
    assert.deepEqual(event.deferred, ['bob@bad.dane.test']);
    assert.equal(sinks.get('mx-bad')?.messages.length, 0);
    assert.match(JSON.stringify(tls), /DANE with mx-bad\.dane\.test.*no TLSA record matches/);
  });

  it('defers, never downgrading, when the TLSA answer is bogus', async () => {
    const { event, tls } = await deliver('bob@bogus.dane.test');
    assert.deepEqual(event.deferred, ['bob@bogus.dane.test']);
    assert.equal(sinks.get('mx-bogus')?.messages.length, 0);
    assert.match(JSON.stringify(tls), /TLSA lookup for _\d+\._tcp\.mx-bogus\.dane\.test failed: SERVFAIL/);
  });

  it('ignores TLSA records of an unsigned zone and delivers opportunistically, saying why', async () => {
    const { event, tls } = await deliver('bob@plain.test');
    assert.deepEqual(event.delivered, ['bob@plain.test']);
    assert.equal(tls[0]?.policy, 'opportunistic');
    assert.match(tls[0]?.why ?? '', /MX of plain\.test is not DNSSEC-signed/);
  });

  it("reports each MX host's DANE state on GET /tls-policy/DOMAIN (for /gateway diagnose)", async () => {
    const good = (await control(relay.controlPort, '/tls-policy/good.dane.test')).body as TlsPolicyReport;
    assert.equal(good.dane.mx, 'secure');
    assert.deepEqual(
      good.dane.hosts.map((h) => [h.host, h.state]),
      [['mx-good.dane.test', 'usable']],
    );
    const bogus = (await control(relay.controlPort, '/tls-policy/bogus.dane.test')).body as TlsPolicyReport;
    assert.equal(bogus.dane.hosts[0]?.state, 'fail');
    const plain = (await control(relay.controlPort, '/tls-policy/plain.test')).body as TlsPolicyReport;
    assert.equal(plain.dane.mx, 'insecure');
  });

  it('counts deliveries per policy and failures per reason in /status', async () => {
    const status = (await control(relay.controlPort, '/status')).body as {
      delivery: { tlsPolicies: { delivered: Record<string, number>; failures: Record<string, number> } };
    };
    const { delivered, failures } = status.delivery.tlsPolicies;
    assert.equal(delivered.dane, 2);
    assert.equal(delivered.opportunistic, 1);
    assert.equal(failures['dane-mismatch'], 1);
    assert.equal(failures['dane-lookup-failed'], 1);
  });
});
