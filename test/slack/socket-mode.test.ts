import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { createBot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { createSlackReceiver } from '../../src/slack/receivers/index.ts';
import { TlsTestDouble } from '../support/tls-double.ts';

const common = {
  SLACK_BOT_TOKEN: 'xoxb-1-test',
  APPROVALS_CHANNEL: 'C0APPROVALS',
  APPROVERS: 'U0ALICE,U0BOB',
};

describe('transport wiring', () => {
  it('an app token selects Socket Mode; the bot is built on it without connecting', async (t) => {
    const config = loadConfig({ ...common, SLACK_APP_TOKEN: 'xapp-1-test', SLACK_SIGNING_SECRET: 'ignored' });
    const { kind, receiver } = createSlackReceiver(config);
    assert.equal(kind, 'socket');
    assert.ok(receiver instanceof SocketModeReceiver);

    const dir = mkdtempSync(join(tmpdir(), 'socket-test-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const bot = createBot({
      receiver,
      botToken: 'xoxb-1-test',
      botId: 'B0BOT',
      botUserId: 'U0BOT',
      approvalsChannel: 'C0APPROVALS',
      approvers: config.approvers,
      requesters: [],
      database: join(dir, 'bot.db'),
      approvalTtlHours: 24,
      tls: new TlsTestDouble(),
    });
    t.after(() => bot.store.close());
    // The same listeners as in HTTP mode: /gateway reaches the router through the Socket Mode receiver.
    assert.ok(bot.router.resolve(['add-route']));
    assert.equal((bot.app as unknown as { receiver: unknown }).receiver, receiver);
  });

  it('a signing secret without an app token selects the HTTP receiver', () => {
    const { kind, receiver } = createSlackReceiver(loadConfig({ ...common, SLACK_SIGNING_SECRET: 'secret' }));
    assert.equal(kind, 'http');
    assert.ok(receiver instanceof HTTPReceiver);
  });
});
