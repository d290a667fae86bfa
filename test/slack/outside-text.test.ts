// Outside text (remote SMTP replies, certificate names, relay errors, user-typed reasons and words)
// must reach Slack escaped: what the local Slack receives has no live mention or link anywhere.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectionTlsTester } from '../../src/changes/connection-tls-tester.ts';
import { plainInputValue } from '../../src/console/local-slack/payloads.ts';
import type { LocalSlack } from '../../src/console/local-slack/server.ts';
import { emptyAlertBook, evaluateAlerts } from '../../src/domain/ops/alerts.ts';
import { GatewayClient } from '../../src/gateway-client/client.ts';
import { raw } from '../../src/i18n/phrase.ts';
import { AlertPublisher } from '../../src/slack/ops/publishers.ts';
import { sendMail } from '../gateway/harness.ts';
import { startRelayProcess } from '../gateway/process.ts';
import { TestDnsServer } from '../support/dns-server.ts';
import { escapedShown, HOSTILE, liveMarkup, mrkdwnTexts } from '../support/live-markup.ts';
import { issueCertificate } from '../support/pki.ts';
import { ALICE, OPS, startSlack, startTestBot } from '../support/slack-bot.ts';
import { TestSink } from '../support/smtp-sink.ts';
import { startStarttlsServer } from '../support/starttls-server.ts';
import { waitFor } from '../support/wait.ts';
import {
  CONTROL_TOKEN,
  freePort,
  openHome,
  relayConfig,
  startOpsBot,
  writeRelayConfig,
} from './ops/harness.ts';

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
      await waitFor(() => bot.approvalMessages().length > 0, 'the proposal', 20_000);
    });
    await shows(slack, 'the reason in the audit trail', () => bot.command(ALICE, 'audit'));

    assertNothingLive(slack);
  });
});

describe('outside text from the relay reaches Slack escaped', () => {
  it("a remote server's refusal in relay queue and diagnose; alerts; App Home", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'outside-relay-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    // The next hop refuses every recipient with text that would ping the channel.
    const sink = await TestSink.start({ rcpt: () => `451 4.7.1 ${HOSTILE}` });
    t.after(() => sink.close());
    const ports = { smtp: await freePort(), control: await freePort() };
    const configFile = await writeRelayConfig(
      dir,
      relayConfig(dir, ports, {
        delivery: {
          mode: 'smarthost',
          smarthost: { host: '127.0.0.1', port: sink.port },
          connectionIdleSeconds: 0,
        },
      }),
    );
    const relay = await startRelayProcess(configFile);
    t.after(() => relay.kill());
    // A second relay whose control API answers every request with an error text of its choosing.
    const liar = createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `overloaded ${HOSTILE}` }));
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise((resolve) => liar.close(resolve)));
    const slack = await startSlack(t);
    const { testBot, ops } = await startOpsBot(
      t,
      slack,
      {
        GATEWAYS: `default=http://127.0.0.1:${relay.controlPort},liar=http://127.0.0.1:${(liar.address() as AddressInfo).port}`,
        GATEWAY_CONTROL_TOKEN: CONTROL_TOKEN,
      },
      { bot: { allowPrivateTargets: true } },
    );
    const sent = await sendMail({
      port: relay.smtpPort,
      from: 'a@example.com',
      to: ['b@example.org'],
      message: 'From: a@example.com\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nhello\r\n',
    });
    assert.equal(sent.ok, true, sent.response);
    const client = new GatewayClient({
      name: 'default',
      url: `http://127.0.0.1:${relay.controlPort}`,
      token: CONTROL_TOKEN,
    });
    await waitFor(
      async () => (await client.queue()).deferred?.some((d) => d.lastError.includes('<!channel>')),
      'the refusal recorded by the relay',
      20_000,
    );

    await shows(slack, 'relay status', () => testBot.command(ALICE, 'relay status --relay liar'));
    await shows(slack, 'relay queue (the refusal)', () =>
      testBot.command(ALICE, 'relay queue --relay default'),
    );
    await shows(slack, 'relay queue (the error text)', () =>
      testBot.command(ALICE, 'relay queue --relay liar'),
    );
    await shows(slack, 'diagnose', async () => {
      await testBot.command(ALICE, 'diagnose');
      await waitFor(
        () => slack.messages(OPS).some((m) => /pass, \d+ warn, \d+ fail/.test(m.text)),
        'the finished diagnose report',
        30_000,
      );
    });

    // An alert whose detail quotes the relay's allowlist error, raised as the monitor would.
    const snapshot = (await ops.monitor.tick()).find((s) => s.relay === 'default');
    assert.ok(snapshot?.reachable);
    const { events } = evaluateAlerts(emptyAlertBook(), {
      ...snapshot,
      allowlist: { ...snapshot.allowlist, size: 3, error: `SERVFAIL from ${HOSTILE}` },
    } as typeof snapshot);
    const raised = events.find((e) => e.type === 'raise');
    assert.ok(raised?.type === 'raise');
    await testBot.bot.store.alerts.open(raised.alert);
    const publisher = new AlertPublisher(
      testBot.bot.app.client,
      OPS,
      testBot.bot.app.logger,
      testBot.bot.store.alerts,
      testBot.bot.readers.channel,
    );
    await shows(slack, 'an alert', () => publisher.onAlert(raised));
    await shows(slack, 'its resolution in the thread', () =>
      publisher.onAlert({
        type: 'resolve',
        alert: raised.alert,
        resolvedAt: Date.now(),
        detail: raw(HOSTILE),
      }),
    );
    await shows(slack, 'App Home', async () => {
      await openHome(testBot, ALICE.id);
      await waitFor(() => slack.homeView(ALICE.id), 'App Home');
    });
  });
});
