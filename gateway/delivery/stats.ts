// Delivery counters for /status and /metrics: recipients delivered, deferred, bounced; accept-to-
// delivered latency (a histogram, so relays can be summed and any quantile taken in Prometheus);
// DKIM check results; TLS failures.
import { type Counter, type Histogram, histogramQuantile, type MetricsRegistry } from '../metrics.ts';
import type { DkimVerdict } from './dkim.ts';

/** Upper bounds (seconds) of the latency buckets: from a quick smart host to a five-day retry. */
export const LATENCY_BUCKETS = [
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  30,
  60,
  300,
  900,
  3600,
  4 * 3600,
  86_400,
  5 * 86_400,
];

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
  private readonly recipients: Counter;
  private readonly latency: Histogram;
  private readonly dkim: Counter;
  private readonly dkimSigned: Counter;
  private readonly tlsFailures: Counter;
  private readonly bounces: Counter;
  private readonly policyDelivered: Counter;
  private readonly policyFailures: Counter;
  private readonly byPolicy = new Map<string, number>();
  private readonly byReason = new Map<string, number>();

  constructor(registry: MetricsRegistry, gauges: { inFlight: () => number; scheduled: () => number }) {
    this.recipients = registry.counter(
      'relay_delivery_recipients_total',
      'Recipients by delivery result: delivered, deferred (each deferral), bounced',
    );
    this.latency = registry.histogram(
      'relay_delivery_latency_seconds',
      'Accept-to-delivered seconds, one observation per delivered recipient',
      LATENCY_BUCKETS,
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
    for (let i = 0; i < count; i++) this.latency.observe(latencySeconds);
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

  async counts(): Promise<DeliveryCounts> {
    const p50 = await histogramQuantile(this.latency, 0.5);
    const p99 = await histogramQuantile(this.latency, 0.99);
    const samples = (await this.latency.get()).values.find((v) => v.metricName?.endsWith('_count'));
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
      latencySeconds: { p50: p50 ?? null, p99: p99 ?? null, samples: samples?.value ?? 0 },
      tlsPolicies: {
        delivered: Object.fromEntries(this.byPolicy),
        failures: Object.fromEntries(this.byReason),
      },
    };
  }
}
