import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type Logger, LogLevel } from '@slack/bolt';
import { parse } from 'yaml';
import { COMMAND } from '../../src/slack/listeners/commands/gateway.ts';
import { redactSecrets, safeErrorMessage } from '../../src/slack/safe-error.ts';
import { ALICE, BOB, startSlack, startTestBot } from '../support/slack-bot.ts';
import { postSignedJson } from '../support/slack-signing.ts';
import { waitFor } from '../support/wait.ts';

describe('App Home, failures and the manifest', () => {
  it('App Home shows the routes and the proposals waiting', async (t) => {
    const slack = await startSlack(t);
    const bot = await startTestBot(t, slack);
    await bot.command(ALICE, 'add-route relay-1 smtp.relay.example.com');
    const event = {
      type: 'event_callback',
      team_id: slack.teamId,
      api_app_id: 'A0LOCALAPP',
      event: { type: 'app_home_opened', user: BOB.id, channel: 'D0BOB', tab: 'home', event_ts: '1.0' },
      event_id: 'Ev1',
      event_time: 1,
    };
    const response = await postSignedJson(bot.url, JSON.stringify(event));
    assert.equal(response, 200);
    const home = await waitFor(() => slack.homeView(BOB.id), 'the Home view');
    const text = JSON.stringify(home.view.blocks);
    assert.match(text, /Outbound gateway/);
    assert.match(text, /No routes yet/);
    assert.match(text, /add route relay-1/);
  });

  it('a failing Slack call is answered with a short message and logged without the token', async (t) => {
    const slack = await startSlack(t);
    const logged: string[] = [];
    const record = (...parts: unknown[]) => {
      logged.push(parts.map(String).join(' '));
    };
    const logger: Logger = {
      debug: () => {},
      info: () => {},
      warn: record,
      error: record,
      setLevel: () => {},
      getLevel: () => LogLevel.WARN,
      setName: () => {},
    };
    const bot = await startTestBot(t, slack, { logger });
    slack.failNext('views.open', { status: 200, error: 'invalid_auth' });
    const { reply } = await bot.command(ALICE, 'add-route');
    assert.match(reply?.text ?? '', /Something went wrong/);
    assert.doesNotMatch(reply?.text ?? '', /xoxb-/);
    const line = logged.find((l) => l.includes('/gateway add-route failed'));
    assert.match(line ?? '', /invalid_auth/);
    assert.ok(logged.every((l) => !l.includes('xoxb-test-token')));
  });

  it('error texts never carry tokens', () => {
    assert.equal(
      redactSecrets('call failed with xoxb-1234-5678-abcdef and Bearer xapp-1-A0-99'),
      'call failed with xoxb-[redacted] and Bearer [redacted]',
    );
    assert.equal(safeErrorMessage({ data: { error: 'ratelimited' }, message: 'xoxb-1-2' }), 'ratelimited');
    assert.equal(safeErrorMessage(new Error('token xoxp-9-9 rejected')), 'token xoxp-[redacted] rejected');
    assert.equal(
      redactSecrets('refresh xoxe-1-abc, rotated xoxe.xoxp-1-def'),
      'refresh xoxe-[redacted], rotated xoxe.xoxp-[redacted]',
    );
  });

  it('manifest.yml installs /gateway with the scopes, interactivity, App Home and Socket Mode', () => {
    const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8'));
    assert.deepEqual(
      manifest.features.slash_commands.map((c: { command: string }) => c.command),
      [COMMAND],
    );
    assert.deepEqual(manifest.oauth_config.scopes.bot.sort(), [
      'chat:write',
      'commands',
      'files:write',
      'usergroups:read',
      'users:read',
      'users:read.email',
    ]);
    assert.equal(manifest.settings.interactivity.is_enabled, true);
    assert.equal(manifest.settings.socket_mode_enabled, true);
    assert.deepEqual(manifest.settings.event_subscriptions.bot_events, ['app_home_opened']);
    assert.equal(manifest.features.app_home.home_tab_enabled, true);
  });
});
