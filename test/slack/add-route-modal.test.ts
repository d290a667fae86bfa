import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthDecision, Authorizer } from '../../src/changes/authorizer.ts';
import { checkboxesValue, plainInputValue } from '../../src/console/local-slack/payloads.ts';
import { ALICE, blockText, CAROL, startSlack, startTestBot } from '../support/slack-bot.ts';
import { TlsTestDouble } from '../support/tls-double.ts';
import { waitFor } from '../support/wait.ts';

const form = (name: string, host: string, port: string, options: string[]) => ({
  name: { value: plainInputValue(name) },
  host: { value: plainInputValue(host) },
  port: { value: plainInputValue(port) },
  options: { value: checkboxesValue(options.map((o) => ({ value: o, text: o }))) },
  reason: { value: plainInputValue('moving to the new relay') },
});

type SlackUser = typeof ALICE;
type TestContext = Parameters<typeof startSlack>[0];

/** A bot whose propose check is replaced by `mayPropose`; opens the form as `user` and submits it. */
async function submitWithCheck(
  t: TestContext,
  user: SlackUser,
  mayPropose: (base: Authorizer, user: string) => Promise<AuthDecision>,
) {
  const slack = await startSlack(t);
  const bot = await startTestBot(t, slack, {
    authorizer: (base) => ({
      mayView: (u) => base.mayView(u),
      mayApprove: (u) => base.mayApprove(u),
      mayPropose: (u) => mayPropose(base, u),
    }),
  });
  await bot.command(user, 'add-route', { waitForView: true });
  const [view] = slack.openViews(user.id);
  assert.ok(view);
  const submitted = await bot.submitView(
    user,
    view.id,
    form('relay-9', 'smtp9.relay.example.com', '25', ['requireTls']),
  );
  return { slack, bot, submitted };
}

describe('add-route modal', () => {
  it("opens with Google's defaults, returns field errors, then proposes", async (t) => {
    const slack = await startSlack(t);
    const tls = new TlsTestDouble();
    const bot = await startTestBot(t, slack, { tls });
    await bot.command(ALICE, 'add-route', { waitForView: true });
    const [view] = slack.openViews(ALICE.id);
    assert.ok(view);
    assert.equal(view.view.callback_id, 'add_route');
    const options = view.view.blocks.find((b) => b.block_id === 'options') as unknown as {
      element: { initial_options: { value: string }[] };
    };
    assert.deepEqual(
      options.element.initial_options.map((o) => o.value),
      ['requireTls', 'requireCaSigned', 'validateHostname'],
    );

    const bad = await bot.submitView(
      ALICE,
      view.id,
      form('bad name!', 'smtp..example', '465', ['requireCaSigned']),
    );
    assert.equal(bad.status, 200);
    assert.equal(bad.body.response_action, 'errors');
    const errors = bad.body.errors as Record<string, string>;
    assert.match(errors.name ?? '', /"bad name!"/);
    assert.match(errors.host ?? '', /"smtp\.\.example"/);
    assert.match(errors.port ?? '', /465/);
    assert.match(errors.options ?? '', /needs tls/);
    assert.equal(slack.callsTo('chat.postMessage').length, 0);

    const good = await bot.submitView(
      ALICE,
      view.id,
      form('relay-9', 'smtp9.relay.example.com', '2525', ['requireTls', 'requireCaSigned']),
    );
    assert.equal(good.status, 200);
    assert.equal(good.body.response_action, undefined);
    const message = await waitFor(() => bot.approvalMessages().at(-1), 'the proposal in the channel');
    assert.match(blockText(message), /relay-9 \(smtp9\.relay\.example\.com:2525\)/);
    assert.match(blockText(message), /moving to the new relay/);
    assert.deepEqual(tls.calls.at(-1), {
      host: 'smtp9.relay.example.com',
      port: 2525,
      mxLookup: false,
      requireTls: true,
      requireCaSigned: true,
      validateHostname: false,
    });
    const answer = await waitFor(() => slack.ephemerals(ALICE.id).at(-1), "the requester's private answer");
    assert.match(answer.text, /Proposed change #1/);
  });

  it('someone who may not propose gets the reason in the form', async (t) => {
    const slack = await startSlack(t);
    const bot = await startTestBot(t, slack);
    await bot.command(CAROL, 'add-route', { waitForView: true });
    const [view] = slack.openViews(CAROL.id);
    assert.ok(view);
    const refused = await bot.submitView(
      CAROL,
      view.id,
      form('relay-9', 'smtp9.relay.example.com', '25', ['requireTls']),
    );
    assert.equal(refused.body.response_action, 'errors');
    assert.match((refused.body.errors as Record<string, string>).name ?? '', /may not propose/);
  });

  it('a permission check slower than Slack allows closes the form and the refusal comes by message', async (t) => {
    let release: (() => void) | undefined;
    t.after(() => release?.());
    let checks = 0;
    // The form's check hangs (a slow Google lookup); the change service's own check answers.
    const { slack, bot, submitted } = await submitWithCheck(t, CAROL, async (base, user) => {
      checks++;
      if (checks === 1) await new Promise<void>((resolve) => (release = resolve));
      return base.mayPropose(user);
    });
    assert.equal(submitted.body.response_action, undefined);
    const answer = await waitFor(
      () =>
        [...slack.ephemerals(CAROL.id), ...bot.dms(CAROL)].find((m) => /may not propose/.test(blockText(m))),
      'the refusal by message',
    );
    assert.ok(answer);
    assert.equal(bot.approvalMessages().length, 0);
  });

  it('a proposal that fails after the form closed is answered in a direct message, not silently dropped', async (t) => {
    let checks = 0;
    // The form's own check passes; the change service's check then fails, as a broken lookup would.
    const { bot, submitted } = await submitWithCheck(t, ALICE, async (base, user) => {
      checks++;
      if (checks > 1) throw new Error('directory lookup failed');
      return base.mayPropose(user);
    });
    assert.equal(submitted.body.response_action, undefined);
    const dm = await waitFor(() => bot.dms(ALICE).at(-1), 'a direct message to the requester');
    assert.match(blockText(dm), /Something went wrong/);
    assert.equal(bot.approvalMessages().length, 0);
  });
});
