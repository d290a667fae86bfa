#!/usr/bin/env node
// Wiring only: configuration -> transport -> bot -> start.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBot } from './bot.ts';
import { connectionTlsTester } from './changes/connection-tls-tester.ts';
import { ConfigError } from './config-problems.ts';
import { runConsole } from './console/run.ts';
import { boltLogger, createBotLogger } from './log.ts';
import { attachOps } from './ops/attach.ts';
import { googleAdminOption, installGoogleWorkspace, openGoogleWorkspace } from './propagation/install.ts';
import { createSlackReceiver } from './slack/receivers/index.ts';
import { safeErrorMessage } from './slack/safe-error.ts';
import { loadStartupConfig } from './startup-config.ts';

async function main(): Promise<void> {
  const { bot: config, ops } = loadStartupConfig(process.env);
  if (config.transport === 'console') {
    await runConsole(config);
    return;
  }
  const log = createBotLogger();
  const { kind, receiver } = createSlackReceiver(config, { logger: boltLogger(log, 'receiver') });
  const workspace = await openGoogleWorkspace(config);
  const bot = createBot({
    ...googleAdminOption(config, workspace, () => bot.app.client),
    receiver,
    logger: boltLogger(log, 'bolt'),
    botToken: config.slack.botToken ?? '',
    apiUrl: config.slack.apiUrl,
    approvalsChannel: config.approvalsChannel ?? '',
    approvers: config.approvers,
    approverGroup: config.approverGroup,
    requesters: config.requesters,
    viewers: config.viewers,
    viewerGroup: config.viewerGroup,
    allowPrivateTargets: config.allowPrivateTargets,
    database: config.database,
    approvalTtlHours: config.approvalTtlHours,
    tls: connectionTlsTester(),
  });
  const operations = attachOps(bot, {
    config: ops,
    approvalsChannel: config.approvalsChannel ?? '',
    approvalTtlHours: config.approvalTtlHours,
  });
  if (kind === 'http') {
    const server = (await bot.app.start(config.slack.port)) as Server;
    const { port } = server.address() as AddressInfo;
    log.info(
      { event: 'listening', transport: 'http', port },
      `gateway bot: HTTP mode, listening on port ${port} at /slack/events`,
    );
  } else {
    await bot.app.start();
    log.info({ event: 'listening', transport: 'socket' }, 'gateway bot: connected in Socket Mode');
  }
  bot.startExpirySweep();
  const google = installGoogleWorkspace(bot, {
    workspace,
    approvalsChannel: config.approvalsChannel ?? '',
    ...(config.gatewayControl ? { relay: config.gatewayControl } : {}),
  });
  const stop = () => {
    Promise.all([google.stop(), operations.stop(), bot.stop()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const line of error.problems) console.error(line);
    process.exit(2);
  }
  console.error(`the bot failed to start: ${safeErrorMessage(error)}`);
  process.exit(1);
});
