// Outside text (remote SMTP replies, certificate names, relay errors, user-typed reasons and words)
// must reach Slack escaped: what the local Slack receives has no live mention or link anywhere.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectionTlsTester } from '../../src/changes/connection-tls-tester.ts';
import { plainInputValue } from '../../src/console/local-slack/payloads.ts';
import type { LocalSlack } from '../../src/console/local-slack/server.ts';
import { TestDnsServer } from '../support/dns-server.ts';
import { escapedShown, HOSTILE, liveMarkup, mrkdwnTexts } from '../support/live-markup.ts';
import { issueCertificate } from '../support/pki.ts';
import { ALICE, startSlack, startTestBot } from '../support/slack-bot.ts';
import { startStarttlsServer } from '../support/starttls-server.ts';

/** Runs a step and checks that it showed the hostile text, escaped, somewhere in what Slack got. */
async function shows(slack: LocalSlack, what: string, step: () => Promise<unknown>) {
  const before = mrkdwnTexts(slack).length;
  await step();
  const live = liveMarkup(slack, before);
  assert.deepEqual(live, [], `${what}: live mentions or links reached Slack`);
  assert.ok(escapedShown(slack, before).length > 0, `${what}: the hostile text did not reach Slack`);
}

function assertNothingLive(slack: LocalSlack) {
  const live = liveMarkup(slack);
  assert.deepEqual(live, [], `live mentions or links reached Slack:\n${JSON.stringify(live, null, 2)}`);
}

describe('outside text reaches Slack escaped', () => {
  let dns: TestDnsServer;
  before(async () => {
    dns = await TestDnsServer.start({ 'evil.relay.test': { A: ['127.0.0.1'] } });
  });
  after(() => dns.close());

  it('commands, a reason, certificate names and a remote SMTP greeting', async (t) => {
    const cert = issueCertificate({ commonName: HOSTILE, altNames: [`x${HOSTILE}.evil.example`] });
    const relay = await startStarttlsServer({ certChainPem: cert.certPem, keyPem: cert.keyPem });
    t.after(() => relay.close());
    const rude = await startStarttlsServer({ banner: `554 5.7.1 ${HOSTILE}` });
    t.after(() => rude.close());
    const slack = await startSlack(t);
    const tls = connectionTlsTester({ dnsServers: [dns.address], timeoutMs: 5_000 }, { publicRoots: [] });
    const bot = await startTestBot(t, slack, { tls, allowPrivateTargets: true });

    await shows(slack, 'an unknown subcommand', () => bot.command(ALICE, HOSTILE));
    await shows(slack, 'a route name', () => bot.command(ALICE, `route ${HOSTILE}`));
    await shows(slack, 'too many arguments', () => bot.command(ALICE, `routes ${HOSTILE}`));
    await shows(slack, 'a test-tls host', () => bot.command(ALICE, `test-tls ${HOSTILE}`));
    await shows(slack, 'certificate subject and names', () =>
      bot.command(ALICE, `test-tls evil.relay.test:${relay.port}`),
    );
    await shows(slack, 'a remote SMTP greeting', () =>
      bot.command(ALICE, `test-tls evil.relay.test:${rude.port}`),
    );

    // A proposal with a reason typed in the form, and the certificate in its pre-flight.
    await shows(slack, 'a reason and the pre-flight in the approvals channel', async () => {
      await bot.command(ALICE, 'add-route', { waitForView: true });
      const [view] = slack.openViews(ALICE.id);
      assert.ok(view);
      const submitted = await bot.submitView(ALICE, view.id, {
        name: { value: plainInputValue('evil') },
        host: { value: plainInputValue('evil.relay.test') },
        port: { value: plainInputValue(String(relay.port)) },
        reason: { value: plainInputValue(`because ${HOSTILE}`) },
      });
      assert.equal(submitted.status, 200);
      await waitForApproval(bot.approvalMessages.bind(bot));
    });
    await shows(slack, 'the reason in the audit trail', () => bot.command(ALICE, 'audit'));

    assertNothingLive(slack);
  });
});

async function waitForApproval(messages: () => unknown[]) {
  const { waitFor } = await import('../support/wait.ts');
  await waitFor(() => messages().length > 0, 'the proposal in the approvals channel', 20_000);
}
