// The Google Workspace side of the Slack bot, through a real Bolt app with signed requests, the local
// Slack Web API, the fake Google API and a real relay: REQUIRE_GOOGLE_ADMIN, /gateway google check,
// /gateway status and /gateway probe.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { ProbeRecorder } from '../../gateway/probes.ts';
import type { Bot } from '../../src/bot.ts';
import {
  type GoogleWorkspaceHandle,
  installGoogleWorkspace,
  requireGoogleAdmin,
} from '../../src/propagation/install.ts';
import { SCOPES } from '../../src/workspace/scopes.ts';
import { openWorkspace } from '../../src/workspace/workspace.ts';
import { startTestRelay, TOKEN } from '../gateway/harness.ts';
import { gmailSettingCreated } from '../support/fake-google.ts';
import { deliverToRelay } from '../support/gmail-outbound.ts';
import { googleFixture } from '../support/google-fixture.ts';
import { escapedShown, HOSTILE, liveMarkup, mrkdwnTexts } from '../support/live-markup.ts';
import { ALICE, APPROVALS, BOB, blockText, CAROL, startSlack, startTestBot } from '../support/slack-bot.ts';
import { waitFor } from '../support/wait.ts';

async function setUp(t: TestContext, options: { requireAdmin: boolean }) {
  // Torn down in reverse order, the bot first (registered before startSlack's own clean-up).
  const cleanups: (() => Promise<void> | void)[] = [];
  t.after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  const google = await googleFixture();
  cleanups.push(() => google.close());
  google.fake.addUser({ primaryEmail: ALICE.email ?? '', isAdmin: true });
  google.fake.addUser({ primaryEmail: BOB.email ?? '', isDelegatedAdmin: true });
  google.fake.addUser({ primaryEmail: CAROL.email ?? '' });
  const workspace = await openWorkspace(google.settings);
  const relay = await startTestRelay(
    {},
    { extensions: [new ProbeRecorder({ deliver: false, keepHours: 168 })] },
  );
  cleanups.push(() => relay.stop());
  const slack = await startSlack(t);
  let bot: Bot | undefined;
  const client = () => {
    if (!bot) throw new Error('the bot is not built yet');
    return bot.app.client;
  };
  let handle: GoogleWorkspaceHandle | undefined;
  const testBot = await startTestBot(t, slack, {
    approvers: [ALICE.id, BOB.id, CAROL.id],
    ...(options.requireAdmin ? { authorizer: requireGoogleAdmin(workspace, client) } : {}),
    beforeStart: (built) => {
      bot = built;
      handle = installGoogleWorkspace(built, {
        workspace,
        approvalsChannel: APPROVALS,
        relay: { url: `http://127.0.0.1:${relay.controlPort}`, token: TOKEN },
      });
    },
  });
  if (!handle) throw new Error('the Google Workspace side was not installed');
  const installed = handle;
  cleanups.push(async () => {
    await installed.stop();
    await testBot.stop();
  });
  return { google, relay, testBot, handle: installed };
}

