import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { runTlsTest, TlsTestInputError } from '../../src/tls/index.ts';
import { TestDnsServer } from '../support/dns-server.ts';
import { createTestPki, days, issueCertificate, type TestPki } from '../support/pki.ts';
import { allOn, closedPort, say, serverFor } from './fixtures.ts';

const NAMES = ['mail.test.example', '127.0.0.1', '::1'];

describe('runTlsTest against STARTTLS servers on loopback', () => {
  let pki: TestPki;
  let dns: TestDnsServer;
  before(async () => {
    pki = createTestPki('Lab');
    dns = await TestDnsServer.start({ 'mail.test.example': { A: ['127.0.0.1'] } });
  });
  after(() => dns.close());

  it('good chain with the root as extra CA: verifies locally, yet is not CA-signed for Google (says both)', async (t) => {
    const leaf = pki.leaf(NAMES);
    const server = await serverFor(t, { certChainPem: pki.chainPem(leaf), keyPem: leaf.keyPem });
    const result = await runTlsTest(allOn('mail.test.example', server.port), {
      extraCa: [pki.root.certPem],
      dnsServers: [dns.address],
    });
    const target = result.targets[0];
    assert.ok(target?.certificate);
    assert.equal(result.targets.length, 1);
    assert.equal(target.address, '127.0.0.1');
    assert.equal(target.banner?.code, 220);
    assert.equal(target.starttlsOffered, true);
    assert.match(target.tls?.protocol ?? '', /^TLSv1\.[23]$/);
    assert.ok(target.tls?.cipher);
    assert.equal(target.certificate.chain.length, 2, 'leaf and intermediate, as sent');
    assert.equal(
      target.certificate.chain[0]?.fingerprintSha256,
      new X509Certificate(leaf.certPem).fingerprint256,
    );
    assert.equal(target.certificate.chain[1]?.subject, 'CN=Lab Intermediate CA');
    assert.deepEqual(target.certificate.chain[0]?.altNames, [
      'DNS:mail.test.example',
      'IP:127.0.0.1',
      'IP:::1',
    ]);
    assert.equal(target.certificate.withExtraCa?.verified, true);
    assert.equal(target.certificate.withExtraCa?.anchor, 'CN=Lab Root CA');
    assert.equal(target.certificate.publicRoots.verified, false);
    assert.deepEqual(
      target.certificate.publicRoots.problems.map((p) => p.kind),
      ['unknown-issuer'],
    );
    assert.equal(target.certificate.caSigned, false);
    assert.equal(target.certificate.name.matches, true);
    assert.ok(target.certificate.daysToExpiry >= 88 && target.certificate.daysToExpiry <= 90);
    assert.ok(target.timings.connectMs !== undefined && target.timings.handshakeMs !== undefined);

    assert.equal(result.verdict, 'bounce');
    assert.deepEqual(
      result.causes.map((c) => c.option),
      ['requireCaSigned'],
    );
    assert.match(
      say(result.causes[0]?.message),
      /does verify against the extra CA you gave \(CN=Lab Root CA\)/,
    );
    assert.match(say(result.causes[0]?.message), /public roots Google trusts/);
    assert.match(say(result.summary), /would bounce/);

    const withoutCa = await runTlsTest(
      { ...allOn('mail.test.example', server.port), requireCaSigned: false },
      { extraCa: [pki.root.certPem], dnsServers: [dns.address] },
    );
    assert.equal(withoutCa.verdict, 'deliver');
    assert.deepEqual(withoutCa.causes, []);
    assert.equal(withoutCa.targets[0]?.plaintext, false);
  });

  it('good chain from a CA playing a public root: delivered with every option on', async (t) => {
    const leaf = pki.leaf(NAMES);
    const server = await serverFor(t, { certChainPem: pki.chainPem(leaf), keyPem: leaf.keyPem });
    const result = await runTlsTest(
      allOn('mail.test.example', server.port),
      { dnsServers: [dns.address] },
      { publicRoots: [pki.root.certPem] },
    );
    assert.equal(result.verdict, 'deliver', say(result.summary));
    assert.equal(result.targets[0]?.certificate?.caSigned, true);
    assert.deepEqual(result.remedies, []);
    assert.match(
      say(result.summary),
      /would be delivered over TLS with a publicly trusted certificate for the right name/,
    );
    assert.equal(server.connections, 1);
  });

  it('self-signed certificate', async (t) => {
    const self = issueCertificate({ commonName: 'mail.test.example', altNames: NAMES });
    const server = await serverFor(t, { certChainPem: self.certPem, keyPem: self.keyPem });
    const result = await runTlsTest(allOn('127.0.0.1', server.port), { extraCa: [pki.root.certPem] });
    const certificate = result.targets[0]?.certificate;
    assert.equal(certificate?.chain[0]?.selfSigned, true);
    assert.deepEqual(
      certificate?.publicRoots.problems.map((p) => p.kind),
      ['self-signed'],
    );
    assert.equal(result.verdict, 'bounce');
    assert.deepEqual(
      result.causes.map((c) => c.option),
      ['requireCaSigned'],
    );
    assert.match(say(result.summary), /self-signed/);
    assert.match(say(result.remedies[0]), /certificate from a publicly trusted CA that names 127\.0\.0\.1/);
  });

  it('wrong host name: lists the names the certificate carries', async (t) => {
    const leaf = pki.leaf(['relay.test.example', 'smtp.test.example']);
    const server = await serverFor(t, { certChainPem: pki.chainPem(leaf), keyPem: leaf.keyPem });
    const result = await runTlsTest(
      allOn('mail.test.example', server.port),
      { dnsServers: [dns.address] },
      { publicRoots: [pki.root.certPem] },
    );
    const name = result.targets[0]?.certificate?.name;
    assert.equal(name?.matches, false);
    assert.equal(name?.checkedName, 'mail.test.example');
    assert.deepEqual(name?.names, ['relay.test.example', 'smtp.test.example']);
    assert.equal(result.verdict, 'bounce');
    assert.deepEqual(
      result.causes.map((c) => c.option),
      ['validateHostname'],
    );
    assert.match(
      say(result.causes[0]?.message),
      /not valid for mail\.test\.example: it carries relay\.test\.example, smtp\.test\.example/,
    );
    assert.match(
      say(result.remedies[0]),
      /host name that is on the certificate: it carries relay\.test\.example, smtp\.test\.example/,
    );
    const lastResorts = result.remedies.map(say).filter((r) => r.startsWith('Last resort'));
    assert.deepEqual(
      result.remedies.map(say).slice(-lastResorts.length),
      lastResorts,
      'turning options off comes last',
    );
    assert.match(lastResorts[0] ?? '', /turn off "Validate certificate hostname".*different server/);
    assert.match(lastResorts.at(-1) ?? '', /turn off "Require secure transport \(TLS\)".*plain text/);
  });

  it('expired certificate', async (t) => {
    const leaf = pki.leaf(NAMES, { notBefore: days(-100), notAfter: days(-2) });
    const server = await serverFor(t, { certChainPem: pki.chainPem(leaf), keyPem: leaf.keyPem });
    const result = await runTlsTest(allOn('127.0.0.1', server.port), {}, { publicRoots: [pki.root.certPem] });
    const certificate = result.targets[0]?.certificate;
    assert.deepEqual(
      certificate?.publicRoots.problems.map((p) => p.kind),
      ['expired'],
    );
    assert.ok((certificate?.daysToExpiry ?? 0) < 0);
    assert.equal(result.verdict, 'bounce');
    assert.match(say(result.summary), /expired/);
    assert.ok(result.remedies.map(say).some((r) => /^Renew the certificate of 127\.0\.0\.1/.test(r)));
  });

  it('certificate not valid yet', async (t) => {
    const leaf = pki.leaf(NAMES, { notBefore: days(3), notAfter: days(90) });
    const server = await serverFor(t, { certChainPem: pki.chainPem(leaf), keyPem: leaf.keyPem });
    const result = await runTlsTest(allOn('127.0.0.1', server.port), { extraCa: [pki.root.certPem] });
    const certificate = result.targets[0]?.certificate;
    assert.deepEqual(
      certificate?.withExtraCa?.problems.map((p) => p.kind),
      ['not-yet-valid'],
    );
    assert.deepEqual(
      certificate?.publicRoots.problems.map((p) => p.kind),
      ['unknown-issuer', 'not-yet-valid'],
    );
    assert.equal(result.verdict, 'bounce');
    assert.ok(result.remedies.map(say).some((r) => /is not valid before .*check the clocks/.test(r)));
  });

  it('leaf sent without its intermediate', async (t) => {
    const leaf = pki.leaf(NAMES);
    const server = await serverFor(t, { certChainPem: leaf.certPem, keyPem: leaf.keyPem });
    const result = await runTlsTest(allOn('127.0.0.1', server.port), { extraCa: [pki.root.certPem] });
    const certificate = result.targets[0]?.certificate;
    assert.equal(certificate?.chain.length, 1);
    assert.deepEqual(
      certificate?.withExtraCa?.problems.map((p) => p.kind),
      ['missing-intermediate'],
    );
    assert.equal(result.verdict, 'bounce');
    assert.match(say(result.summary), /does not send the intermediate certificate/);
    assert.match(
      say(result.remedies[0]),
      /send the intermediate certificate\(s\).*CN=Lab Intermediate CA is missing/,
    );
  });

  it('STARTTLS not offered', async (t) => {
    const server = await serverFor(t, { offerStarttls: false });
    const result = await runTlsTest(allOn('127.0.0.1', server.port));
    const target = result.targets[0];
    assert.equal(target?.starttlsOffered, false);
    assert.equal(target?.failure?.kind, 'starttls-not-offered');
    assert.deepEqual(
      result.causes.map((c) => c.option),
      ['requireTls'],
    );
    assert.ok(result.remedies.map(say).some((r) => /Turn on STARTTLS on 127\.0\.0\.1:\d+/.test(r)));
  });

  it('server refusing STARTTLS', async (t) => {
    const server = await serverFor(t, { refuseStarttls: '454 4.7.0 TLS not available due to local problem' });
    const result = await runTlsTest(allOn('127.0.0.1', server.port));
    const target = result.targets[0];
    assert.equal(target?.starttlsOffered, true);
    assert.equal(target?.starttlsReply?.code, 454);
    assert.equal(target?.failure?.kind, 'starttls-refused');
    assert.equal(result.verdict, 'bounce');
    assert.deepEqual(
      result.causes.map((c) => c.option),
      ['requireTls'],
    );
    assert.match(say(result.causes[0]?.message), /454 4\.7\.0 TLS not available/);
  });

  it('connection refused: bounces whatever the options', async () => {
    const port = await closedPort();
    const result = await runTlsTest(allOn('127.0.0.1', port));
    assert.equal(result.targets[0]?.failure?.kind, 'refused');
    assert.equal(result.targets[0]?.failure?.stage, 'connect');
    assert.equal(result.verdict, 'bounce');
    assert.deepEqual(
      result.causes.map((c) => c.option),
      ['connect'],
    );
    assert.ok(result.options.every((effect) => effect.verdictIfOff === 'bounce'));
    assert.ok(
      !result.remedies.map(say).some((r) => r.startsWith('Last resort')),
      'no option helps, so none is offered',
    );
    assert.match(say(result.remedies[0]), new RegExp(`Open port ${port}`));
  });

  it('a server that never answers: the timeout is honoured and named', async (t) => {
    const server = await serverFor(t, { silent: true });
    const result = await runTlsTest(allOn('127.0.0.1', server.port), { timeoutMs: 300 });
    const failure = result.targets[0]?.failure;
    assert.equal(failure?.kind, 'timeout');
    assert.equal(failure?.stage, 'banner');
    assert.match(say(failure?.message), /no answer within 300 ms while waiting for the greeting/);
    assert.equal(result.verdict, 'bounce');
    assert.equal(server.connections, 1);
  });

  it('a 554 banner', async (t) => {
    const server = await serverFor(t, { banner: '554 5.7.1 no SMTP service for you' });
    const result = await runTlsTest(allOn('127.0.0.1', server.port));
    const target = result.targets[0];
    assert.equal(target?.banner?.code, 554);
    assert.equal(target?.failure?.kind, 'banner-rejected');
    assert.equal(result.verdict, 'bounce');
    assert.deepEqual(
      result.causes.map((c) => c.option),
      ['connect'],
    );
    assert.match(say(result.summary), /554 5\.7\.1 no SMTP service for you/);
    assert.match(say(result.remedies[0]), /_spf\.google\.com/);
  });

  it('IPv6 ::1', async (t) => {
    const leaf = pki.leaf(NAMES);
    const server = await serverFor(t, { host: '::1', certChainPem: pki.chainPem(leaf), keyPem: leaf.keyPem });
    const result = await runTlsTest(allOn('::1', server.port), {}, { publicRoots: [pki.root.certPem] });
    const target = result.targets[0];
    assert.equal(target?.family, 6);
    assert.equal(target?.label, `[::1]:${server.port}`);
    assert.equal(target?.certificate?.name.matches, true);
    assert.equal(result.verdict, 'deliver', say(result.summary));
  });

  it('a name with no address in DNS bounces with the DNS answer named', async () => {
    const result = await runTlsTest(allOn('nowhere.test.example', 2525), { dnsServers: [dns.address] });
    assert.equal(result.verdict, 'bounce');
    assert.equal(result.targets.length, 0);
    assert.match(say(result.causes[0]?.message), /nowhere\.test\.example does not exist \(NXDOMAIN\)/);
    assert.match(say(result.remedies[0]), /Publish an A or AAAA record for nowhere\.test\.example/);
  });
});

