// Each route option turned off changes the verdict the way Google's would: checked twice, by the
// result's own "what if" table and by running the test again with the option really off.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { RouteOption, RouteTlsOptions, TlsTestResult } from '../../src/tls/index.ts';
import { runTlsTest } from '../../src/tls/index.ts';
import { createTestPki, issueCertificate, type TestPki } from '../support/pki.ts';
import { allOn, say, serverFor } from './fixtures.ts';

const effect = (result: TlsTestResult, option: RouteOption) =>
  result.options.find((o) => o.option === option);

describe('route options and the verdict', () => {
  let pki: TestPki;
  let run: (route: RouteTlsOptions) => Promise<TlsTestResult>;
  before(() => {
    pki = createTestPki('Opt');
    run = (route) => runTlsTest(route, {}, { publicRoots: [pki.root.certPem] });
  });

  it('wrong name: only "validate host name" off delivers', async (t) => {
    const leaf = pki.leaf(['other.test.example']);
    const server = await serverFor(t, { certChainPem: pki.chainPem(leaf), keyPem: leaf.keyPem });
    const on = await run(allOn('127.0.0.1', server.port));
    assert.equal(on.verdict, 'bounce');
    assert.equal(effect(on, 'validateHostname')?.verdictIfOff, 'deliver');
    const off = await run({ ...allOn('127.0.0.1', server.port), validateHostname: false });
    assert.equal(off.verdict, 'deliver');
    assert.equal(effect(off, 'validateHostname')?.verdictIfOn, 'bounce');
  });

  it('self-signed: "validate host name" off still bounces, "CA-signed" off delivers', async (t) => {
    const self = issueCertificate({ commonName: 'self.test.example', altNames: ['127.0.0.1'] });
    const server = await serverFor(t, { certChainPem: self.certPem, keyPem: self.keyPem });
    const on = await run(allOn('127.0.0.1', server.port));
    assert.equal(on.verdict, 'bounce');
    assert.equal(effect(on, 'validateHostname')?.verdictIfOff, 'bounce');
    assert.equal(effect(on, 'requireCaSigned')?.verdictIfOff, 'deliver');
    const noHostname = await run({ ...allOn('127.0.0.1', server.port), validateHostname: false });
    assert.equal(noHostname.verdict, 'bounce');
    const noCa = await run({ ...allOn('127.0.0.1', server.port), requireCaSigned: false });
    assert.equal(noCa.verdict, 'deliver');
    assert.equal(noCa.effectiveOptions.validateHostname, false, 'host name validation nests under CA-signed');
    assert.equal(effect(noCa, 'validateHostname')?.effective, false);
  });

  it('no STARTTLS: only "require TLS" off delivers, and then in plain text', async (t) => {
    const server = await serverFor(t, { offerStarttls: false });
    const on = await run(allOn('127.0.0.1', server.port));
    assert.equal(on.verdict, 'bounce');
    assert.equal(effect(on, 'requireCaSigned')?.verdictIfOff, 'bounce');
    assert.equal(effect(on, 'requireTls')?.verdictIfOff, 'deliver');
    assert.match(
      say(on.remedies.at(-1)),
      /Last resort: turn off "Require secure transport \(TLS\)".*plain text/,
    );
    const noCa = await run({ ...allOn('127.0.0.1', server.port), requireCaSigned: false });
    assert.equal(noCa.verdict, 'bounce');
    const noTls = await run({ ...allOn('127.0.0.1', server.port), requireTls: false });
    assert.equal(noTls.verdict, 'deliver');
    assert.equal(noTls.targets[0]?.plaintext, true);
    assert.ok(noTls.warnings.map(say).some((w) => /would travel unencrypted/.test(w)));
    assert.match(say(noTls.summary), /delivered without encryption/);
  });
});