describe('Google Workspace in the Slack bot', () => {
  it('REQUIRE_GOOGLE_ADMIN: a Workspace admin may propose and approve, a configured approver who is not one may not', async (t) => {
    const { testBot, google } = await setUp(t, { requireAdmin: true });
    const refused = await testBot.command(CAROL, 'add-route relay-1 smtp.relay.example.net');
    assert.match(refused.reply?.text ?? '', /carol@example\.com is not a Google Workspace admin/);
    assert.equal(testBot.approvalMessages().length, 0, 'nothing was proposed');

    const proposed = await testBot.command(ALICE, 'add-route relay-1 smtp.relay.example.net');
    assert.match(proposed.reply?.text ?? '', /Proposed change #1/);
    const message = testBot.lastApprovalMessage();
    await testBot.click(CAROL, message, 'change_approve');
    await testBot.click(BOB, message, 'change_approve');
    await waitFor(
      async () => (await testBot.bot.changes.get(1))?.state === 'approved',
      'the approval by a delegated admin',
    );
    const change = await testBot.bot.changes.get(1);
    assert.equal(change?.decidedBy, BOB.id, 'the non-admin click did not count');
    const looked = google.fake
      .requestsTo('directory')
      .map((r) => decodeURIComponent(r.path.split('/').at(-1) ?? ''));
    assert.ok(
      looked.includes('carol@example.com') &&
        looked.includes('alice@example.com') &&
        looked.includes('bob@example.com'),
    );
  });

  it('/gateway google check lists what works, and a missing scope with the exact scope to grant', async (t) => {
    const { testBot, google } = await setUp(t, { requireAdmin: false });
    const ok = await testBot.command(ALICE, 'google check');
    const text = blockText(ok.reply as { text: string; blocks: unknown[] });
    assert.match(text, /Everything the bot uses works/);
    assert.match(text, new RegExp(`client ID \`${google.account.clientId}\``));

    // Removing a scope shows at once: the check asks for new tokens rather than trusting cached ones.
    google.fake.delegate(google.account.clientId, [SCOPES.audit, SCOPES.probe]);
    const missing = await testBot.command(ALICE, 'google check');
    const missingText = blockText(missing.reply as { text: string; blocks: unknown[] });
    assert.match(missingText, /Some parts do not work yet/);
    assert.match(
      missingText,
      /give client ID \d+ the scope https:\/\/www\.googleapis\.com\/auth\/admin\.directory\.user\.readonly/,
    );
    assert.ok(!/BEGIN PRIVATE KEY|ya29\./.test(missingText), 'no key or access token in Slack');
  });

  it('/gateway google check warns, naming the org units, where per-user outbound gateways are allowed', async (t) => {
    const { testBot, google } = await setUp(t, { requireAdmin: false });
    google.fake.policies.push({
      orgUnit: 'orgUnits/<!channel>sales',
      type: 'ADMIN',
      settingType: 'settings/gmail.per_user_outbound_gateway',
      value: { allowUsersToUseExternalSmtpServers: true },
    });
    const reply = await testBot.command(ALICE, 'google check');
    const text = blockText(reply.reply as { text: string; blocks: unknown[] });
    assert.match(text, /Some parts do not work yet/);
    assert.match(text, /Allow per-user outbound gateways\\?" is on for orgUnits\/&lt;!channel&gt;sales/);
    assert.ok(!text.includes('<!channel>'), 'a value from Google cannot mention the channel');
  });

  it('posts the audit-log confirmation, and a Google failure with the scope to grant, in the approvals channel', async (t) => {
    const { testBot, google, handle } = await setUp(t, { requireAdmin: false });
    await testBot.command(ALICE, 'add-route relay-1 smtp.relay.example.net');
    await testBot.click(BOB, testBot.lastApprovalMessage(), 'change_approve');
    await waitFor(async () => (await testBot.bot.changes.get(1))?.state === 'approved', 'the approval');
    assert.ok(handle.tracker);
    // The approval itself starts a round that looks in the audit log (nothing there yet).
    await waitFor(() => google.fake.requestsTo('reports').length >= 1, 'the first audit-log poll');
    await handle.tracker.settled();

    google.fake.failNext('reports', { status: 403, reason: 'insufficientPermissions' });
    handle.tracker.watch(1);
    await handle.tracker.tick();
    const failure = await waitFor(
      () => testBot.approvalMessages().find((m) => /Could not read the audit log for change #1/.test(m.text)),
      'the failure notice',
    );
    assert.match(failure.text, /https:\/\/www\.googleapis\.com\/auth\/admin\.reports\.audit\.readonly/);
    assert.match(failure.text, /Domain-wide delegation/);

    google.fake.addActivity(
      gmailSettingCreated(new Date().toISOString(), BOB.email ?? '', {
        SETTING_NAME: 'EMAIL_ROUTE',
        NEW_VALUE: 'relay-1 smtp.relay.example.net:25',
      }),
    );
    handle.tracker.watch(1);
    await handle.tracker.tick();
    const confirmed = await waitFor(
      () =>
        testBot
          .approvalMessages()
          .find((m) => /Change #1 is confirmed by the Admin console audit log/.test(m.text)),
      'the confirmation notice',
    );
    assert.match(confirmed.text, /CREATE_GMAIL_SETTING, setting EMAIL_ROUTE, by bob@example\.com/);
    const change = await testBot.bot.changes.get(1);
    assert.equal(change?.state, 'applied');
    assert.equal(change?.appliedVerified, true);
  });

  it('audit-event values reach Slack escaped: the notices and /gateway status', async (t) => {
    const { testBot, google, handle } = await setUp(t, { requireAdmin: false });
    const slack = testBot.slack;
    await testBot.command(ALICE, 'add-route relay-1 smtp.relay.example.net');
    await testBot.click(BOB, testBot.lastApprovalMessage(), 'change_approve');
    await waitFor(async () => (await testBot.bot.changes.get(1))?.state === 'approved', 'the approval');
    assert.ok(handle.tracker);
    await handle.tracker.settled();

    // A mail-setting event that does not match the change, then one that does, with hostile values.
    let seen = mrkdwnTexts(slack).length;
    google.fake.addActivity(
      gmailSettingCreated(new Date().toISOString(), BOB.email ?? '', {
        SETTING_NAME: 'EMAIL_ROUTE',
        NEW_VALUE: `other-route ${HOSTILE}`,
        ORG_UNIT_NAME: HOSTILE,
      }),
    );
    handle.tracker.watch(1);
    await handle.tracker.tick();
    await waitFor(() => escapedShown(slack, seen).length > 0, 'the near-miss notice');
    seen = mrkdwnTexts(slack).length;
    google.fake.addActivity(
      gmailSettingCreated(new Date().toISOString(), BOB.email ?? '', {
        SETTING_NAME: 'EMAIL_ROUTE',
        NEW_VALUE: `relay-1 smtp.relay.example.net:25 ${HOSTILE}`,
        ORG_UNIT_NAME: HOSTILE,
      }),
    );
    handle.tracker.watch(1);
    await handle.tracker.tick();
    await waitFor(async () => (await testBot.bot.changes.get(1))?.state === 'applied', 'the confirmation');
    await waitFor(() => escapedShown(slack, seen).length > 0, 'the confirmation notice');
    seen = mrkdwnTexts(slack).length;
    await testBot.command(ALICE, 'status relay-1');
    assert.ok(escapedShown(slack, seen).length > 0, 'the evidence in /gateway status');
    assert.deepEqual(liveMarkup(slack), [], 'no live mention or link reached Slack');
  });

  it('/gateway probe sends through Gmail, /gateway probe TOKEN reports the relay sighting, /gateway status shows the timeline', async (t) => {
    const { testBot, google, relay } = await setUp(t, { requireAdmin: false });
    google.fake.onSend = async (mail) => {
      await deliverToRelay(mail, { relayPort: relay.smtpPort, localAddress: '127.0.0.1' });
    };
    await testBot.command(ALICE, 'add-route relay-1 smtp.relay.example.net');
    await testBot.click(BOB, testBot.lastApprovalMessage(), 'change_approve');
    await waitFor(async () => (await testBot.bot.changes.get(1))?.state === 'approved', 'the approval');

    const sent = await testBot.command(ALICE, 'probe');
    const token = /Probe `([0-9a-f]{24})` sent through Gmail/.exec(sent.reply?.text ?? '')?.[1];
    assert.ok(token, sent.reply?.text);
    assert.equal(google.fake.sent.length, 1);
    const seen = await waitFor(async () => {
      const answer = await testBot.command(ALICE, `probe ${token}`);
      return /reached the relay:/.test(answer.reply?.text ?? '') && answer;
    }, 'the relay to see the probe');
    assert.match(seen.reply?.text ?? '', /from 127\.0\.0\.1 .*no TLS/);

    const bad = await testBot.command(ALICE, 'probe not-a-token');
    assert.match(
      bad.reply?.text ?? '',
      /"not-a-token" is not a probe token.*Usage: `\/gateway probe \[TOKEN\]`/s,
    );

    const status = await testBot.command(ALICE, 'status relay-1');
    const statusText = blockText(status.reply as { text: string; blocks: unknown[] });
    assert.match(statusText, /Changes to route relay-1/);
    assert.match(statusText, /approved, waiting for the change in the Admin console/);
    assert.match(statusText, /waiting for the change in the Admin console audit log/);
    const none = await testBot.command(ALICE, 'status other-route');
    assert.match(none.reply?.text ?? '', /No changes about route `other-route`/);
  });
});
