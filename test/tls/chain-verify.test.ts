import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { verifyChain } from '../../src/tls/chain-verify.ts';
import { publicTrustAnchors, trustAnchors } from '../../src/tls/trust-store.ts';
import { createTestPki, days, issueCertificate } from '../support/pki.ts';
import { say } from './fixtures.ts';

const x509 = (pem: string) => new X509Certificate(pem);

describe('verifyChain', () => {
  const pki = createTestPki('Unit');
  const anchors = trustAnchors([x509(pki.root.certPem)]);
  const now = new Date();

  it('links leaf -> intermediate -> root and names the root', () => {
    const leaf = pki.leaf(['a.test.example']);
    const check = verifyChain([x509(leaf.certPem), x509(pki.intermediate.certPem)], anchors, now);
    assert.deepEqual(check, { verified: true, anchor: 'CN=Unit Root CA', problems: [] });
  });

  it('the same chain is unknown to the public root store', () => {
    const leaf = pki.leaf(['a.test.example']);
    const check = verifyChain(
      [x509(leaf.certPem), x509(pki.intermediate.certPem)],
      publicTrustAnchors(),
      now,
    );
    assert.equal(check.verified, false);
    assert.equal(check.anchor, undefined);
    assert.deepEqual(
      check.problems.map((p) => p.kind),
      ['unknown-issuer'],
    );
    assert.match(say(check.problems[0]?.message), /issuer CN=Unit Root CA of CN=Unit Intermediate CA/);
  });

  it('a private root sent along by the server is still not trusted', () => {
    const leaf = pki.leaf(['a.test.example']);
    const chain = [leaf.certPem, pki.intermediate.certPem, pki.root.certPem].map(x509);
    const check = verifyChain(chain, publicTrustAnchors(), now);
    assert.deepEqual(
      check.problems.map((p) => p.kind),
      ['unknown-issuer'],
    );
    assert.match(
      say(check.problems[0]?.message),
      /ends at the root CN=Unit Root CA, which is not a trusted root/,
    );
  });

  it('an expired intermediate fails the chain and is named', () => {
    const root = issueCertificate({ commonName: 'Old Root', isCa: true });
    const intermediate = issueCertificate({
      commonName: 'Old Intermediate',
      isCa: true,
      issuer: root,
      notBefore: days(-400),
      notAfter: days(-1),
    });
    const leaf = issueCertificate({ commonName: 'a.test.example', issuer: intermediate });
    const check = verifyChain(
      [leaf.certPem, intermediate.certPem].map(x509),
      trustAnchors([x509(root.certPem)]),
      now,
    );
    assert.equal(check.verified, false);
    assert.equal(check.anchor, 'CN=Old Root');
    assert.deepEqual(
      check.problems.map((p) => [p.kind, p.certificate]),
      [['expired', 'CN=Old Intermediate']],
    );
  });

  it('a certificate signed by someone else with the same issuer name does not link', () => {
    const impostor = createTestPki('Unit');
    const leaf = impostor.leaf(['a.test.example']);
    const check = verifyChain([leaf.certPem, impostor.intermediate.certPem].map(x509), anchors, now);
    assert.equal(check.verified, false);
    assert.deepEqual(
      check.problems.map((p) => p.kind),
      ['unknown-issuer'],
    );
  });

  it('a self-signed certificate given as a trust anchor itself verifies (pinning)', () => {
    const self = issueCertificate({ commonName: 'pinned.test.example' });
    const check = verifyChain([x509(self.certPem)], trustAnchors([x509(self.certPem)]), now);
    assert.equal(check.verified, true);
    assert.equal(check.anchor, 'CN=pinned.test.example');
  });

  it('the time is an input: a valid chain checked a year later has expired', () => {
    const leaf = pki.leaf(['a.test.example']);
    const check = verifyChain([leaf.certPem, pki.intermediate.certPem].map(x509), anchors, days(365));
    assert.deepEqual(
      check.problems.map((p) => p.kind),
      ['expired', 'expired', 'expired'],
    );
  });
});
