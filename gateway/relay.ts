// Wiring of the relay: spool, allowlist, inbound SMTP, control API and metrics, plus extensions
// (onward delivery, issue 5) that start after the spool exists and stop before it goes away.
// /status and /queue are composed of sections so an extension adds its own without rewriting them.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { ALLOWLIST_REFUSAL_REASONS, Allowlist } from './allowlist.ts';
import { ConfigError, keysNeedingRestart, loadConfig, type RelayConfig } from './config.ts';
import { ControlError, type ControlRoute, ControlServer, TextResponse } from './control.ts';
import {
  PauseRequest,
  QueueQuery,
  type QueueResponse,
  type ReloadResponse,
  type StatusResponse,
} from './control-schema.ts';
import { createResolver, txtLookup } from './dns.ts';
import { type InboundMetrics, registerInboundMetrics } from './inbound/metrics.ts';
import { isTenantBound, loadTenantSettings } from './inbound/tenant-binding.ts';
import { InboundServer, type InboundSettings } from './inbound.ts';
import type { Logger } from './log.ts';
import { type MessageLogger, messageLogger } from './message-log.ts';
import { MetricsRegistry } from './metrics.ts';
import { ContentScanner } from './scan/scanner.ts';
import { Spool, type SpoolStats } from './spool.ts';

export interface RelayExtension {
  name: string;
  /** Called once the spool, metrics and control server exist, before the SMTP listener opens. */
  start(relay: Relay): Promise<void> | void;
  /** Called when shutdown begins, before the SMTP listener closes (which may take a while): start
   *  no new work; what is in flight goes on until stop(). */
  stopping?(): void;
  /** Called on shutdown after the SMTP listener has closed. */
  stop(): Promise<void> | void;
  /** Called on POST /reload before anything is applied: throws when the new configuration cannot be
   *  applied (an unreadable key file), so that the reload changes nothing. */
  check?(config: RelayConfig): Promise<void> | void;
  /** Called after a successful POST /reload with the new configuration. */
  reload?(config: RelayConfig): Promise<void> | void;
}

export interface RelayOptions {
  config: RelayConfig;
  /** The file the configuration came from; POST /reload reads it again. */
  configPath?: string;
  log: Logger;
  extensions?: RelayExtension[];
  clock?: () => Date;
}

export type SectionProvider = () => unknown;

// package.json is one folder up from the sources, two from the compiled relay in dist/gateway/.
const PACKAGE_JSON = new URL(
  import.meta.url.endsWith('.js') ? '../../package.json' : '../package.json',
  import.meta.url,
);
const VERSION = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;

export class Relay {
  /** Extra sections of GET /status, by key (e.g. `delivery`). */
  readonly statusSections = new Map<string, SectionProvider>();
  /** Extra sections of GET /queue, by key. */
  readonly queueSections = new Map<string, SectionProvider>();
  readonly metrics = new MetricsRegistry({ processMetrics: true });
  readonly inboundMetrics: InboundMetrics;
  /** The content scan at the end of DATA (scan: in the configuration). */
  readonly scanner: ContentScanner;
  /** Makes the logger of one message (message-log.ts): every part logs that message's lines on it. */
  readonly messageLog: MessageLogger;
  paused = false;
  pausedReason?: string;
  private readonly startedAt: Date;
  private inbound!: InboundServer;
  private queueStats: SpoolStats = { messages: 0 };

