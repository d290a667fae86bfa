// Alerts (raised once per incident, resolved once) and App Home, against real relay processes and the
// local Slack Web API.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { LocalMessage } from '../../../src/console/local-slack/types.ts';
import { tlsRunner } from '../../../src/ops/tls-runner.ts';
import { ACTION_APPROVE } from '../../../src/slack/blocks/proposal.ts';
import { ACTION_HOME_RELAY } from '../../../src/slack/ops/home.ts';
import { startRelayProcess } from '../../gateway/process.ts';
import { createTestPki, days } from '../../support/pki.ts';
import { ALICE, APPROVALS, BOB, blockText, findButton, startSlack } from '../../support/slack-bot.ts';
import { waitFor } from '../../support/wait.ts';
import { CONTROL_TOKEN, freePort, openHome, relayConfig, startOpsBot, writeRelayConfig } from './harness.ts';

const ALERTS = 'C0ALERTS';

describe('alerts', () => {
  it('raises each incident once, resolves it once, and warns about a certificate expiring within 14 days', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'ops-alerts-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const pki = createTestPki('Public');
    const leaf = pki.leaf(['mx.relay.test'], { notAfter: days(5) });
    await writeFile(join(dir, 'cert.pem'), pki.chainPem(leaf));
    await writeFile(join(dir, 'key.pem'), leaf.keyPem);
    const ports = { smtp: await freePort(), control: await freePort() };
    const configFile = await writeRelayConfig(
      dir,
      relayConfig(dir, ports, { tls: { key: join(dir, 'key.pem'), cert: join(dir, 'cert.pem') } }),
    );
    let relay = await startRelayProcess(configFile);
    t.after(() => relay.kill());
    const slack = await startSlack(t);
    const { ops } = await startOpsBot(
      t,
      slack,
      {
        GATEWAY_CONTROL_URL: `http://127.0.0.1:${ports.control}`,
        GATEWAY_CONTROL_TOKEN: CONTROL_TOKEN,
        GATEWAY_SMTP: `127.0.0.1:${ports.smtp}`,
        OPS_CHANNEL: ALERTS,
        ALERT_UNREACHABLE_FAILURES: '2',
      },
      { tls: tlsRunner({ timeoutMs: 5000 }, { publicRoots: [pki.root.certPem] }) },
    );
    const posts = () => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === ALERTS);
    const text = (m: LocalMessage | undefined) => (m ? blockText(m) : '');

    await ops.monitor.tick();
    await ops.monitor.tick();
    assert.equal(posts().length, 1, 'only the certificate alert');
    const cert = slack.messages(ALERTS)[0];
    assert.match(text(cert), /Relay `default`: certificate expires soon/);
    assert.match(text(cert), /expires in [45] days \(warning at 14\)/);
    assert.match(text(cert), /What to do:\* renew the certificate/);

    await relay.kill();
    await ops.monitor.tick();
    assert.equal(posts().length, 1, 'one failed read is not an incident yet');
    await ops.monitor.tick();
    await ops.monitor.tick();
    await ops.monitor.tick();
    assert.equal(posts().length, 2, 'raised once, however long it lasts');
    const down = slack.messages(ALERTS)[1];
    assert.match(text(down), /:rotating_light: Relay `default`: unreachable/);
    assert.match(
      text(down),
      /2 reads in a row failed: relay .{1,2}default.{1,2}: `GET \/status` failed: cannot connect/,
    );
    assert.doesNotMatch(JSON.stringify(slack.calls), new RegExp(CONTROL_TOKEN));

    relay = await startRelayProcess(configFile);
    await ops.monitor.tick();
    await ops.monitor.tick();
    assert.equal(posts().length, 3, 'one resolve message');
    assert.equal(slack.callsTo('chat.update').length, 1, 'the alert is marked resolved in place, once');
    const resolved = slack.messages(ALERTS).find((m) => m.ts === down?.ts);
    assert.match(text(resolved), /Resolved: relay `default`: unreachable/);
    assert.match(text(resolved), /the relay answers its control API again/);
    const reply = posts()[2];
    assert.equal(reply?.args.thread_ts, down?.ts);
    assert.deepEqual(
      (await ops.monitor.activeAlerts()).map((a) => a.kind),
      ['cert-expiry'],
    );
  });
});

