// Delivery counters for /status and /metrics: recipients delivered, deferred, bounced; accept-to-
// delivered latency (p50/p99 over the most recent deliveries); DKIM check results; TLS failures.
import type { Counter, MetricsRegistry } from '../metrics.ts';
import type { DkimVerdict } from './dkim.ts';

/** The q-quantile (0..1) of the values, nearest-rank; undefined for none. */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1];
}

export interface DeliveryCounts {
  delivered: number;
  deferred: number;
  bounced: number;
  bouncesSent: number;
  tlsFailures: number;
  dkim: Record<DkimVerdict, number>;
  dkimSigned: number;
  latencySeconds: { p50: number | null; p99: number | null; samples: number };
  /** Recipients delivered per TLS policy applied (dane, mta-sts, verified, required, opportunistic),
   *  and TLS policy failures per reason (dane-mismatch, mta-sts-mx-mismatch, ...), since start. */
  tlsPolicies: { delivered: Record<string, number>; failures: Record<string, number> };
}

export class DeliveryStats {
  private readonly recent: number[] = [];
  private next = 0;
  private readonly recipients: Counter;
  private readonly latencySum: Counter;
  private readonly latencyCount: Counter;
  private readonly dkim: Counter;
  private readonly dkimSigned: Counter;
  private readonly tlsFailures: Counter;
  private readonly bounces: Counter;
  private readonly policyDelivered: Counter;
  private readonly policyFailures: Counter;
  private readonly byPolicy = new Map<string, number>();
  private readonly byReason = new Map<string, number>();

  constructor(
    registry: MetricsRegistry,
    gauges: { inFlight: () => number; scheduled: () => number },
    private readonly window = 10_000,
  ) {
    this.recipients = registry.counter(
      'relay_delivery_recipients_total',
      'Recipients by delivery result: delivered, deferred (each deferral), bounced',
    );
    this.latencySum = registry.counter(
      'relay_delivery_latency_seconds_sum',
      'Sum of accept-to-delivered seconds over delivered recipients',
    );
    this.latencyCount = registry.counter(
      'relay_delivery_latency_seconds_count',
      'Delivered recipients timed',
    );
    registry.gauge(
      'relay_delivery_latency_p50_seconds',
      'Median accept-to-delivered seconds, recent deliveries',
      () => this.p(0.5),
    );
    registry.gauge('relay_delivery_latency_p99_seconds', '99th percentile accept-to-delivered seconds', () =>
      this.p(0.99),
    );
    this.dkim = registry.counter(
      'relay_dkim_verify_total',
      'DKIM check of relayed messages: pass, fail, none (unsigned), temperror (key lookup failed)',
    );
    this.dkimSigned = registry.counter('relay_dkim_signed_total', 'Messages signed by the relay');
    this.tlsFailures = registry.counter(
      'relay_delivery_tls_failures_total',
      'Connections to a next hop whose TLS failed',
    );
    this.bounces = registry.counter(
      'relay_delivery_bounces_sent_total',
      'Bounce (DSN) messages queued to senders',
    );
    this.policyDelivered = registry.counter(
      'relay_delivery_tls_policy_total',
      'Recipients delivered by the TLS policy applied: dane, mta-sts, verified, required, opportunistic',
    );
    this.policyFailures = registry.counter(
      'relay_delivery_tls_policy_failures_total',
      'Next hops refused or failed by a TLS policy, by reason (dane-mismatch, mta-sts-mx-mismatch, ...)',
    );
    registry.gauge('relay_delivery_in_flight', 'Messages being delivered now', gauges.inFlight);
    registry.gauge('relay_delivery_scheduled', 'Messages waiting for their next attempt', gauges.scheduled);
    for (const result of ['delivered', 'deferred', 'bounced']) this.recipients.inc({ result }, 0);
    for (const result of ['pass', 'fail', 'none', 'temperror']) this.dkim.inc({ result }, 0);
  }

  recordDelivered(count: number, latencySeconds: number): void {
    if (count <= 0) return;
    this.recipients.inc({ result: 'delivered' }, count);
    this.latencySum.inc({}, latencySeconds * count);
    this.latencyCount.inc({}, count);
    if (this.recent.length < this.window) this.recent.push(latencySeconds);
    else this.recent[this.next] = latencySeconds;
    this.next = (this.next + 1) % this.window;
  }

  recordDeferred(count: number): void {
    if (count > 0) this.recipients.inc({ result: 'deferred' }, count);
  }

  recordBounced(count: number): void {
    if (count > 0) this.recipients.inc({ result: 'bounced' }, count);
  }

  recordBounceSent(): void {
    this.bounces.inc();
  }

  recordTlsFailure(): void {
    this.tlsFailures.inc();
  }

  recordTlsPolicy(policy: string, delivered: number): void {
    if (delivered <= 0) return;
    this.policyDelivered.inc({ policy }, delivered);
    this.byPolicy.set(policy, (this.byPolicy.get(policy) ?? 0) + delivered);
  }

  recordTlsPolicyFailure(reason: string): void {
    this.policyFailures.inc({ reason });
    this.byReason.set(reason, (this.byReason.get(reason) ?? 0) + 1);
  }

  recordDkim(verdict: DkimVerdict): void {
    this.dkim.inc({ result: verdict });
  }

  recordSigned(): void {
    this.dkimSigned.inc();
  }

  private p(q: number): number {
    return quantile(this.recent, q) ?? 0;
  }

  counts(): DeliveryCounts {
    const p50 = quantile(this.recent, 0.5);
    const p99 = quantile(this.recent, 0.99);
    return {
      delivered: this.recipients.get({ result: 'delivered' }),
      deferred: this.recipients.get({ result: 'deferred' }),
      bounced: this.recipients.get({ result: 'bounced' }),
      bouncesSent: this.bounces.get(),
      tlsFailures: this.tlsFailures.get(),
      dkim: {
        pass: this.dkim.get({ result: 'pass' }),
        fail: this.dkim.get({ result: 'fail' }),
        none: this.dkim.get({ result: 'none' }),
        temperror: this.dkim.get({ result: 'temperror' }),
      },
      dkimSigned: this.dkimSigned.get(),
      latencySeconds: { p50: p50 ?? null, p99: p99 ?? null, samples: this.recent.length },
      tlsPolicies: {
        delivered: Object.fromEntries(this.byPolicy),
        failures: Object.fromEntries(this.byReason),
      },
    };
  }
}
