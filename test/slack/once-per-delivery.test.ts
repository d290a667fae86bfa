// Slack may deliver the same interaction or event twice (retries, Socket Mode connections, another
// replica behind the load balancer): each is acted on once, decided by the shared store.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { slashCommandBody } from '../../src/console/local-slack/payloads.ts';
import { deliveryKey } from '../../src/slack/middleware/once-per-delivery.ts';
import { ALICE, BOB, OPS, startSlack, startTestBot } from '../support/slack-bot.ts';
import { formBody, postSigned } from '../support/slack-signing.ts';
import { waitFor } from '../support/wait.ts';

describe('Slack deliveries acted on once', () => {
  it('the same slash command delivered to two replicas sharing a store creates one proposal', async (t) => {
    const slack = await startSlack(t);
    const dir = mkdtempSync(join(tmpdir(), 'once-per-delivery-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const one = await startTestBot(t, slack, { dir });
    const two = await startTestBot(t, slack, { dir });
    const responseUrl = slack.newResponseUrl({ userId: ALICE.id, channel: OPS });
    const body = formBody(
      slashCommandBody({
        actor: one.actor(ALICE),
        command: '/gateway',
        text: 'add-route relay-1 127.0.0.1:2525 --no-tls',
        channel: OPS,
        responseUrl,
        triggerId: slack.newTriggerId(ALICE.id),
      }),
    );
    const statuses = await Promise.all([postSigned(one.url, body), postSigned(two.url, body)]);
    assert.deepEqual(
      statuses.map((s) => s.status),
      [200, 200],
      'both acknowledged, so Slack does not retry',
    );
    await waitFor(() => slack.responses(responseUrl).length > 0, 'the answer');
    await one.bot.changes.recent(10);
    // Give a second (wrong) answer time to arrive before counting.
    await sleep(300);
    assert.equal((await one.bot.changes.recent(10)).length, 1);
    assert.equal(slack.responses(responseUrl).length, 1, 'answered once');
    assert.equal(one.approvalMessages().length, 1, 'one approval message');
  });

  it('an event retried by Slack (same event_id, new signature) is acted on once', async (t) => {
    const slack = await startSlack(t);
    const bot = await startTestBot(t, slack);
    const event = JSON.stringify({
      type: 'event_callback',
      team_id: slack.teamId,
      api_app_id: 'A0LOCALAPP',
      event: { type: 'app_home_opened', user: BOB.id, channel: 'D0BOB', tab: 'home', event_ts: '1.0' },
      event_id: 'Ev0RETRIED',
      event_time: 1,
    });
    const now = Math.floor(Date.now() / 1000);
    const json = { contentType: 'application/json' };
    assert.equal((await postSigned(bot.url, event, { ...json, timestamp: now - 2 })).status, 200);
    await waitFor(() => slack.callsTo('views.publish').length > 0, 'the Home view');
    assert.equal((await postSigned(bot.url, event, { ...json, timestamp: now })).status, 200);
    await sleep(300);
    assert.equal(slack.callsTo('views.publish').length, 1);
  });

  it('keys deliveries by event_id, else trigger_id; hostile bodies have no key', () => {
    assert.equal(deliveryKey({ event_id: 'Ev1', trigger_id: 'x' }), 'event:Ev1');
    assert.equal(deliveryKey({ trigger_id: '12.34.ab' }), 'trigger:12.34.ab');
    assert.equal(deliveryKey({ type: 'block_suggestion' }), undefined);
    assert.equal(deliveryKey({ event_id: 42, trigger_id: '' }), undefined);
    assert.equal(deliveryKey(null), undefined);
    assert.equal(deliveryKey('payload'), undefined);
  });
});