describe('App Home', () => {
  it('publishes routes, proposals, changes, relay health with buttons, alerts and the chart', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'ops-home-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const configFile = await writeRelayConfig(dir, relayConfig(dir, { smtp: 0, control: 0 }));
    const relay = await startRelayProcess(configFile);
    t.after(() => relay.kill());
    const slack = await startSlack(t);
    const { testBot, ops } = await startOpsBot(t, slack, {
      GATEWAY_CONTROL_URL: `http://127.0.0.1:${relay.controlPort}`,
      GATEWAY_CONTROL_TOKEN: CONTROL_TOKEN,
    });
    await testBot.command(ALICE, `add-route primary mx.relay.test:${relay.smtpPort}`);
    await testBot.click(BOB, testBot.lastApprovalMessage(), ACTION_APPROVE);
    await waitFor(async () => (await testBot.bot.changes.recent(1))[0]?.state === 'approved', 'approval');
    await testBot.command(ALICE, 'add-route backup 192.0.2.10:2525');
    await ops.monitor.tick();

    // Uploads refused: the chart shows as a text sparkline.
    slack.failNext('files.getUploadURLExternal', { status: 200, error: 'not_allowed_token_type' });
    await openHome(testBot, ALICE.id);
    const first = await waitFor(() => slack.homeView(ALICE.id), 'the Home view');
    const firstText = JSON.stringify(first.view.blocks);
    assert.match(firstText, /Routes \(desired state\)/);
    assert.match(firstText, /primary/);
    assert.match(firstText, /Waiting for approval/);
    assert.match(firstText, /backup/);
    assert.match(firstText, /Recent changes/);
    assert.match(firstText, /Change #1 \(.*primary.*\): \*approved\*/);
    assert.match(firstText, /Relays/);
    assert.match(firstText, /`default`\* :large_green_circle: accepting mail/);
    assert.match(firstText, /No open alerts/);
    assert.match(firstText, /Queue depth +[▁-█ ]+ +max 0/);
    for (const action of ['status', 'diagnose', 'pause', 'flush', 'reload', 'restart']) {
      assert.ok(findButton(first.view as never, `${ACTION_HOME_RELAY}_${action}`), `button ${action}`);
    }

    // Uploads allowed: the chart is an image of the uploaded PNG.
    await openHome(testBot, ALICE.id);
    await waitFor(
      () =>
        slack.uploadedFiles().length === 1 &&
        slack.homeView(ALICE.id)?.view.blocks.some((b) => b.type === 'image'),
      'the chart image',
    );
    const image = slack.homeView(ALICE.id)?.view.blocks.find((b) => b.type === 'image') as {
      slack_file?: { id: string };
    };
    assert.equal(image.slack_file?.id, slack.uploadedFiles()[0]?.id);

    // A Home button asks for the action the same way the command does.
    const view = slack.homeView(ALICE.id);
    assert.ok(view);
    const found = findButton(view.view as never, `${ACTION_HOME_RELAY}_restart`);
    assert.ok(found);
    const { blockActionsBody } = await import('../../../src/console/local-slack/payloads.ts');
    const { interactionBody, postSigned } = await import('../../support/slack-signing.ts');
    const before = testBot.approvalMessages().length;
    const response = await postSigned(
      testBot.url,
      interactionBody(
        blockActionsBody({
          actor: testBot.actor(ALICE),
          button: found.button,
          blockId: found.blockId,
          view,
          triggerId: slack.newTriggerId(ALICE.id),
        }),
      ),
    );
    assert.equal(response.status, 200);
    await waitFor(() => testBot.approvalMessages().length > before, 'the restart proposal');
    assert.match(blockText(testBot.lastApprovalMessage()), /Relay action #1: restart default/);
    const dm = await waitFor(
      () => testBot.dms(ALICE).find((m) => /needs a second admin/.test(m.text)),
      'a DM',
    );
    assert.match(dm.text, new RegExp(`waits for approval in <#${APPROVALS}>`));
  });
});