  private constructor(
    public config: RelayConfig,
    readonly spool: Spool,
    readonly allowlist: Allowlist,
    readonly control: ControlServer,
    readonly log: Logger,
    private readonly options: RelayOptions,
  ) {
    this.startedAt = this.now();
    this.messageLog = messageLogger(log);
    this.inboundMetrics = registerInboundMetrics(this.metrics, () => this.inbound?.activeConnections ?? 0);
    this.scanner = new ContentScanner(
      config.scan,
      log.child({ component: 'scan' }),
      this.metrics,
      options.clock,
    );
    this.statusSections.set('scan', () => this.scanStatus());
    this.metrics.gauge('relay_paused', '1 while the relay refuses mail for maintenance', () =>
      this.paused ? 1 : 0,
    );
    this.metrics.gauge(
      'relay_allowlist_loaded',
      '0 while no allowlist was ever loaded (all mail refused)',
      () => (this.allowlist.isLoaded() ? 1 : 0),
    );
    this.metrics.gauge(
      'relay_allowlist_ranges',
      'IP ranges clients may connect from',
      () => allowlist.status().size,
    );
    const refused = this.metrics.counter(
      'relay_allowlist_refresh_refused_total',
      'Allowlist refreshes whose set was not used: spf-error, too-many-addresses, suspicious-growth',
    );
    for (const reason of ALLOWLIST_REFUSAL_REASONS) refused.inc({ reason }, 0);
    allowlist.onRefused = (reason) => refused.inc({ reason });
    this.metrics.gauge(
      'relay_allowlist_held_back',
      '1 while the last refresh resolved a set that was refused (too large or grown suspiciously)',
      () => (allowlist.status().heldBack ? 1 : 0),
    );
    this.metrics.gauge(
      'relay_allowlist_refreshed_timestamp_seconds',
      'When the SPF ranges were last resolved',
      () => {
        const at = allowlist.status().refreshedAt;
        return at ? Date.parse(at) / 1000 : 0;
      },
    );
    this.metrics.gauge('relay_queue_messages', 'Messages in the queue', () => this.queueStats.messages);
    this.metrics.gauge(
      'relay_spool_corrupt_messages',
      'Messages whose unreadable files were moved to <spool>/corrupt/',
      () => this.spool.corruptCount,
    );
    this.metrics.gauge(
      'relay_spool_free_bytes',
      "Free bytes on the spool's file system",
      () => this.spoolSpace().freeBytes,
    );
    this.metrics.gauge('relay_spool_full', '1 while new mail is refused for lack of spool space', () =>
      this.spoolHasRoom() ? 0 : 1,
    );
    this.metrics.gauge('relay_queue_oldest_age_seconds', 'Age of the oldest queued message', () =>
      this.oldestAgeSeconds(this.queueStats),
    );
  }

  static async start(options: RelayOptions): Promise<Relay> {
    const { config, log } = options;
    const spool = await Spool.open(config.spool, log.child({ component: 'spool' }), undefined, {
      messageLog: messageLogger(log),
    });
    const resolver = createResolver(config.dns);
    const allowlist = new Allowlist(
      allowlistSettings(config),
      txtLookup(resolver),
      log.child({ component: 'allowlist' }),
      options.clock,
    );
    const control = new ControlServer({ token: config.control.token, log });
    const relay = new Relay(config, spool, allowlist, control, log, options);
    for (const route of relay.coreRoutes()) control.addRoute(route);
    const started: RelayExtension[] = [];
    try {
      await allowlist.start();
      const settings = await inboundSettings(config);
      if (!isTenantBound(settings.tenant))
        log.warn(
          { event: 'tenant-unbound' },
          'mail is bound only by sender domain: any Google Workspace customer can route mail through this relay; set tenant.dkimDomains and/or tenant.header (docs/relay.md, "Tenant binding")',
        );
      relay.inbound = await InboundServer.create(settings, {
        allowlist,
        spool,
        metrics: relay.inboundMetrics,
        log: log.child({ component: 'inbound' }),
        messageLog: relay.messageLog,
        isPaused: () => relay.paused,
        spoolHasRoom: () => relay.spoolHasRoom(),
        resolveDns: (name, rrtype) => resolver.resolve(name, rrtype),
        scanner: relay.scanner,
        clock: options.clock,
      });
      for (const extension of options.extensions ?? []) {
        await extension.start(relay);
        started.push(extension);
        log.info({ extension: extension.name }, 'relay extension started');
      }
      const smtp = await relay.inbound.listen(config.listen.host, config.listen.port);
      const http = await control.listen(config.control.host, config.control.port);
      log.info(
        {
          event: 'listening',
          smtp: { address: smtp.address, port: smtp.port },
          control: { address: http.address, port: http.port },
          version: VERSION,
        },
        'relay listening',
      );
    } catch (error) {
      // Leave nothing running behind a failed start (a port in use, a bad certificate file).
      allowlist.stop();
      await relay.inbound?.close().catch(() => {});
      for (const extension of started.reverse()) await Promise.resolve(extension.stop()).catch(() => {});
      await control.close().catch(() => {});
      throw error;
    }
    return relay;
  }

  smtpAddress(): AddressInfo {
    return this.inbound.address();
  }

  controlAddress(): AddressInfo {
    return this.control.address();
  }

  /** Stops accepting, stops extensions (delivery), then closes the control API. */
  async stop(): Promise<void> {
    this.allowlist.stop();
    for (const extension of this.options.extensions ?? []) extension.stopping?.();
    await this.inbound.close();
    for (const extension of [...(this.options.extensions ?? [])].reverse()) await extension.stop();
    await this.control.close();
    this.log.info({ event: 'stopped' }, 'relay stopped');
  }

