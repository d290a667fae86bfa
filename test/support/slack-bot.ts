// A real Bolt app with its HTTP receiver on loopback, talking to the local Slack Web API, and helpers
// that send it signed requests as Slack would.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@slack/bolt';
import { type Bot, type BotOptions, createBot } from '../../src/bot.ts';
import type { TlsTester } from '../../src/changes/tls-preflight.ts';
import {
  type Actor,
  type ButtonElement,
  blockActionsBody,
  slashCommandBody,
  type ViewStateValues,
  viewSubmissionBody,
} from '../../src/console/local-slack/payloads.ts';
import { LocalSlack } from '../../src/console/local-slack/server.ts';
import type { LocalMessage, LocalUser } from '../../src/console/local-slack/types.ts';
import { createHttpReceiver, type GuardedHttpReceiver } from '../../src/slack/receivers/http.ts';
import { formBody, interactionBody, postSigned, TEST_SIGNING_SECRET } from './slack-signing.ts';
import { TlsTestDouble } from './tls-double.ts';
import { waitFor } from './wait.ts';

export const ALICE: LocalUser = {
  id: 'U0ALICE',
  name: 'alice',
  realName: 'Alice Admin',
  email: 'alice@example.com',
};
export const BOB: LocalUser = { id: 'U0BOB', name: 'bob', realName: 'Bob Admin', email: 'bob@example.com' };
export const CAROL: LocalUser = {
  id: 'U0CAROL',
  name: 'carol',
  realName: 'Carol User',
  email: 'carol@example.com',
};
export const APPROVALS = 'C0APPROVALS';
export const OPS = 'C0OPS';

export interface TestBotOptions {
  tls?: TlsTester;
  now?: () => Date;
  /** Reuse a database directory (restart tests). */
  dir?: string;
  approvers?: string[];
  approverGroup?: string;
  requesters?: string[];
  viewers?: string[];
  viewerGroup?: string;
  dnsServers?: string[];
  logger?: Logger;
  authorizer?: BotOptions['authorizer'];
  /** test-tls and diagnose may reach loopback and private targets (ALLOW_PRIVATE_TARGETS). */
  allowPrivateTargets?: boolean;
  /** Bounds of the HTTP receiver's replay memory. */
  replay?: { maxEntries?: number; maxBytes?: number };
  /** Runs after the bot is built and before its HTTP receiver starts (to install more listeners). */
  beforeStart?: (bot: Bot) => void | Promise<void>;
}

export class TestBot {
  constructor(
    readonly slack: LocalSlack,
    readonly bot: Bot,
    readonly url: string,
    readonly dir: string,
    readonly receiver: GuardedHttpReceiver,
  ) {}

  actor(user: LocalUser): Actor {
    return { id: user.id, name: user.name, teamId: this.slack.teamId };
  }

  /** Sends /gateway TEXT as the user and waits until the app has answered through the response_url. */
  async command(user: LocalUser, text: string, options: { waitForView?: boolean } = {}) {
    const responseUrl = this.slack.newResponseUrl({ userId: user.id, channel: OPS });
    const triggerId = this.slack.newTriggerId(user.id);
    const opened = this.slack.openViews(user.id).length;
    const body = formBody(
      slashCommandBody({
        actor: this.actor(user),
        command: '/gateway',
        text,
        channel: OPS,
        responseUrl,
        triggerId,
      }),
    );
    const response = await postSigned(this.url, body);
    if (response.status !== 200) throw new Error(`command refused: ${response.status} ${response.text}`);
    if (options.waitForView) {
      await waitFor(() => this.slack.openViews(user.id).length > opened, `a modal for ${user.name}`);
      return { response, reply: undefined, responseUrl };
    }
    const [reply] = await waitFor(() => {
      const posts = this.slack.responses(responseUrl);
      return posts.length > 0 && posts;
    }, `the answer to "/gateway ${text}"`);
    return { response, reply: reply as { text: string; blocks?: unknown[] }, responseUrl };
  }

