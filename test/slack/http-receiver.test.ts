import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { slashCommandBody } from '../../src/console/local-slack/payloads.ts';
import type { LocalSlack } from '../../src/console/local-slack/server.ts';
import { ALICE, OPS, startSlack, startTestBot, type TestBot } from '../support/slack-bot.ts';
import { formBody, postSigned, slackSignature, TEST_SIGNING_SECRET } from '../support/slack-signing.ts';
import { waitFor } from '../support/wait.ts';

describe('HTTP receiver: signed requests only', () => {
  it('accepts a signed command, refuses a bad signature, a stale timestamp and a replay', async (t) => {
    const slack = await startSlack(t);
    const bot = await startTestBot(t, slack);
    const body = (text: string) => {
      const responseUrl = slack.newResponseUrl({ userId: ALICE.id, channel: OPS });
      const fields = slashCommandBody({
        actor: bot.actor(ALICE),
        command: '/gateway',
        text,
        channel: OPS,
        responseUrl,
        triggerId: slack.newTriggerId(ALICE.id),
      });
      return { body: formBody(fields), responseUrl };
    };

    const good = body('help');
    assert.equal((await postSigned(bot.url, good.body)).status, 200);
    await waitFor(() => slack.responses(good.responseUrl).length === 1, 'the help answer');

    const forged = body('routes');
    assert.equal((await postSigned(bot.url, forged.body, { secret: 'not-the-secret' })).status, 401);

    const stale = body('routes');
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    assert.equal((await postSigned(bot.url, stale.body, { timestamp: sixMinutesAgo })).status, 401);

    const captured = body('routes');
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = slackSignature(TEST_SIGNING_SECRET, timestamp, captured.body);
    assert.equal((await postSigned(bot.url, captured.body, { timestamp, signature })).status, 200);
    const replay = await postSigned(bot.url, captured.body, { timestamp, signature });
    assert.equal(replay.status, 401);
    assert.match(replay.text, /replayed/);

    await waitFor(() => slack.responses(captured.responseUrl).length === 1, 'the routes answer');
    // Only the accepted requests were handled: one answer each, none for the refused ones.
    assert.equal(slack.responses(forged.responseUrl).length, 0);
    assert.equal(slack.responses(stale.responseUrl).length, 0);
    assert.equal(slack.responses(captured.responseUrl).length, 1);
  });

  it('stores nothing for forged, stale or future-dated requests', async (t) => {
    const slack = await startSlack(t);
    const bot = await startTestBot(t, slack);
    const body = formBody({ command: '/gateway', text: 'routes', user_id: ALICE.id });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      // a different forged signature each time, as an attacker would send
      const forged = `v0=${createHash('sha256').update(String(i)).digest('hex')}`;
      statuses.push((await postSigned(bot.url, body, { signature: forged })).status);
      statuses.push((await postSigned(bot.url, body, { secret: `wrong-${i}` })).status);
      // correctly signed, but outside the 5-minute window (past and future)
      // (read the clock each time: a slow machine must not bring a future timestamp into the window)
      const now = Math.floor(Date.now() / 1000);
      statuses.push((await postSigned(bot.url, body, { timestamp: now - 330 - i })).status);
      statuses.push((await postSigned(bot.url, body, { timestamp: now + 330 + i })).status);
      statuses.push((await postSigned(bot.url, body, { signature: `v0=${'a'.repeat(5000)}${i}` })).status);
    }
    assert.deepEqual(new Set(statuses), new Set([401]));
    assert.equal(bot.receiver.replayMemory.size, 0);
    assert.equal(bot.receiver.replayMemory.bytes, 0);

    // a signed request within the window is remembered, so its replay is refused
    const { reply } = await bot.command(ALICE, 'routes');
    assert.ok(reply?.text);
    assert.equal(bot.receiver.replayMemory.size, 1);
  });

  it('bounds the replay memory in entries and bytes, and still refuses recent replays', async (t) => {
    const slack = await startSlack(t);
    const bot = await startTestBot(t, slack, { replay: { maxEntries: 3, maxBytes: 1024 } });
    const sent: { body: string; timestamp: number; signature: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const { body, responseUrl } = signedHelp(slack, bot, i);
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = slackSignature(TEST_SIGNING_SECRET, timestamp, body);
      assert.equal((await postSigned(bot.url, body, { timestamp, signature })).status, 200);
      await waitFor(() => slack.responses(responseUrl).length > 0, 'the help answer');
      sent.push({ body, timestamp, signature });
      assert.ok(bot.receiver.replayMemory.size <= 3);
      assert.ok(bot.receiver.replayMemory.bytes <= 1024);
    }
    assert.equal(bot.receiver.replayMemory.size, 3);
    const last = sent.at(-1);
    assert.ok(last);
    assert.equal((await postSigned(bot.url, last.body, last)).status, 401);

    const small = await startTestBot(t, slack, { replay: { maxEntries: 100, maxBytes: 200 } });
    for (let i = 0; i < 5; i++) {
      const { body, responseUrl } = signedHelp(slack, small, i);
      assert.equal((await postSigned(small.url, body)).status, 200);
      await waitFor(() => slack.responses(responseUrl).length > 0, 'the help answer');
    }
    // 67 bytes per signature: two fit in 200 bytes
    assert.equal(small.receiver.replayMemory.size, 2);
    assert.ok(small.receiver.replayMemory.bytes <= 200);
  });

  it('refuses a body larger than the limit before checking it', async (t) => {
    const slack = await startSlack(t);
    const bot = await startTestBot(t, slack);
    const huge = `text=${'x'.repeat(5 * 1024 * 1024)}`;
    assert.equal((await postSigned(bot.url, huge)).status, 413);
    assert.equal(bot.receiver.replayMemory.size, 0);
  });
});

function signedHelp(slack: LocalSlack, bot: TestBot, i: number) {
  const responseUrl = slack.newResponseUrl({ userId: ALICE.id, channel: OPS });
  return {
    responseUrl,
    body: formBody(
      slashCommandBody({
        actor: bot.actor(ALICE),
        command: '/gateway',
        text: `help ${i}`,
        channel: OPS,
        responseUrl,
        triggerId: slack.newTriggerId(ALICE.id),
      }),
    ),
  };
}
