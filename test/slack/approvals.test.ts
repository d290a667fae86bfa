import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTION_MARK_APPLIED } from '../../src/slack/blocks/console-steps.ts';
import { ACTION_APPROVE, ACTION_APPROVE_ANYWAY, ACTION_REJECT } from '../../src/slack/blocks/proposal.ts';
import {
  ALICE,
  APPROVALS,
  BOB,
  blockText,
  CAROL,
  findButton,
  startSlack,
  startTestBot,
  type TestBot,
} from '../support/slack-bot.ts';
import { TlsTestDouble } from '../support/tls-double.ts';
import { waitFor } from '../support/wait.ts';

async function propose(bot: TestBot, text = 'add-route relay-1 smtp.relay.example.com:587') {
  const { reply } = await bot.command(ALICE, text);
  const id = Number(/change #(\d+)/.exec(reply?.text ?? '')?.[1]);
  assert.ok(id > 0, `proposal failed: ${reply?.text}`);
  return { id, message: bot.lastApprovalMessage() };
}

async function refusal(bot: TestBot, responseUrl: string): Promise<string> {
  const [post] = await waitFor(() => {
    const posts = bot.slack.responses(responseUrl);
    return posts.length > 0 && posts;
  }, 'a refusal');
  assert.equal(post?.replace_original, false);
  return String(post?.text);
}

const hasButtons = (bot: TestBot, ts: string) =>
  (bot.slack.message(APPROVALS, ts)?.blocks ?? []).some((b) => b.type === 'actions');

describe('proposals and approvals', () => {
  it('propose -> approve -> console steps -> done: two users, message updated in place, audit trail', async (t) => {
    const slack = await startSlack(t);
    const bot = await startTestBot(t, slack);
    const { id, message } = await propose(bot);
    assert.match(blockText(message), /Change #1: add route relay-1/);
    assert.match(blockText(message), /mail would be delivered/);
    assert.ok(findButton(message, ACTION_APPROVE));

    await bot.click(BOB, message, ACTION_APPROVE);
    const steps = await waitFor(() => bot.dms(BOB).at(-1), 'the console steps for Bob');
    const updated = slack.message(APPROVALS, message.ts);
    assert.equal(updated?.edits, 1);
    assert.equal(hasButtons(bot, message.ts), false);
    assert.match(blockText(updated ?? message), /\*Approved\* by <@U0BOB>/);
    assert.equal(bot.approvalMessages().length, 1, 'updated in place, not posted again');

    const stepsText = blockText(steps);
    for (const expected of [
      /Hosts/,
      /Add route/,
      /`relay-1`/,
      /single host `smtp\.relay\.example\.com`, port `587`/,
    ]) {
      assert.match(stepsText, expected);
    }
    assert.match(stepsText, /Tick \*Require secure transport \(TLS\)\*/);
    assert.match(stepsText, /Untick \*Perform MX lookup on host\*/);
    assert.equal((await bot.bot.changes.desiredState()).routes[0]?.host, 'smtp.relay.example.com');

    await bot.click(BOB, steps, ACTION_MARK_APPLIED);
    await waitFor(async () => (await bot.bot.changes.get(id))?.state === 'applied', 'applied');
    const applied = await bot.bot.changes.get(id);
    assert.deepEqual([applied?.appliedBy, applied?.appliedVerified], [BOB.id, false]);
    await waitFor(
      () => /applied \(unverified\)/.test(blockText(bot.dms(BOB).at(-1) ?? steps)),
      'the steps updated',
    );
    assert.equal(findButton(bot.dms(BOB).at(-1) ?? steps, ACTION_MARK_APPLIED), undefined);
    await waitFor(
      () => /Applied \(unverified\)/.test(blockText(slack.message(APPROVALS, message.ts) ?? message)),
      'the channel message shows applied',
    );
    // Only the audit log can say the route exists in Google: the unverified message must not claim it.
    const channelMessage = slack.message(APPROVALS, message.ts) ?? message;
    assert.doesNotMatch(
      `${channelMessage.text} ${blockText(channelMessage)}`,
      /Applied in the Admin console/,
    );
    assert.match(String(channelMessage.text), /not yet confirmed by Google's audit log/);

    const trail = await bot.bot.changes.audit(10, id);
    assert.deepEqual(trail.map((e) => `${e.action}:${e.actor}:${e.toState}`).reverse(), [
      'proposed:U0ALICE:proposed',
      'approved:U0BOB:approved',
      'applied:U0BOB:applied',
    ]);
  });

  it('refuses self-approval and non-approvers; the proposal stays open', async (t) => {
    const slack = await startSlack(t);
    const bot = await startTestBot(t, slack);
    const { id, message } = await propose(bot);

    const self = await bot.click(ALICE, message, ACTION_APPROVE);
    assert.match(await refusal(bot, self.responseUrl), /you proposed change #1, so you cannot approve it/);
    const stranger = await bot.click(CAROL, message, ACTION_APPROVE);
    assert.match(await refusal(bot, stranger.responseUrl), /only configured approvers/);
    const strangerReject = await bot.click(CAROL, message, ACTION_REJECT);
    assert.match(
      await refusal(bot, strangerReject.responseUrl),
      /only configured approvers can approve or reject changes, and <@U0\w+> is not one \(<@U0\w+> is not in `APPROVERS`/,
    );

    assert.equal((await bot.bot.changes.get(id))?.state, 'proposed');
    assert.equal(hasButtons(bot, message.ts), true);
    assert.equal(slack.message(APPROVALS, message.ts)?.edits, 0);
  });

  it('an approver from the user group can approve; two approvers at once give exactly one approval', async (t) => {
    const slack = await startSlack(t);
    const bot = await startTestBot(t, slack, { approverGroup: 'S0ADMINS' });
    const { id, message } = await propose(bot);

    const clicks = await Promise.all([
      bot.click(BOB, message, ACTION_APPROVE),
      bot.click(CAROL, message, ACTION_APPROVE),
      bot.click(BOB, message, ACTION_APPROVE),
    ]);
    assert.ok(clicks.every((c) => c.response.status === 200));
    const answers = () => clicks.map((c) => String(bot.slack.responses(c.responseUrl)[0]?.text ?? ''));
    await waitFor(() => answers().filter((a) => /already approved by/.test(a)).length === 2, 'two refusals');
    await waitFor(() => bot.dms(BOB).length + bot.dms(CAROL).length === 1, 'one set of console steps');
    assert.equal(answers().filter((a) => a === '').length, 1, 'the winning click gets no refusal');
    const approvals = (await bot.bot.changes.audit(10, id)).filter((e) => e.action === 'approved');
    assert.equal(approvals.length, 1);
    assert.equal((await bot.bot.changes.get(id))?.decidedBy, approvals[0]?.actor);
    assert.equal((await bot.bot.changes.desiredState()).routes.length, 1);
    assert.ok(slack.callsTo('usergroups.users.list').length >= 1);
  });

  it('a pre-flight predicting bounces needs "approve anyway", which is recorded', async (t) => {
    const slack = await startSlack(t);
    const bot = await startTestBot(t, slack, { tls: new TlsTestDouble().bounce('self-signed.example.net') });
    const { id, message } = await propose(bot, 'add-route risky self-signed.example.net');
    assert.match(blockText(message), /:rotating_light: \*TLS pre-flight: Google would bounce/);
    assert.equal(findButton(message, ACTION_APPROVE), undefined);
    const anyway = findButton(message, ACTION_APPROVE_ANYWAY);
    assert.ok(anyway?.button.confirm, 'Slack asks for confirmation before sending the click');

    // A plain approve (e.g. an old client) is not enough.
    const plain = structuredClone(message);
    const actions = plain.blocks.find((b) => b.type === 'actions') as unknown as {
      elements: { action_id: string }[];
    };
    (actions.elements[0] as { action_id: string }).action_id = ACTION_APPROVE;
    const refused = await bot.click(BOB, plain, ACTION_APPROVE);
    assert.match(await refusal(bot, refused.responseUrl), /predicts bounced mail/);

    await bot.click(BOB, message, ACTION_APPROVE_ANYWAY);
    await waitFor(async () => (await bot.bot.changes.get(id))?.state === 'approved', 'approved');
    assert.equal((await bot.bot.changes.get(id))?.bounceAcknowledged, true);
    const entry = (await bot.bot.changes.audit(10, id)).find((e) => e.toState === 'approved');
    assert.equal(entry?.action, 'approved-anyway');
    assert.deepEqual(entry?.details, { preflight: 'bounce', acknowledgeBounce: true });
    await waitFor(
      () => /approved anyway/.test(blockText(slack.message(APPROVALS, message.ts) ?? message)),
      'shown',
    );
  });

  it('reject updates the message to its final state', async (t) => {
    const slack = await startSlack(t);
    const bot = await startTestBot(t, slack);
    const { id, message } = await propose(bot);
    await bot.click(BOB, message, ACTION_REJECT);
    await waitFor(() => !hasButtons(bot, message.ts), 'buttons gone');
    assert.match(blockText(slack.message(APPROVALS, message.ts) ?? message), /\*Rejected\* by <@U0BOB>/);
    assert.equal((await bot.bot.changes.get(id))?.state, 'rejected');
    assert.equal((await bot.bot.changes.desiredState()).routes.length, 0);
    const late = await bot.click(ALICE, message, ACTION_APPROVE);
    assert.match(await refusal(bot, late.responseUrl), /already rejected by <@U0BOB>/);
  });

  it('expires after the TTL (time injected): approval refused, message shows "Expired"', async (t) => {
    const slack = await startSlack(t);
    let now = new Date('2026-03-01T09:00:00Z');
    const bot = await startTestBot(t, slack, { now: () => now });
    const first = await propose(bot);
    const second = await propose(bot, 'add-route relay-2 smtp2.relay.example.com');

    now = new Date('2026-03-02T08:59:59Z');
    assert.deepEqual(await bot.bot.changes.expireDue(), []);
    now = new Date('2026-03-02T09:00:00Z');
    const late = await bot.click(BOB, first.message, ACTION_APPROVE);
    assert.match(
      await refusal(bot, late.responseUrl),
      /change #1 expired without a decision: ask <@U0ALICE> to propose it again/,
    );
    assert.equal((await bot.bot.changes.get(first.id))?.state, 'expired');
    await waitFor(() => !hasButtons(bot, first.message.ts), 'buttons gone');
    assert.match(blockText(slack.message(APPROVALS, first.message.ts) ?? first.message), /\*Expired\*/);

    const swept = await bot.bot.changes.expireDue();
    assert.deepEqual(
      swept.map((r) => r.id),
      [second.id],
    );
    await waitFor(() => !hasButtons(bot, second.message.ts), 'second message updated');
    const entry = (await bot.bot.changes.audit(10, second.id))[0];
    assert.deepEqual([entry?.action, entry?.actor, entry?.reason], ['expired', 'system', 'TTL reached']);
  });

  it('state survives a restart: a proposal made before is approved after, on the same message', async (t) => {
    const slack = await startSlack(t);
    const first = await startTestBot(t, slack);
    const { id, message } = await propose(first);
    await first.stop();

    const second = await startTestBot(t, slack, { dir: first.dir });
    assert.equal((await second.bot.changes.get(id))?.state, 'proposed');
    await second.click(BOB, message, ACTION_APPROVE);
    await waitFor(() => !hasButtons(second, message.ts), 'message updated after the restart');
    assert.equal((await second.bot.changes.desiredState()).routes[0]?.name, 'relay-1');
    assert.equal((await second.bot.changes.audit(10, id)).length, 2);
  });

  it('a rate-limited Slack call (429) is retried shortly and the proposal is still posted', async (t) => {
    const slack = await startSlack(t);
    const bot = await startTestBot(t, slack);
    slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 0 });
    const { message } = await propose(bot);
    assert.match(blockText(message), /relay-1/);
    assert.equal(slack.callsTo('chat.postMessage').length, 2);
  });
});