  /** Presses a button of a message as the user; returns the click's response_url. */
  async click(user: LocalUser, message: LocalMessage, actionId: string) {
    const found = findButton(message, actionId);
    if (!found) throw new Error(`no button ${actionId} on message ${message.ts}`);
    const responseUrl = this.slack.newResponseUrl({
      userId: user.id,
      channel: message.channel,
      messageTs: message.ts,
    });
    const payload = blockActionsBody({
      actor: this.actor(user),
      button: found.button,
      blockId: found.blockId,
      message,
      responseUrl,
      triggerId: this.slack.newTriggerId(user.id),
    });
    const response = await postSigned(this.url, interactionBody(payload));
    return { response, responseUrl };
  }

  async submitView(user: LocalUser, viewId: string, values: ViewStateValues) {
    const view = this.slack.view(viewId);
    if (!view) throw new Error(`no view ${viewId}`);
    const payload = viewSubmissionBody({
      actor: this.actor(user),
      viewId,
      view: view.view,
      values,
      triggerId: this.slack.newTriggerId(user.id),
    });
    const response = await postSigned(this.url, interactionBody(payload));
    return {
      status: response.status,
      body: response.text ? (JSON.parse(response.text) as Record<string, unknown>) : {},
    };
  }

  approvalMessages(): LocalMessage[] {
    return this.slack.messages(APPROVALS);
  }

  lastApprovalMessage(): LocalMessage {
    const message = this.approvalMessages().at(-1);
    if (!message) throw new Error('nothing was posted to the approvals channel');
    return message;
  }

  dms(user: LocalUser): LocalMessage[] {
    return this.slack.messages(this.slack.dmChannel(user.id));
  }

  async stop(): Promise<void> {
    await this.bot.stop();
  }
}

export function findButton(
  message: { blocks: { type: string; block_id?: string; elements?: unknown }[] },
  actionId: string,
): { button: ButtonElement; blockId: string } | undefined {
  for (const block of message.blocks) {
    if (block.type !== 'actions') continue;
    const button = (block.elements as ButtonElement[]).find((e) => e.action_id === actionId);
    if (button) return { button, blockId: block.block_id ?? '' };
  }
  return undefined;
}

export function blockText(message: { text: string; blocks: unknown[] }): string {
  return `${message.text}\n${JSON.stringify(message.blocks)}`;
}

/** Anything that runs clean-ups at the end: a TestContext, or a list a suite's after() drains. */
export interface Cleanup {
  after(fn: () => unknown): void;
}

export async function startSlack(t: Cleanup): Promise<LocalSlack> {
  const slack = new LocalSlack({
    users: [ALICE, BOB, CAROL],
    usergroups: { S0ADMINS: [CAROL.id] },
    channels: { [APPROVALS]: 'gateway-approvals', [OPS]: 'ops' },
    token: 'xoxb-test-token',
  });
  await slack.start();
  t.after(() => slack.stop());
  return slack;
}

export async function startTestBot(
  t: Cleanup,
  slack: LocalSlack,
  options: TestBotOptions = {},
): Promise<TestBot> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'bot-test-'));
  if (!options.dir) t.after(() => rmSync(dir, { recursive: true, force: true }));
  const receiver = createHttpReceiver({ signingSecret: TEST_SIGNING_SECRET, replay: options.replay });
  const bot = createBot({
    receiver,
    botToken: 'xoxb-test-token',
    botId: slack.botId,
    botUserId: slack.botUserId,
    apiUrl: slack.apiUrl,
    approvalsChannel: APPROVALS,
    approvers: options.approvers ?? [ALICE.id, BOB.id],
    approverGroup: options.approverGroup,
    requesters: options.requesters ?? [],
    viewers: options.viewers,
    viewerGroup: options.viewerGroup,
    allowPrivateTargets: options.allowPrivateTargets,
    dnsServers: options.dnsServers,
    database: join(dir, 'bot.db'),
    approvalTtlHours: 24,
    tls: options.tls ?? new TlsTestDouble(),
    now: options.now,
    logger: options.logger,
    authorizer: options.authorizer,
  });
  await options.beforeStart?.(bot);
  const server = (await bot.app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const testBot = new TestBot(
    slack,
    bot,
    `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    dir,
    receiver,
  );
  let stopped = false;
  const stop = testBot.stop.bind(testBot);
  testBot.stop = async () => {
    if (stopped) return;
    stopped = true;
    await stop();
  };
  t.after(() => testBot.stop());
  return testBot;
}
