import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail('expected a configuration error');
}

describe('bot configuration', () => {
  it('with no Slack settings chooses the console, with defaults', () => {
    const config = loadConfig({});
    assert.equal(config.transport, 'console');
    assert.equal(config.slack.port, 3000);
    assert.equal(config.database, './var/bot.db');
    assert.equal(config.approvalTtlHours, 24);
  });

  it('reads VIEWERS, VIEWER_GROUP and ALLOW_PRIVATE_TARGETS, and names bad values', () => {
    const bare = loadConfig({});
    assert.deepEqual([bare.viewers, bare.viewerGroup, bare.allowPrivateTargets], [[], undefined, false]);
    const set = loadConfig({ VIEWERS: 'U0V1 U0V2', VIEWER_GROUP: 'S0VIEW', ALLOW_PRIVATE_TARGETS: 'true' });
    assert.deepEqual(
      [set.viewers, set.viewerGroup, set.allowPrivateTargets],
      [['U0V1', 'U0V2'], 'S0VIEW', true],
    );
    const lines = problems({ VIEWERS: 'eve', VIEWER_GROUP: '@viewers', ALLOW_PRIVATE_TARGETS: 'yes' });
    assert.equal(lines.length, 3);
    assert.match(lines.join('\n'), /VIEWERS.*Slack user ID/);
    assert.match(lines.join('\n'), /VIEWER_GROUP.*user group ID/);
    assert.match(lines.join('\n'), /ALLOW_PRIVATE_TARGETS.*true or false/);
  });

  it('chooses Socket Mode with an app token and HTTP with a signing secret', () => {
    const common = { SLACK_BOT_TOKEN: 'xoxb-1-2', APPROVALS_CHANNEL: 'C0123', APPROVERS: 'U0A1, U0B2' };
    assert.equal(loadConfig({ ...common, SLACK_APP_TOKEN: 'xapp-1-2' }).transport, 'socket');
    const http = loadConfig({ ...common, SLACK_SIGNING_SECRET: 's', PORT: '8080' });
    assert.equal(http.transport, 'http');
    assert.equal(http.slack.port, 8080);
    assert.deepEqual(http.approvers, ['U0A1', 'U0B2']);
  });

  it('names each bad variable on its own line and never echoes a secret', () => {
    const lines = problems({
      SLACK_BOT_TOKEN: 'xoxp-personal-secret',
      SLACK_SIGNING_SECRET: 'sig',
      PORT: 'eighty',
      APPROVERS: 'alice',
      APPROVAL_TTL_HOURS: '0',
    });
    assert.equal(lines.length, 4);
    assert.match(lines.find((l) => l.startsWith('SLACK_BOT_TOKEN')) ?? '', /xoxb-.*value hidden/);
    assert.match(lines.find((l) => l.startsWith('PORT')) ?? '', /"eighty"/);
    assert.match(lines.find((l) => l.startsWith('APPROVERS')) ?? '', /"alice"/);
    assert.match(lines.find((l) => l.startsWith('APPROVAL_TTL_HOURS')) ?? '', /more than 0/);
    assert.ok(lines.every((l) => !l.includes('xoxp-personal-secret')));
  });

  it('requires the approvals channel and approvers once Slack is configured', () => {
    const lines = problems({ SLACK_APP_TOKEN: 'xapp-1', SLACK_BOT_TOKEN: 'xoxb-1' });
    assert.ok(lines.some((l) => l.startsWith('APPROVALS_CHANNEL')));
    assert.ok(lines.some((l) => l.startsWith('APPROVERS')));
    assert.ok(
      problems({ SLACK_SIGNING_SECRET: 's', APPROVALS_CHANNEL: 'C1X', APPROVERS: 'U1X' }).some((l) =>
        l.startsWith('SLACK_BOT_TOKEN'),
      ),
    );
  });
});