describe('runTlsTest input checks', () => {
  const cases: [string, number, RegExp][] = [
    ['', 25, /host is empty/],
    ['mail.test.example', 465, /port 465 .*not allowed.*25 or 587/],
    ['mail.test.example', 70000, /port 70000 is not allowed/],
    ['mail test.example', 25, /"mail test.example" contains white space/],
  ];
  for (const [host, port, message] of cases) {
    it(`refuses host ${JSON.stringify(host)} port ${port} with a clear error`, async () => {
      await assert.rejects(
        runTlsTest(allOn(host, port)),
        (error: unknown) =>
          error instanceof TlsTestInputError && error.problems.map(say).some((p) => message.test(p)),
      );
    });
  }

  it('refuses MX lookup on an IP address and a bad timeout, naming both', async () => {
    await assert.rejects(
      runTlsTest({ ...allOn('192.0.2.1', 25), mxLookup: true }, { timeoutMs: 0 }),
      (error: unknown) =>
        error instanceof TlsTestInputError &&
        error.problems.length === 2 &&
        /MX lookup needs a domain name.*192\.0\.2\.1/.test(say(error.problems[0])) &&
        /timeout 0 ms/.test(say(error.problems[1])),
    );
  });

  it('refuses a DNS server that is not an IP address', async () => {
    await assert.rejects(
      runTlsTest(allOn('mail.test.example', 25), { dnsServers: ['dns.example:53'] }),
      (error: unknown) =>
        error instanceof TlsTestInputError && /DNS server "dns\.example:53" is not an IP/.test(error.message),
    );
  });

  it('refuses an extra CA that is not PEM', async () => {
    await assert.rejects(
      runTlsTest(allOn('192.0.2.1', 25), { extraCa: ['not a certificate'] }),
      (error: unknown) => error instanceof TlsTestInputError && /extra CA 1 holds no/.test(error.message),
    );
  });
});
