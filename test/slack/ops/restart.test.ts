// Operations state survives a bot restart (same SQLite file): a relay action requested before the
// restart is approved after it and runs once; an alert open before the restart is not raised again,
// and its resolve goes to the original message and thread. Real relay processes, local Slack Web API.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { LocalSlack } from '../../../src/console/local-slack/server.ts';
import { GatewayClient } from '../../../src/gateway-client/client.ts';
import { ACTION_RELAY_APPROVE } from '../../../src/slack/ops/action-blocks.ts';
import { startRelayProcess } from '../../gateway/process.ts';
import { ALICE, BOB, blockText, CAROL, startSlack } from '../../support/slack-bot.ts';
import { waitFor } from '../../support/wait.ts';
import { CONTROL_TOKEN, freePort, relayConfig, startOpsBot, writeRelayConfig } from './harness.ts';

const ALERTS = 'C0ALERTS';

async function tempDir(t: TestContext, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The bot with the operations side, its database in `dir` (the same file on every start). */
function opsBot(t: TestContext, slack: LocalSlack, dir: string, env: Record<string, string>) {
  return startOpsBot(t, slack, env, { bot: { dir, approvers: [ALICE.id, BOB.id, CAROL.id] } });
}

describe('operations state across a bot restart', () => {
  it('a relay action requested before a restart is approved after it and runs once', async (t) => {
    const dir = await tempDir(t, 'ops-restart-action-');
    const relay = await startRelayProcess(
      await writeRelayConfig(dir, relayConfig(dir, { smtp: 0, control: 0 })),
    );
    t.after(() => relay.kill());
    const env = {
      GATEWAY_CONTROL_URL: `http://127.0.0.1:${relay.controlPort}`,
      GATEWAY_CONTROL_TOKEN: CONTROL_TOKEN,
    };
    const client = new GatewayClient({ name: 'default', url: env.GATEWAY_CONTROL_URL, token: CONTROL_TOKEN });
    const slack = await startSlack(t);

    const first = await opsBot(t, slack, dir, env);
    const asked = await first.testBot.command(ALICE, 'relay pause --relay default before maintenance');
    assert.match(asked.reply?.text ?? '', /Relay action #1 \(pause\) needs a second admin/);
    const proposal = first.testBot.lastApprovalMessage();
    assert.match(blockText(proposal), /Relay action #1: pause default/);
    await first.ops.stop();
    await first.testBot.stop();

    const second = await opsBot(t, slack, dir, env);
    assert.deepEqual(
      (await second.ops.actions.pending()).map((r) => [r.id, r.action, r.requester]),
      [[1, 'pause', ALICE.id]],
      'the pending request is still there',
    );
    assert.equal((await client.status()).paused, false, 'nothing ran before the approval');
    // The requester still cannot approve it after the restart.
    const self = await second.testBot.click(ALICE, proposal, ACTION_RELAY_APPROVE);
    const [refusal] = await waitFor(
      () => slack.responses(self.responseUrl).length > 0 && slack.responses(self.responseUrl),
      'the refusal',
    );
    assert.match(String(refusal?.text), /you requested relay action #1 \(pause\), so you cannot approve it/);

    // Two approvers click the message posted before the restart at the same time.
    const clicks = await Promise.all([
      second.testBot.click(BOB, proposal, ACTION_RELAY_APPROVE),
      second.testBot.click(CAROL, proposal, ACTION_RELAY_APPROVE),
    ]);
    await waitFor(async () => (await second.ops.actions.get(1))?.state === 'done', 'the action to run');
    const [loser] = await waitFor(() => {
      const answers = clicks.flatMap((c) => slack.responses(c.responseUrl));
      return answers.length > 0 && answers;
    }, 'the second approver to be told');
    assert.match(
      String(loser?.text),
      /relay action #1 \(pause\) is already (approved|done) by <@U0(BOB|CAROL)>/,
    );
    assert.equal((await client.status()).paused, true);
    const audit = (await second.testBot.bot.store.audit.list({ limit: 50 })).map((e) => e.action);
    assert.equal(audit.filter((a) => a === 'relay-action-approved').length, 1, 'one decision');
    assert.equal(audit.filter((a) => a === 'relay-action-result').length, 1, 'the action ran once');
    assert.equal(audit.filter((a) => a === 'relay-action-proposed').length, 1);

    // The original message is updated in place (no second proposal message).
    await waitFor(
      () => /:white_check_mark: Done/.test(blockText(second.testBot.lastApprovalMessage())),
      'the message to show the result',
    );
    assert.equal(second.testBot.approvalMessages().length, 1);
    const final = second.testBot.lastApprovalMessage();
    assert.equal(final.ts, proposal.ts);
    assert.match(blockText(final), /\*Approved\* by <@U0(BOB|CAROL)>/);
    assert.match(blockText(final), /before maintenance/);
    assert.equal(
      slack.callsTo('chat.postMessage').filter((c) => c.args.channel === proposal.channel).length,
      1,
    );
  });

  it('an alert open before a restart is not raised again, and its resolve goes to the original thread', async (t) => {
    const dir = await tempDir(t, 'ops-restart-alert-');
    const ports = { smtp: await freePort(), control: await freePort() };
    const configFile = await writeRelayConfig(dir, relayConfig(dir, ports));
    let relay = await startRelayProcess(configFile);
    t.after(() => relay.kill());
    const env = {
      GATEWAY_CONTROL_URL: `http://127.0.0.1:${ports.control}`,
      GATEWAY_CONTROL_TOKEN: CONTROL_TOKEN,
      OPS_CHANNEL: ALERTS,
      ALERT_UNREACHABLE_FAILURES: '2',
    };
    const slack = await startSlack(t);
    const posts = () => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === ALERTS);

    const first = await opsBot(t, slack, dir, env);
    await first.ops.monitor.tick();
    await relay.kill();
    await first.ops.monitor.tick();
    await first.ops.monitor.tick();
    assert.equal(posts().length, 1, 'the unreachable alert');
    const raised = slack.messages(ALERTS)[0];
    assert.ok(raised);
    assert.match(blockText(raised), /:rotating_light: Relay `default`: unreachable/);
    await first.ops.stop();
    await first.testBot.stop();

    // Restarted while the relay is still down: the incident is known, nothing is posted again.
    const second = await opsBot(t, slack, dir, env);
    assert.deepEqual(
      (await second.ops.monitor.activeAlerts()).map((a) => a.key),
      ['default:relay-unreachable'],
    );
    await second.ops.monitor.tick();
    await second.ops.monitor.tick();
    await second.ops.monitor.tick();
    assert.equal(posts().length, 1, 'no second alert after the restart');

    // The condition clears: resolved in place on the original message, and one reply in its thread.
    relay = await startRelayProcess(configFile);
    await second.ops.monitor.tick();
    await second.ops.monitor.tick();
    assert.equal(posts().length, 2, 'one resolve message');
    const reply = posts()[1];
    assert.equal(reply?.args.thread_ts, raised.ts);
    assert.match(JSON.stringify(reply?.args), /Resolved: relay `default`: unreachable/);
    const updates = slack.callsTo('chat.update');
    assert.equal(updates.length, 1, 'marked resolved in place, once');
    assert.equal(updates[0]?.args.ts, raised.ts);
    const resolved = slack.messages(ALERTS).find((m) => m.ts === raised.ts);
    assert.match(resolved ? blockText(resolved) : '', /Resolved: relay `default`: unreachable/);
    assert.deepEqual(await second.ops.monitor.activeAlerts(), []);
    assert.deepEqual(await second.testBot.bot.store.alerts.list(), [], 'closed in the store too');
  });
});
