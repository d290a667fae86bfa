// The pre-flight wired to the real TLS test, against real STARTTLS servers on loopback.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectionTlsTester } from '../../src/changes/connection-tls-tester.ts';
import { ACTION_APPROVE, ACTION_APPROVE_ANYWAY } from '../../src/slack/blocks/proposal.ts';
import { TestDnsServer } from '../support/dns-server.ts';
import { createTestPki, issueCertificate, type TestPki } from '../support/pki.ts';
import { ALICE, blockText, findButton, startSlack, startTestBot } from '../support/slack-bot.ts';
import { startStarttlsServer } from '../support/starttls-server.ts';

describe('TLS pre-flight with the real connection test', () => {
  let pki: TestPki;
  let dns: TestDnsServer;
  before(async () => {
    pki = createTestPki('Preflight');
    dns = await TestDnsServer.start({
      'good.relay.test': { A: ['127.0.0.1'] },
      'selfsigned.relay.test': { A: ['127.0.0.1'] },
    });
  });
  after(() => dns.close());

  it('a CA-signed relay predicts delivery; a self-signed one predicts bounces and needs "approve anyway"', async (t) => {
    const leaf = pki.leaf(['good.relay.test']);
    const good = await startStarttlsServer({ certChainPem: pki.chainPem(leaf), keyPem: leaf.keyPem });
    t.after(() => good.close());
    const own = issueCertificate({ commonName: 'selfsigned.relay.test' });
    const selfSigned = await startStarttlsServer({ certChainPem: own.certPem, keyPem: own.keyPem });
    t.after(() => selfSigned.close());

    const slack = await startSlack(t);
    // The test root plays a public CA Google trusts; DNS answers from the loopback server.
    const tls = connectionTlsTester(
      { dnsServers: [dns.address], timeoutMs: 5_000 },
      { publicRoots: [pki.root.certPem] },
    );
    const bot = await startTestBot(t, slack, { tls });

    await bot.command(ALICE, `add-route good good.relay.test:${good.port}`);
    const deliver = bot.lastApprovalMessage();
    assert.match(blockText(deliver), /TLS pre-flight: mail would be delivered/);
    assert.ok(findButton(deliver, ACTION_APPROVE));
    assert.equal(good.handshakes, 1);

    await bot.command(ALICE, `add-route selfsigned selfsigned.relay.test:${selfSigned.port}`);
    const bounce = bot.lastApprovalMessage();
    assert.match(blockText(bounce), /Google would bounce outbound mail/);
    assert.match(blockText(bounce), /\*Require CA signed certificate\*: the certificate does not verify/);
    assert.ok(findButton(bounce, ACTION_APPROVE_ANYWAY));
    assert.equal(findButton(bounce, ACTION_APPROVE), undefined);

    const request = (await bot.bot.changes.pending()).find((r) => r.preflight?.verdict === 'bounce');
    assert.ok(request?.preflight?.remedies.length);

    // Turning the CA and host-name checks off is what Google would then accept.
    const relaxed = await bot.command(ALICE, `test-tls selfsigned.relay.test:${selfSigned.port} --no-ca`);
    assert.match(`${relaxed.reply?.text}${JSON.stringify(relaxed.reply?.blocks)}`, /mail would be delivered/);
  });
});
