// Shared by the operations tests: relay configuration files for real relay processes, free ports,
// the bot with the operations side attached, and App Home events signed like Slack's.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { LocalSlack } from '../../../src/console/local-slack/server.ts';
import { type AttachOpsOptions, attachOps, type Ops } from '../../../src/ops/attach.ts';
import { loadOpsConfig } from '../../../src/ops/config.ts';
import { APPROVALS, startTestBot, type TestBot, type TestBotOptions } from '../../support/slack-bot.ts';
import { postSigned } from '../../support/slack-signing.ts';

export { freePort } from '../../support/ports.ts';

export const CONTROL_TOKEN = 'ops-test-control-token-0123456789';

/** Writes a relay configuration (JSON is YAML) and returns its path. */
export async function writeRelayConfig(dir: string, config: Record<string, unknown>): Promise<string> {
  const path = join(dir, 'relay.yaml');
  await writeFile(path, JSON.stringify(config, null, 2));
  return path;
}

export function relayConfig(
  dir: string,
  ports: { smtp: number; control: number },
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    listen: { host: '127.0.0.1', port: ports.smtp },
    hostname: 'mx.relay.test',
    allow: { spf: [], cidrs: ['127.0.0.1/32'] },
    senders: ['example.com'],
    spool: join(dir, 'spool'),
    control: { host: '127.0.0.1', port: ports.control, token: CONTROL_TOKEN },
    log: { level: 'info' },
    ...extra,
  };
}

export async function startOpsBot(
  t: TestContext,
  slack: LocalSlack,
  env: Record<string, string>,
  options: Partial<AttachOpsOptions> & { bot?: TestBotOptions } = {},
): Promise<{ testBot: TestBot; ops: Ops }> {
  const loaded = loadOpsConfig(env);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const testBot = await startTestBot(t, slack, options.bot);
  const ops = attachOps(testBot.bot, {
    config: loaded.config,
    approvalsChannel: APPROVALS,
    approvalTtlHours: 24,
    poll: false,
    relayOutput: 'ignore',
    ...options,
  });
  t.after(() => ops.stop());
  return { testBot, ops };
}

/** Sends app_home_opened as Slack would (a signed JSON event). */
export async function openHome(testBot: TestBot, userId: string): Promise<void> {
  const body = JSON.stringify({
    token: 'legacy',
    team_id: testBot.slack.teamId,
    api_app_id: 'A0LOCALAPP',
    type: 'event_callback',
    event_id: `Ev${Date.now()}${Math.floor(Math.random() * 1000)}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'app_home_opened',
      user: userId,
      channel: `D${userId.slice(1)}`,
      tab: 'home',
      event_ts: `${Date.now() / 1000}`,
    },
  });
  const response = await postSigned(testBot.url, body, { contentType: 'application/json' });
  if (response.status !== 200) throw new Error(`event refused: ${response.status} ${response.text}`);
}
