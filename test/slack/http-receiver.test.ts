import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slashCommandBody } from '../../src/console/local-slack/payloads.ts';
import { ALICE, OPS, startSlack, startTestBot } from '../support/slack-bot.ts';
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
});
