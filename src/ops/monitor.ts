// Polls every relay, keeps 24 hours of snapshots (for the chart and "recent" refusals), checks the
// relays' certificates now and then, and turns snapshots into alert events (raised once, resolved once).
// Open alerts are stored, so after a bot restart an ongoing incident is not raised again and its
// resolve still reaches the original message.
import {
  type ActiveAlert,
  type AlertBook,
  type AlertEvent,
  type AlertThresholds,
  emptyAlertBook,
  evaluateAlerts,
} from '../domain/ops/alerts.ts';
import { buildChartSeries, type ChartSeries, DAY_MS, sumSeries } from '../domain/ops/chart-data.ts';
import type { RelaySnapshot } from '../domain/ops/relay-snapshot.ts';
import type { GatewayFleet } from '../gateway-client/fleet.ts';
import type { AlertRepository } from '../store/repositories.ts';
import { readRelay } from './relay-reader.ts';
import { type RelayCertificate, relayCertificate, type TlsRunner } from './tls-runner.ts';

export interface MonitorOptions {
  fleet: GatewayFleet;
  thresholds: AlertThresholds;
  /** Where open alerts are kept between rounds and across restarts. */
  alerts: AlertRepository;
  now: () => number;
  onAlert: (event: AlertEvent) => Promise<void>;
  /** Reads the relays' STARTTLS certificates (relays with an `smtp` address) at most this often. */
  certificates?: { run: TlsRunner; intervalMs: number };
  onError?: (error: unknown) => void;
}

export class RelayMonitor {
  private book: AlertBook = emptyAlertBook();
  private restored: Promise<void> | undefined;
  private readonly history = new Map<string, RelaySnapshot[]>();
  private readonly certs = new Map<string, RelayCertificate & { checkedAt: number }>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RelaySnapshot[]> | undefined;

  constructor(private readonly options: MonitorOptions) {}

  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.tick().catch((error: unknown) => this.options.onError?.(error));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round: read every relay, record, evaluate alerts. Concurrent calls share one round. */
  tick(): Promise<RelaySnapshot[]> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async activeAlerts(): Promise<ActiveAlert[]> {
    await this.restore();
    return Object.values(this.book.active);
  }

  latest(relay: string): RelaySnapshot | undefined {
    return this.history.get(relay)?.at(-1);
  }

  certificate(relay: string): RelayCertificate | undefined {
    return this.certs.get(relay);
  }

  /** Snapshots of a relay over the last 24 hours, oldest first. */
  snapshots(relay: string): RelaySnapshot[] {
    return [...(this.history.get(relay) ?? [])];
  }

  /** The chart series of one relay, or the sum of all. */
  series(relay?: string): ChartSeries | undefined {
    const now = this.options.now();
    const names = relay ? [relay] : [...this.history.keys()];
    const each = names.map((name) =>
      buildChartSeries(
        this.snapshots(name)
          .filter((s) => s.reachable && s.counters && s.queue)
          .map((s) => ({
            at: s.at,
            queueMessages: s.queue?.messages ?? 0,
            accepted: s.counters?.accepted ?? 0,
            delivered: s.counters?.delivered ?? 0,
          })),
        now,
      ),
    );
    return sumSeries(each);
  }

  /** Adds a certificate reading to a fresh snapshot (for status and diagnose). */
  withCertificate(snapshot: RelaySnapshot): RelaySnapshot {
    const cert = this.certs.get(snapshot.relay);
    return cert?.notAfter !== undefined ? { ...snapshot, certNotAfter: cert.notAfter } : snapshot;
  }

  /** Loads the alerts left open by a previous run into the book, once. */
  private restore(): Promise<void> {
    this.restored ??= this.options.alerts.list().then(
      (open) => {
        const active = Object.fromEntries(open.map(({ alert }) => [alert.key, alert]));
        this.book = { ...this.book, active: { ...active, ...this.book.active } };
      },
      (error: unknown) => {
        this.restored = undefined;
        throw error;
      },
    );
    return this.restored;
  }

  private async round(): Promise<RelaySnapshot[]> {
    await this.restore();
    const now = this.options.now();
    await this.refreshCertificates(now);
    const snapshots = await Promise.all(
      this.options.fleet.clients.map(async (client) => this.withCertificate(await readRelay(client, now))),
    );
    for (const snapshot of snapshots) {
      this.record(snapshot, now);
      const result = evaluateAlerts(this.book, snapshot, this.options.thresholds);
      this.book = result.book;
      for (const event of result.events) {
        try {
          await this.publish(event);
        } catch (error) {
          this.options.onError?.(error);
        }
      }
    }
    return snapshots;
  }

  /**
   * Raise: stored first, posted only when it was not open yet. Resolve: claimed in the store (so of
   * several replicas watching the same relay, one posts it), posted, then closed.
   */
  private async publish(event: AlertEvent): Promise<void> {
    if (event.type === 'raise') {
      if (await this.options.alerts.open(event.alert)) await this.options.onAlert(event);
      return;
    }
    if (!(await this.options.alerts.claimResolve(event.alert.key, this.options.now()))) return;
    try {
      await this.options.onAlert(event);
    } finally {
      await this.options.alerts.close(event.alert.key);
    }
  }

  private record(snapshot: RelaySnapshot, now: number): void {
    const list = this.history.get(snapshot.relay) ?? [];
    list.push(snapshot);
    const start = now - DAY_MS;
    const firstInside = list.findIndex((s) => s.at > start);
    // Keep one snapshot before the window as the baseline for deltas.
    const drop = firstInside <= 0 ? 0 : firstInside - 1;
    this.history.set(snapshot.relay, list.slice(drop));
  }

  private async refreshCertificates(now: number): Promise<void> {
    const certificates = this.options.certificates;
    if (!certificates) return;
    await Promise.all(
      this.options.fleet.names.map(async (name) => {
        const smtp = this.options.fleet.relay(name)?.smtp;
        const previous = this.certs.get(name);
        if (!smtp || (previous && now - previous.checkedAt < certificates.intervalMs)) return;
        const cert = await relayCertificate(certificates.run, name, smtp);
        this.certs.set(name, { ...cert, checkedAt: now });
      }),
    );
  }
}