  pause(reason?: string): void {
    this.paused = true;
    this.pausedReason = reason;
    this.log.warn({ event: 'paused', reason }, 'relay paused: new mail gets 421');
  }

  resume(): void {
    this.paused = false;
    this.pausedReason = undefined;
    this.log.warn({ event: 'resumed' }, 'relay resumed');
  }

  async status(): Promise<StatusResponse> {
    const stats = await this.refreshQueueStats();
    const now = this.now();
    const rejected: Record<string, number> = {};
    for (const { labels, value } of this.inboundMetrics.rejections.values())
      rejected[labels.reason ?? ''] = value;
    const allowlist = this.allowlist.status();
    const status: StatusResponse = {
      version: VERSION,
      startedAt: this.startedAt.toISOString(),
      uptimeSeconds: Math.round((now.getTime() - this.startedAt.getTime()) / 1000),
      paused: this.paused,
      ...(this.pausedReason ? { pausedReason: this.pausedReason } : {}),
      accepting: !this.paused && allowlist.loaded,
      allowlist,
      queue: {
        messages: stats.messages,
        ...(stats.oldestReceivedAt
          ? { oldestReceivedAt: stats.oldestReceivedAt, oldestAgeSeconds: this.oldestAgeSeconds(stats) }
          : {}),
      },
      spool: {
        freeBytes: this.spoolSpace().freeBytes,
        minFreeBytes: this.minFreeBytes(),
        full: !this.spoolHasRoom(),
        corrupt: this.spool.corruptCount,
      },
      tenant: {
        bound: isTenantBound(this.inbound.tenant),
        dkimDomains: [...this.inbound.tenant.dkimDomains],
        ...(this.inbound.tenant.header ? { header: this.inbound.tenant.header.name } : {}),
      },
      inbound: {
        connections: this.inboundMetrics.connections.get(),
        accepted: this.inboundMetrics.accepted.get(),
        acceptedBytes: this.inboundMetrics.acceptedBytes.get(),
        rejected,
      },
    };
    for (const [key, provide] of this.statusSections) status[key] = await provide();
    return status;
  }

  async queue(limit: number): Promise<QueueResponse> {
    const messages = await this.spool.list(limit);
    const response: QueueResponse = { total: this.spool.size, messages };
    for (const [key, provide] of this.queueSections) response[key] = await provide();
    return response;
  }

  async renderMetrics(): Promise<string> {
    await this.refreshQueueStats();
    return await this.metrics.render();
  }

  /** Reads the configuration file again and applies what can change without a restart. */
  async reload(): Promise<ReloadResponse> {
    if (!this.options.configPath)
      throw new ControlError(409, 'the relay was started without a configuration file');
    let next: RelayConfig;
    try {
      next = await loadConfig(this.options.configPath);
    } catch (error) {
      if (error instanceof ConfigError) {
        this.log.error({ event: 'reload-failed', problems: error.lines }, 'configuration reload refused');
        throw new ControlError(422, 'the configuration file has problems; nothing was changed', error.lines);
      }
      throw error;
    }
    for (const extension of this.options.extensions ?? []) {
      try {
        await extension.check?.(next);
      } catch (error) {
        const problem = (error as Error).message;
        this.log.error({ event: 'reload-failed', problems: [problem] }, 'configuration reload refused');
        throw new ControlError(422, 'the configuration cannot be applied; nothing was changed', [problem]);
      }
    }
    const restartRequired = keysNeedingRestart(this.config, next);
    if (Boolean(next.tls) !== Boolean(this.config.tls)) restartRequired.push('tls');
    let settings: InboundSettings;
    try {
      settings = await inboundSettings(next);
    } catch (error) {
      const problem = (error as Error).message;
      this.log.error({ event: 'reload-failed', problems: [problem] }, 'configuration reload refused');
      throw new ControlError(422, 'the configuration cannot be applied; nothing was changed', [problem]);
    }
    try {
      await this.inbound.update(settings);
    } catch (error) {
      // The certificate files are read (and checked) before anything of the listener is changed.
      const problem = `tls: cannot use ${next.tls?.key} / ${next.tls?.cert}: ${(error as Error).message}`;
      this.log.error({ event: 'reload-failed', problems: [problem] }, 'configuration reload refused');
      throw new ControlError(422, 'the configuration cannot be applied; nothing was changed', [problem]);
    }
    const allowlist = await this.allowlist.reconfigure(allowlistSettings(next));
    this.scanner.reconfigure(next.scan);
    // What needs a restart keeps its running value, so the next reload still reports it.
    this.config = {
      ...next,
      listen: this.config.listen,
      control: this.config.control,
      spool: this.config.spool,
      dns: this.config.dns,
      hostname: this.config.hostname,
      reverseLookup: this.config.reverseLookup,
      log: this.config.log,
      ...(restartRequired.includes('tls') ? { tls: this.config.tls } : {}),
    };
    for (const extension of this.options.extensions ?? []) await extension.reload?.(next);
    this.log.info({ event: 'reloaded', restartRequired }, 'configuration reloaded');
    return { restartRequired, allowlist };
  }

