// /gateway relay ... against a real relay process that the bot runs (GATEWAY_MANAGED=true), with the
// local Slack Web API: every command, approvals for control actions, restart and crash recovery.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GatewayClient } from '../../../src/gateway-client/client.ts';
import { tlsRunner } from '../../../src/ops/tls-runner.ts';
import { ACTION_RELAY_APPROVE, ACTION_RELAY_REJECT } from '../../../src/slack/ops/action-blocks.ts';
import { decodePng } from '../../chart/png-decode.ts';
import { sendMail } from '../../gateway/harness.ts';
import { startRelayProcess } from '../../gateway/process.ts';
import { createTestPki } from '../../support/pki.ts';
import { ALICE, BOB, blockText, OPS, startSlack } from '../../support/slack-bot.ts';
import { TestSink } from '../../support/smtp-sink.ts';
import { waitFor } from '../../support/wait.ts';
import { CONTROL_TOKEN, freePort, relayConfig, startOpsBot, writeRelayConfig } from './harness.ts';

const MESSAGE = 'From: a@example.com\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nhello\r\n';

describe('/gateway relay with a relay the bot runs', () => {
  it('answers every relay command, asks approval for control actions and restarts the relay', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'ops-relay-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const sink = await TestSink.start();
    t.after(() => sink.close());
    const pki = createTestPki('Ops');
    const leaf = pki.leaf(['mx.relay.test', '127.0.0.1']);
    await writeFile(join(dir, 'cert.pem'), pki.chainPem(leaf));
    await writeFile(join(dir, 'key.pem'), leaf.keyPem);
    const ports = { smtp: await freePort(), control: await freePort() };
    const configFile = await writeRelayConfig(
      dir,
      relayConfig(dir, ports, {
        tls: { key: join(dir, 'key.pem'), cert: join(dir, 'cert.pem') },
        delivery: {
          mode: 'smarthost',
          smarthost: { host: '127.0.0.1', port: sink.port },
          connectionIdleSeconds: 0,
        },
      }),
    );
    const slack = await startSlack(t);
    const { testBot, ops } = await startOpsBot(
      t,
      slack,
      {
        GATEWAY_CONTROL_URL: `http://127.0.0.1:${ports.control}`,
        GATEWAY_CONTROL_TOKEN: CONTROL_TOKEN,
        GATEWAY_SMTP: `127.0.0.1:${ports.smtp}`,
        GATEWAY_MANAGED: 'true',
        GATEWAY_CONFIG: configFile,
        RELAY_ACTIONS_WITHOUT_APPROVAL: 'flush',
      },
      { tls: tlsRunner({ timeoutMs: 5000 }, { publicRoots: [pki.root.certPem] }) },
    );
    const client = new GatewayClient({
      name: 'default',
      url: `http://127.0.0.1:${ports.control}`,
      token: CONTROL_TOKEN,
    });
    const answers = async () => {
      try {
        return await client.healthz();
      } catch {
        return undefined;
      }
    };
    await waitFor(answers, 'the managed relay to answer', 30_000);
    const firstPid = ops.supervisor?.pid;
    assert.ok(firstPid);

    // Traffic: one message delivered, one refused for its sender domain.
    const sent = await sendMail({
      port: ports.smtp,
      from: 'a@example.com',
      to: ['b@example.org'],
      message: MESSAGE,
    });
    assert.equal(sent.ok, true, sent.response);
    const refused = await sendMail({
      port: ports.smtp,
      from: 'x@foreign.example',
      to: ['b@example.org'],
      message: MESSAGE,
    });
    assert.equal(refused.ok, false);
    await sink.waitFor((m) => m.length === 1);
    await ops.monitor.tick();

    // status: health, counters, certificate, and the chart uploaded to the channel.
    const status = await testBot.command(ALICE, 'relay status');
    const statusText = blockText(status.reply as { text: string; blocks: unknown[] });
    assert.match(statusText, /accepting mail/);
    assert.match(statusText, /Accepted \/ rejected\*\\n1 \/ 1 \(sender-domain 1\)/);
    assert.match(statusText, /Delivered \/ deferred \/ bounced\*\\n1 \/ 0 \/ 0/);
    assert.match(statusText, /expires in (89|90) days/);
    assert.match(statusText, /chart of queue depth and deliveries/);
    const [file] = slack.uploadedFiles();
    assert.ok(file?.data);
    assert.equal(file.channel, OPS);
    const png = decodePng(file.data);
    assert.deepEqual([png.width, png.height], [640, 300]);
    assert.ok(slack.messages(OPS).some((m) => m.files?.[0]?.id === file.id));

    // queue: nothing deferred.
    const queue = await testBot.command(ALICE, 'relay queue');
    assert.match(
      blockText(queue.reply as { text: string; blocks: unknown[] }),
      /`default`: no deferred mail/,
    );

    // pause needs approval; the requester cannot approve; another approver can.
    const pause = await testBot.command(ALICE, 'relay pause --relay default');
    assert.match(pause.reply?.text ?? '', /Relay action #1 \(pause\) needs a second admin/);
    const proposal = testBot.lastApprovalMessage();
    assert.match(blockText(proposal), /Relay action #1: pause default/);
    assert.equal((await client.status()).paused, false);
    const self = await testBot.click(ALICE, proposal, ACTION_RELAY_APPROVE);
    const [selfAnswer] = await waitFor(
      () => slack.responses(self.responseUrl).length > 0 && slack.responses(self.responseUrl),
      'refusal',
    );
    assert.match(
      String(selfAnswer?.text),
      /you requested relay action #1 \(pause\), so you cannot approve it/,
    );
    await testBot.click(BOB, proposal, ACTION_RELAY_APPROVE);
    await waitFor(
      () => /:white_check_mark: Done/.test(blockText(testBot.lastApprovalMessage())),
      'pause done',
    );
    assert.match(blockText(testBot.lastApprovalMessage()), /\*Approved\* by <@U0BOB>/);
    assert.equal((await client.status()).paused, true);
    assert.equal(ops.monitor.latest('default')?.paused, false); // the monitor has not polled since

    // resume, rejected first, then approved.
    await testBot.command(ALICE, 'relay resume');
    await testBot.click(BOB, testBot.lastApprovalMessage(), ACTION_RELAY_REJECT);
    await waitFor(
      () => /\*Rejected\* by <@U0BOB>/.test(blockText(testBot.lastApprovalMessage())),
      'rejected',
    );
    assert.equal((await client.status()).paused, true);
    await testBot.command(ALICE, 'relay resume');
    await testBot.click(BOB, testBot.lastApprovalMessage(), ACTION_RELAY_APPROVE);
    await waitFor(
      () => /resumed: accepting mail again/.test(blockText(testBot.lastApprovalMessage())),
      'resumed',
    );
    assert.equal((await client.status()).paused, false);

    // flush runs at once (RELAY_ACTIONS_WITHOUT_APPROVAL=flush).
    const approvalsBefore = testBot.approvalMessages().length;
    const flush = await testBot.command(ALICE, 'relay flush');
    assert.match(
      flush.reply?.text ?? '',
      /Relay flush:\n:white_check_mark: `default`: 0 deferred messages retried now/,
    );
    assert.equal(testBot.approvalMessages().length, approvalsBefore);

    // reload through approval.
    await testBot.command(ALICE, 'relay reload');
    await testBot.click(BOB, testBot.lastApprovalMessage(), ACTION_RELAY_APPROVE);
    await waitFor(
      () => /configuration reloaded; 1 allowed range\b/.test(blockText(testBot.lastApprovalMessage())),
      'reloaded',
    );

    // restart needs approval: nothing happens until a second admin approves.
    const restart = await testBot.command(ALICE, 'relay restart');
    assert.match(restart.reply?.text ?? '', /Relay action #\d+ \(restart\) needs a second admin/);
    const restartProposal = testBot.lastApprovalMessage();
    assert.match(JSON.stringify(restartProposal.blocks), /Restart the relay now\?/);
    assert.equal(ops.supervisor?.pid, firstPid);
    await testBot.click(BOB, restartProposal, ACTION_RELAY_APPROVE);
    await waitFor(
      // the outcome is plain text from the relay side, so Slack gets it escaped ("-&gt;" shows as "->")
      () => /restarted gracefully \(pid \d+ -&gt; \d+\)/.test(blockText(testBot.lastApprovalMessage())),
      'restart done',
      40_000,
    );
    const secondPid = ops.supervisor?.pid;
    assert.ok(secondPid && secondPid !== firstPid);
    assert.equal(ops.supervisor?.restartCount, 0);
    assert.ok(await answers());

    // A crash (kill -9) is followed by a restart with backoff, and the relay answers again.
    process.kill(secondPid, 'SIGKILL');
    await waitFor(
      () => ops.supervisor?.pid !== undefined && ops.supervisor.pid !== secondPid && ops.supervisor.pid,
      'a new relay process',
      30_000,
    );
    await waitFor(answers, 'the restarted relay to answer', 30_000);
    assert.equal(ops.supervisor?.restartCount, 1);

    // The audit table has every step.
    const audit = await testBot.bot.store.audit.list({ limit: 100 });
    const actions = audit.map((a) => a.action);
    assert.ok(actions.includes('relay-action-proposed'));
    assert.ok(actions.includes('relay-action-approved'));
    assert.ok(actions.includes('relay-action-rejected'));
    assert.ok(actions.includes('relay-action-run'));
    assert.ok(!JSON.stringify(audit).includes(CONTROL_TOKEN));

    // Bad input.
    const unknown = await testBot.command(ALICE, 'relay status --relay nope');
    assert.match(unknown.reply?.text ?? '', /no relay named "nope": use one of default/);
    const badVerb = await testBot.command(ALICE, 'relay explode');
    assert.match(
      badVerb.reply?.text ?? '',
      /"explode" is not a relay command.*Usage: `\/gateway relay status\|queue/s,
    );
  });
});

describe('/gateway relay with a fleet of relays', () => {
  it('covers every relay without --relay, one with it, and reports each relay of an action', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'ops-fleet-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const relay = await startRelayProcess(
      await writeRelayConfig(dir, relayConfig(dir, { smtp: 0, control: 0 })),
    );
    t.after(() => relay.kill());
    const deadPort = await freePort();
    const slack = await startSlack(t);
    const { testBot } = await startOpsBot(t, slack, {
      GATEWAYS: `mx1=http://127.0.0.1:${relay.controlPort},mx2=http://127.0.0.1:${deadPort}`,
      GATEWAY_CONTROL_TOKEN: CONTROL_TOKEN,
      GATEWAY_TIMEOUT_MS: '2000',
    });

    const all = blockText(
      (await testBot.command(ALICE, 'relay status')).reply as { text: string; blocks: unknown[] },
    );
    assert.match(all, /`mx1`\* :large_green_circle: accepting mail/);
    assert.match(
      all,
      /:red_circle: \*`mx2`\* unreachable: relay .{1,2}mx2.{1,2}: `GET \/status` failed: cannot connect/,
    );
    const one = blockText(
      (await testBot.command(ALICE, 'relay status --relay mx1')).reply as { text: string; blocks: unknown[] },
    );
    assert.match(one, /mx1/);
    assert.doesNotMatch(one, /mx2/);

    await testBot.command(ALICE, 'relay pause maintenance window');
    const proposal = testBot.lastApprovalMessage();
    assert.match(blockText(proposal), /Relay action #1: pause mx1, mx2/);
    assert.match(blockText(proposal), /maintenance window/);
    await testBot.click(BOB, proposal, ACTION_RELAY_APPROVE);
    await waitFor(() => /:x: Failed/.test(blockText(testBot.lastApprovalMessage())), 'the action result');
    const result = blockText(testBot.lastApprovalMessage());
    assert.match(result, /:white_check_mark: `mx1`: paused/);
    assert.match(result, /:x: `mx2`: relay .{1,2}mx2.{1,2}: `POST \/pause` failed: cannot connect/);
    assert.doesNotMatch(JSON.stringify(slack.calls), new RegExp(CONTROL_TOKEN));
  });
});
