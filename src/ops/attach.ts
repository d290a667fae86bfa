// Wires the operations side into a built bot: relay fleet, supervisor (GATEWAY_MANAGED), relay actions
// with approvals, alerts, diagnose, App Home and the /gateway relay and diagnose subcommands.
import type { Bot } from '../bot.ts';
import { GatewayFleet } from '../gateway-client/fleet.ts';
import { diagnoseCommand, relayCommand } from '../slack/ops/commands.ts';
import { homeSection } from '../slack/ops/home.ts';
import { registerOpsListeners } from '../slack/ops/listeners.ts';
import { AlertPublisher, RelayActionPublisher } from '../slack/ops/publishers.ts';
import type { OpsConfig } from './config.ts';
import type { DiagnoseDeps } from './diagnose-runner.ts';
import { dnsResolver } from './dns-lookup.ts';
import { RelayMonitor } from './monitor.ts';
import type { OpsServices } from './ops-services.ts';
import { RelayActionService } from './relay-actions.ts';
import { relayNodeArgs } from './relay-entry.ts';
import { RelaySupervisor } from './relay-supervisor.ts';
import { type TlsRunner, tlsRunner } from './tls-runner.ts';

export interface AttachOpsOptions {
  config: OpsConfig;
  approvalsChannel: string;
  approvalTtlHours: number;
  now?: () => number;
  /** The TLS test to use (tests pass one that trusts a test CA as a public one). */
  tls?: TlsRunner;
  /** The managed relay's command; default: this node running the relay's entry point (relay-entry.ts)
   *  with --config FILE. */
  relayCommand?: { command: string; args: string[] };
  /** Relay output: 'inherit' (default) or a function per chunk. */
  relayOutput?: 'inherit' | 'ignore' | ((chunk: string, stream: 'stdout' | 'stderr') => void);
  /** Start polling the relays every config.pollSeconds (default true). */
  poll?: boolean;
  /** Google's "Allow per-user outbound gateways", for diagnose (absent: no Google Workspace). */
  perUserGateway?: DiagnoseDeps['perUserGateway'];
}

export interface Ops extends OpsServices {
  stop(): Promise<void>;
}

export function attachOps(bot: Bot, options: AttachOpsOptions): Ops {
  const { config } = options;
  const now = options.now ?? Date.now;
  const logger = bot.app.logger;
  const fleet = new GatewayFleet(config.fleet);
  const tls = options.tls ?? tlsRunner({ dnsServers: config.dnsServers });

  let supervisor: RelaySupervisor | undefined;
  if (config.managed) {
    const command = options.relayCommand ?? {
      command: process.execPath,
      args: [...relayNodeArgs(), '--config', config.managed.configFile],
    };
    supervisor = new RelaySupervisor({
      ...command,
      policy: config.managed.backoff,
      output: options.relayOutput ?? 'inherit',
    });
    supervisor.on('restart-scheduled', ({ delayMs, attempt }) =>
      logger.warn(`relay "${config.managed?.relay}" exited; restart #${attempt} in ${delayMs} ms`),
    );
    supervisor.on('spawn-error', (error) => logger.error(`cannot start the relay: ${error.message}`));
    supervisor.start();
  }

  const alertChannel = config.opsChannel ?? options.approvalsChannel;
  const alerts = new AlertPublisher(
    bot.app.client,
    alertChannel,
    logger,
    bot.store.alerts,
    bot.readers.channel,
  );
  const monitor = new RelayMonitor({
    fleet,
    thresholds: config.thresholds,
    alerts: bot.store.alerts,
    now,
    onAlert: alerts.onAlert,
    certificates: { run: tls, intervalMs: 3_600_000 },
    onError: (error) => logger.error(`relay monitor: ${(error as Error).message}`),
  });
  const actions = new RelayActionService({
    fleet,
    authorizer: bot.changes.authorizer,
    audit: bot.store.audit,
    requests: bot.store.relayActions,
    ttlHours: options.approvalTtlHours,
    withoutApproval: config.withoutApproval,
    now,
    ...(supervisor && config.managed ? { managed: { name: config.managed.relay, supervisor } } : {}),
  });
  actions.onChange(
    new RelayActionPublisher(
      bot.app.client,
      options.approvalsChannel,
      logger,
      (id, channel, ts) => actions.setMessage(id, channel, ts),
      bot.readers.channel,
    ).onChange,
  );
  // Like the change proposals' expiry sweep: overdue requests are marked expired in their message.
  const expirySweep = setInterval(() => {
    actions
      .expireDue()
      .catch((error: unknown) => logger.error(`relay action expiry: ${(error as Error).message}`));
  }, 60_000);
  expirySweep.unref();

  const ops: OpsServices = {
    config,
    fleet,
    actions,
    monitor,
    changes: bot.changes,
    tls,
    ...(supervisor ? { supervisor } : {}),
    approvalsChannel: options.approvalsChannel,
    alertChannel,
    now,
    diagnose: {
      fleet,
      changes: bot.changes,
      tls,
      resolver: dnsResolver(config.dnsServers),
      monitor,
      senderDomains: config.senderDomains,
      outboundAddresses: config.outboundAddresses,
      ...(options.perUserGateway ? { perUserGateway: options.perUserGateway } : {}),
      now,
    },
  };
  bot.router.register(relayCommand(ops), diagnoseCommand(ops));
  // use-route console steps include the routing-rule header when a relay requires one.
  bot.publisher.tenantHeader = async () => {
    const statuses = await Promise.allSettled(fleet.clients.map((client) => client.status()));
    for (const s of statuses)
      if (s.status === 'fulfilled' && s.value.tenant?.header) return s.value.tenant.header;
    return undefined;
  };
  registerOpsListeners(bot.app, ops, logger, bot.readers);
  bot.homeSections.push(homeSection(ops, bot.app.client));
  if (options.poll !== false && fleet.clients.length > 0) monitor.start(config.pollSeconds * 1000);

  return {
    ...ops,
    async stop() {
      clearInterval(expirySweep);
      monitor.stop();
      await supervisor?.stop();
    },
  };
}
