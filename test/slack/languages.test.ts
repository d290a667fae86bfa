// The add-route flow end to end through the fake Slack, as a Japanese-speaking admin (users.info
// locale ja-JP) and an English-speaking one (en-US): each person's replies, form and console steps
// in their own language with the Admin console's own labels; the approvals channel in DEFAULT_LOCALE.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkboxesValue, plainInputValue } from '../../src/console/local-slack/payloads.ts';
import type { LocalUser } from '../../src/console/local-slack/types.ts';
import { ACTION_APPROVE } from '../../src/slack/blocks/proposal.ts';
import {
  ALICE,
  APPROVALS,
  BOB,
  blockText,
  HANAKO,
  startSlack,
  startTestBot,
  type TestBot,
} from '../support/slack-bot.ts';
import { waitFor } from '../support/wait.ts';

const JA_CONSOLE_LABELS = [
  '[アプリ] > [Google Workspace] > [Gmail] > [詳細設定]',
  '[ホスト]',
  '[ルートを追加]',
  '[名前]',
  '[ホスト名または IP を入力]',
  '[ホストで MX ルックアップを実行する]',
  '[セキュアなトランスポート(TLS)を使用する]',
  '[CA 署名済み証明書を使用する]',
  '[証明書のホスト名を検証する]',
  '[TLS 接続をテスト]',
  '[保存]',
];

const EN_CONSOLE_LABELS = [
  'Apps > Google Workspace > Gmail > Advanced settings',
  '*Hosts*',
  '*Add route*',
  'Perform MX lookup on host',
  'Require secure transport (TLS)',
  'Require CA signed certificate',
  'Validate certificate hostname',
  '*Test TLS connection*',
  '*Save*',
];

const form = (name: string, host: string) => ({
  name: { value: plainInputValue(name) },
  host: { value: plainInputValue(host) },
  port: { value: plainInputValue('587') },
  options: {
    value: checkboxesValue(
      ['requireTls', 'requireCaSigned', 'validateHostname'].map((o) => ({ value: o, text: o })),
    ),
  },
  reason: { value: plainInputValue('新しいリレーへ移行') },
});

/** Opens the add-route form as the user, submits it and returns the form and the private answer. */
async function proposeByForm(bot: TestBot, user: LocalUser, name: string) {
  await bot.command(user, 'add-route', { waitForView: true });
  const [view] = bot.slack.openViews(user.id);
  assert.ok(view, 'the add-route form opened');
  const submitted = await bot.submitView(user, view.id, form(name, `smtp.${name}.example.com`));
  assert.equal(submitted.status, 200);
  const answer = await waitFor(
    () => bot.slack.ephemerals(user.id).at(-1),
    `the answer to ${user.name}'s form`,
  );
  return { view: view.view, answer };
}

describe('each reader in their own language', () => {
  it('a ja-JP admin gets the form, the answer and the Admin console steps in Japanese with the console labels', async (t) => {
    const slack = await startSlack(t);
    slack.addUser(HANAKO);
    const bot = await startTestBot(t, slack, { approvers: [ALICE.id, BOB.id, HANAKO.id] });

    const { view, answer } = await proposeByForm(bot, HANAKO, 'relay-ja');
    const formText = JSON.stringify(view);
    assert.match(formText, /"text":"ルートを追加"/);
    assert.match(formText, /"text":"セキュアなトランスポート\(TLS\)を使用する"/);
    assert.match(formText, /"text":"CA 署名済み証明書を使用する"/);
    assert.doesNotMatch(formText, /Route name|Require secure/);

    assert.match(answer.text, /^変更 #1 を提案しました。<#C0APPROVALS> で承認を待っています。$/);
    assert.match(blockText(answer), /ルート relay-ja を追加 \(smtp\.relay-ja\.example\.com:587\)/);

    // The approvals channel has several readers: DEFAULT_LOCALE (English here).
    const proposal = bot.lastApprovalMessage();
    assert.match(blockText(proposal), /Change #1: add route relay-ja/);
    assert.doesNotMatch(blockText(proposal), /変更/);

    // A second admin approves: hanako approves alice's proposal and gets its steps.
    await bot.command(ALICE, 'add-route relay-al smtp.relay-al.example.com:587');
    await bot.click(HANAKO, bot.lastApprovalMessage(), ACTION_APPROVE);
    const steps = await waitFor(() => bot.dms(HANAKO).find((m) => /管理コンソール/.test(m.text)), 'steps');
    const text = blockText(steps);
    for (const label of JA_CONSOLE_LABELS)
      assert.ok(text.includes(label), `the steps name ${label}: ${text}`);
    assert.match(text, /\[名前\] に `relay-al` と入力します。/);
    assert.match(
      text,
      /\[ホスト名または IP を入力\] に `smtp\.relay-al\.example\.com` を入力し、ポートに `587` を指定します。/,
    );
    assert.match(text, /\[ホストで MX ルックアップを実行する\] をオフにします。/);
    assert.match(text, /\[セキュアなトランスポート\(TLS\)を使用する\] をオンにします。/);
    assert.doesNotMatch(text, /Add route|Tick|Click/);
    // The button and what follows it are Japanese too.
    assert.match(text, /"text":"管理コンソールで完了"/);
  });

  it('an en-US admin gets the same flow in English', async (t) => {
    const slack = await startSlack(t);
    slack.addUser({ ...ALICE, locale: 'en-US', tz: 'America/New_York' });
    const bot = await startTestBot(t, slack);

    const { view, answer } = await proposeByForm(bot, ALICE, 'relay-en');
    assert.match(JSON.stringify(view), /"text":"Add a route"/);
    assert.match(answer.text, /^Proposed change #1; it waits for approval in <#C0APPROVALS>\.$/);

    await bot.click(BOB, bot.lastApprovalMessage(), ACTION_APPROVE);
    const steps = await waitFor(() => bot.dms(BOB).at(-1), 'steps');
    const text = blockText(steps);
    for (const label of EN_CONSOLE_LABELS)
      assert.ok(text.includes(label), `the steps name ${label}: ${text}`);
    assert.doesNotMatch(text, /[ぁ-んァ-ン]/);
  });

  it('DEFAULT_LOCALE=ja writes the approvals channel in Japanese; an English approver still gets English steps', async (t) => {
    const slack = await startSlack(t);
    slack.addUser({ ...BOB, locale: 'en-GB' });
    const bot = await startTestBot(t, slack, { defaultLocale: 'ja' });
    await bot.command(ALICE, 'add-route relay-1 smtp.relay.example.com:587');
    const proposal = bot.lastApprovalMessage();
    assert.match(blockText(proposal), /変更 #1: ルート relay-1 を追加/);
    assert.match(blockText(proposal), /"text":"承認"/);
    await bot.click(BOB, proposal, ACTION_APPROVE);
    const steps = await waitFor(() => bot.dms(BOB).at(-1), 'steps');
    assert.match(blockText(steps), /Admin console steps for change #1/);
    await waitFor(
      () => /承認済み/.test(blockText(slack.message(APPROVALS, proposal.ts) ?? proposal)),
      'updated',
    );
  });
});
