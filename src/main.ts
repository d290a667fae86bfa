#!/usr/bin/env node
// Wiring only: configuration -> transport -> bot -> start.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { createBot } from './bot.ts';
import { connectionTlsTester } from './changes/connection-tls-tester.ts';
import { ConfigError } from './config-problems.ts';
import { boltLogger, createBotLogger } from './log.ts';
import { attachOps } from './ops/attach.ts';
import { googleAdminOption, installGoogleWorkspace, openGoogleWorkspace } from './propagation/install.ts';
import { healthRoute } from './slack/receivers/health.ts';
import { createSlackReceiver } from './slack/receivers/index.ts';
import { safeErrorMessage } from './slack/safe-error.ts';
import { loadStartupConfig } from './startup-config.ts';
import { describeStore, openStore } from './store/open-store.ts';
import { perUserGatewayItem } from './workspace/setup-check.ts';

async function main(): Promise<void> {
  const { bot: config, ops } = loadStartupConfig(process.env);
  if (config.transport === 'console') {
    // The console's demo relay and local Slack are not loaded by a bot that serves Slack.
    const { runConsole } = await import('./console/run.ts');
    await runConsole(config);
    return;
  }
  const log = createBotLogger();
  const workspace = await openGoogleWorkspace(config);
  const store = await openStore(config);
  log.info(
    { event: 'store', store: store.kind, location: store.location },
    `gateway bot: store: ${describeStore(store)}`,
  );
  const { kind, receiver } = createSlackReceiver(config, {
    logger: boltLogger(log, 'receiver'),
    customRoutes: [healthRoute(store)],
  });
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
    store,
    approvalTtlHours: config.approvalTtlHours,
    defaultLocale: config.defaultLocale,
    tls: connectionTlsTester(),
  });
  const operations = attachOps(bot, {
    config: ops,
    approvalsChannel: config.approvalsChannel ?? '',
    approvalTtlHours: config.approvalTtlHours,
    ...(workspace ? { perUserGateway: () => perUserGatewayItem(workspace) } : {}),
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
  // Replicas share the tracking: whoever holds the lease runs it, renewing every third of its length.
  const replica = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = config.propagationLeaseSeconds * 1000;
  const google = installGoogleWorkspace(bot, {
    workspace,
    approvalsChannel: config.approvalsChannel ?? '',
    tickIntervalMs: Math.max(1000, Math.floor(leaseMs / 3)),
    lease: {
      acquire: () => store.leases.acquire('propagation', replica, leaseMs),
      release: () => store.leases.release('propagation', replica),
    },
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