  private coreRoutes(): ControlRoute[] {
    return [
      { method: 'GET', path: '/healthz', handler: () => this.health() },
      { method: 'GET', path: '/status', handler: () => this.status() },
      {
        method: 'GET',
        path: '/metrics',
        handler: async () =>
          new TextResponse(await this.renderMetrics(), 'text/plain; version=0.0.4; charset=utf-8'),
      },
      {
        method: 'GET',
        path: '/queue',
        handler: ({ url }) => {
          const query = QueueQuery.safeParse(Object.fromEntries(url.searchParams));
          if (!query.success) throw new ControlError(400, 'limit must be a whole number from 1 to 1000');
          return this.queue(query.data.limit);
        },
      },
      {
        method: 'POST',
        path: '/pause',
        handler: ({ body }) => {
          const request = PauseRequest.safeParse(body ?? {});
          if (!request.success)
            throw new ControlError(400, 'body must be {"reason": "<at most 200 characters>"}');
          this.pause(request.data.reason);
          return { paused: true, ...(this.pausedReason ? { pausedReason: this.pausedReason } : {}) };
        },
      },
      {
        method: 'POST',
        path: '/resume',
        handler: () => {
          this.resume();
          return { paused: false };
        },
      },
      { method: 'POST', path: '/reload', handler: () => this.reload() },
    ];
  }

  /** Free space below which new mail is refused at MAIL (452 4.3.1), as Postfix does: room for one
   *  and a half messages of the largest size allowed. */
  minFreeBytes(): number {
    return Math.ceil(this.config.maxMessageBytes * 1.5);
  }

  /** Whether the spool's file system has room for new mail; true when statfs fails (a refusal
   *  for a check that cannot be made would stop all mail). */
  spoolHasRoom(): boolean {
    const { freeBytes } = this.spoolSpace();
    return Number.isNaN(freeBytes) || freeBytes >= this.minFreeBytes();
  }

  private spoolSpace(): { freeBytes: number } {
    try {
      return this.spool.space();
    } catch {
      return { freeBytes: Number.NaN };
    }
  }

  /** 503 when a configured scanner does not answer: mail would get 451 (or pass unscanned). */
  private async health(): Promise<{ ok: true }> {
    const down = (await this.scanner.health()).filter((h) => !h.ok);
    if (down.length > 0) {
      throw new ControlError(
        503,
        'a configured content scanner is unreachable',
        down.map((h) => `${h.name}: ${h.error}`),
      );
    }
    return { ok: true };
  }

  private async scanStatus(): Promise<unknown> {
    if (!this.scanner.configured) return { configured: false };
    return {
      configured: true,
      onError: this.config.scan?.onError ?? 'tempfail',
      scanners: await this.scanner.health(),
      ...this.scanner.record.summary(this.now()),
    };
  }

  private async refreshQueueStats(): Promise<SpoolStats> {
    this.queueStats = await this.spool.stats();
    return this.queueStats;
  }

  private oldestAgeSeconds(stats: SpoolStats): number {
    if (!stats.oldestReceivedAt) return 0;
    return Math.max(0, Math.round((this.now().getTime() - Date.parse(stats.oldestReceivedAt)) / 1000));
  }

  private now(): Date {
    return this.options.clock ? this.options.clock() : new Date();
  }
}

async function inboundSettings(config: RelayConfig): Promise<InboundSettings> {
  return {
    tenant: await loadTenantSettings(config.tenant),
    hostname: config.hostname,
    tls: config.tls,
    senders: config.senders,
    allowNullSender: config.allowNullSender,
    maxMessageBytes: config.maxMessageBytes,
    reverseLookup: config.reverseLookup,
    limits: config.limits,
  };
}

function allowlistSettings(config: RelayConfig) {
  return {
    spf: config.allow.spf,
    cidrs: config.allow.cidrs,
    refreshSeconds: config.allow.refreshSeconds,
    maxAddresses: config.allow.maxAddresses,
    maxIpv6Networks: config.allow.maxIpv6Networks,
    lastGoodFile: config.allow.lastGoodFile ?? `${config.spool}/allowlist.json`,
  };
}
