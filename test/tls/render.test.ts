import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTranslator } from '../../src/i18n/translator.ts';
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
    const { text: words, ...json } = JSON.parse(renderTlsJson(result));
    assert.deepEqual(json, JSON.parse(JSON.stringify(result)));
    assert.equal(json.targets[0].certificate.chain.length, 2);
    assert.equal(words.locale, 'en');
    assert.equal(words.report, text);
    assert.match(words.summary, /^Mail to 127\.0\.0\.1 port \d+ would bounce/);
    assert.deepEqual(
      words.causes.map((c: { option: string }) => c.option),
      ['requireCaSigned', 'validateHostname'],
    );
    assert.equal(words.remedies.length, result.remedies.length);
  });

  it('the same result in Japanese: the console labels as the Japanese help page writes them', async (t) => {
    const leaf = pki.leaf(['relay.test.example']);
    const server = await serverFor(t, { certChainPem: pki.chainPem(leaf), keyPem: leaf.keyPem });
    const result = await runTlsTest(allOn('127.0.0.1', server.port), { extraCa: [pki.root.certPem] });
    const text = renderTlsText(result, createTranslator('ja', 'plain'));
    assert.match(text, /^返送: 127\.0\.0\.1 のポート \d+ へのメールは返送されます/);
    assert.match(text, /Google の \[TLS 接続をテスト\] では「証明書を検証できませんでした」と表示されます。/);
    assert.match(text, /返送される理由:\n {2}- \[CA 署名済み証明書を使用する\]/);
    assert.match(text, /- \[証明書のホスト名を検証する\] .*証明書の名前は relay\.test\.example/);
    assert.match(text, /最後の手段: \[セキュアなトランスポート\(TLS\)を使用する\] をオフにします。/);
    assert.doesNotMatch(text, /would|Last resort|Require|Validate|What to do/);
    const json = JSON.parse(renderTlsJson(result, createTranslator('ja', 'plain')));
    assert.equal(json.text.locale, 'ja');
    assert.equal(json.text.report, text);
    assert.deepEqual(json.summary, JSON.parse(JSON.stringify(result.summary)));
  });
});
