// `npm start` without Slack settings: the local Slack Web API, the bot on a console receiver, a relay
// on loopback, and a line-based session on stdin/stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBot } from '../bot.ts';
import { connectionTlsTester } from '../changes/connection-tls-tester.ts';
import type { BotConfig } from '../config.ts';
import { attachOps, type Ops } from '../ops/attach.ts';
import { loadOpsConfig } from '../ops/config.ts';
import { googleAdminOption, installGoogleWorkspace, openGoogleWorkspace } from '../propagation/install.ts';
import { safeErrorMessage } from '../slack/safe-error.ts';
import { ConsoleReceiver } from './console-receiver.ts';
import {
  DEMO_APPROVALS_CHANNEL,
  DEMO_APPROVERS,
  DEMO_BOT_TOKEN,
  DEMO_CHANNELS,
  DEMO_COMMAND_CHANNEL,
  DEMO_USERS,
} from './demo.ts';
import { type DemoRelay, startDemoRelay } from './demo-relay.ts';
import { LineSource } from './line-source.ts';
import { LocalSlack } from './local-slack/server.ts';
import { ConsoleSession } from './session.ts';

export interface ConsoleOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Start the sample relay (on by default). */
  relay?: boolean;
}

export async function runConsole(config: BotConfig, options: ConsoleOptions = {}): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const write = (text: string) => {
    output.write(`${text}\n`);
  };
  const lines = new LineSource(input);
  // When the input is piped, show each line after its prompt so the transcript reads like a session.
  const echo = !(input as { isTTY?: boolean }).isTTY;
  const nextLine = async () => {
    const line = await lines.next();
    if (echo && line !== null) output.write(`${line}\n`);
    return line;
  };

  const slack = new LocalSlack({ users: DEMO_USERS, channels: DEMO_CHANNELS, token: DEMO_BOT_TOKEN });
  await slack.start();
  const receiver = new ConsoleReceiver();
  const workspace = await openGoogleWorkspace(config);
  const bot = createBot({
    ...googleAdminOption(config, workspace, () => bot.app.client),
    receiver,
    botToken: DEMO_BOT_TOKEN,
    botId: slack.botId,
    botUserId: slack.botUserId,
    apiUrl: slack.apiUrl,
    approvalsChannel: config.approvalsChannel ?? DEMO_APPROVALS_CHANNEL,
    approvers: config.approvers.length > 0 ? config.approvers : DEMO_APPROVERS,
    approverGroup: config.approverGroup,
    requesters: config.requesters,
    viewers: config.viewers,
    viewerGroup: config.viewerGroup,
    // The console's demo relay listens on loopback: testing it must work.
    allowPrivateTargets: true,
    database: config.database,
    approvalTtlHours: config.approvalTtlHours,
    tls: connectionTlsTester(),
  });
  await bot.app.start();
  bot.startExpirySweep();

  const relayDir = mkdtempSync(join(tmpdir(), 'gateway-console-'));
  let relay: DemoRelay | undefined;
  if (options.relay !== false) {
    try {
      relay = await startDemoRelay(relayDir);
    } catch (error) {
      write(`The sample relay did not start (${safeErrorMessage(error)}); the console works without it.`);
    }
  }

  const controlApi = relay ? { url: relay.controlUrl, token: relay.controlToken } : config.gatewayControl;
  const google = installGoogleWorkspace(bot, {
    workspace,
    approvalsChannel: config.approvalsChannel ?? DEMO_APPROVALS_CHANNEL,
    ...(controlApi ? { relay: controlApi } : {}),
  });
  // The operations side (/gateway relay ..., diagnose, alerts, Home) on the sample relay.
  let ops: Ops | undefined;
  const opsConfig = relay
    ? loadOpsConfig({
        ...process.env,
        GATEWAY_CONTROL_URL: relay.controlUrl,
        GATEWAY_CONTROL_TOKEN: relay.controlToken,
        GATEWAY_SMTP: `${relay.host}:${relay.smtpPort}`,
        GATEWAYS: undefined,
        GATEWAY_MANAGED: undefined,
      })
    : undefined;
  if (opsConfig?.ok) {
    ops = attachOps(bot, {
      config: opsConfig.config,
      approvalsChannel: config.approvalsChannel ?? DEMO_APPROVALS_CHANNEL,
      approvalTtlHours: config.approvalTtlHours,
    });
  } else if (opsConfig) {
    write(`Relay operations are off: ${opsConfig.errors.join('; ')}`);
  }

  const session = new ConsoleSession(
    slack,
    receiver,
    {
      write,
      ask: async (prompt) => {
        output.write(prompt);
        return nextLine();
      },
    },
    {
      commandChannel: DEMO_COMMAND_CHANNEL,
      approvalsChannel: config.approvalsChannel ?? DEMO_APPROVALS_CHANNEL,
      actor: DEMO_USERS[0] as (typeof DEMO_USERS)[number],
    },
  );

  write('outbound-gateway console: the Slack bot driven from this terminal (no Slack needed).');
  write(`People: ${DEMO_USERS.map((u) => `${u.name} (${u.realName})`).join(', ')}. You are alice.`);
  write(`Proposals go to #${DEMO_CHANNELS[DEMO_APPROVALS_CHANNEL]}; state is kept in ${config.database}.`);
  if (relay) {
    write(
      `A sample relay listens on ${relay.host}:${relay.smtpPort} (self-signed certificate; control API ${relay.controlUrl}).`,
    );
    write(`Try: /gateway add-route demo ${relay.host}:${relay.smtpPort}   then   as bob   and   click N`);
  }
  session.help();

  const stop = async () => {
    await google.stop();
    await ops?.stop();
    await relay?.stop();
    await bot.stop();
    await slack.stop();
    rmSync(relayDir, { recursive: true, force: true });
  };
  const onSignal = () => {
    void stop().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    for (;;) {
      output.write(session.prompt);
      const line = await nextLine();
      if (line === null) break;
      try {
        if (!(await session.handle(line))) break;
      } catch (error) {
        write(`That failed: ${safeErrorMessage(error)}`);
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    write('bye');
    lines.close();
    await stop();
  }
}
