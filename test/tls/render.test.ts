import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTlsJson, renderTlsText, runTlsTest } from '../../src/tls/index.ts';
import { createTestPki } from '../support/pki.ts';
import { allOn, serverFor } from './fixtures.ts';

describe('renderers', () => {
  const pki = createTestPki('Render');

  it('text shows the verdict, causes, remedies, options and the chain; JSON is the same object', async (t) => {
    const leaf = pki.leaf(['relay.test.example']);
    const server = await serverFor(t, { certChainPem: pki.chainPem(leaf), keyPem: leaf.keyPem });
    const result = await runTlsTest(allOn('127.0.0.1', server.port), { extraCa: [pki.root.certPem] });
    const text = renderTlsText(result);
    assert.match(text, /^BOUNCE: Mail to 127\.0\.0\.1 port \d+ would bounce/);
    assert.match(text, /Why it would bounce:\n {2}- \[Require CA signed certificate\]/);
    assert.match(text, /- \[Validate certificate hostname\] .*it carries relay\.test\.example/);
    assert.match(text, /What to do \(in this order\):\n {2}1\. /);
    assert.match(text, /Validate certificate hostname +on +on: bounce, off: bounce/);
    assert.match(text, /public roots NOT verified/);
    assert.match(text, /extra CA {5}verified \(root CN=Render Root CA\)/);
    assert.match(text, /0\. CN=relay\.test\.example\n {9}issuer {3}CN=Render Intermediate CA/);
    assert.deepEqual(JSON.parse(renderTlsJson(result)), JSON.parse(JSON.stringify(result)));
    assert.equal(JSON.parse(renderTlsJson(result)).targets[0].certificate.chain.length, 2);
  });
});
