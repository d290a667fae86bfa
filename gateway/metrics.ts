// The relay's metrics, exposed through prom-client's registry in the Prometheus text format (0.0.4):
// histograms are prom-client's own; counters and gauges are small classes that also answer /status
// synchronously (prom-client reads its values only asynchronously); the default process metrics
// (memory, CPU, event loop, GC) come from prom-client's collector, once per process.
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export type Labels = Record<string, string>;

interface Series {
  labels: Labels;
  value: number;
}

abstract class Metric {
  protected readonly series = new Map<string, Series>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge',
  ) {}

  protected entry(labels: Labels): Series {
    const key = labelKey(labels);
    let found = this.series.get(key);
    if (!found) {
      found = { labels: { ...labels }, value: 0 };
      this.series.set(key, found);
    }
    return found;
  }

  /** Current value for these labels (0 when never touched). */
  get(labels: Labels = {}): number {
    return this.series.get(labelKey(labels))?.value ?? 0;
  }

  /** Every label set seen, with its value. */
  values(): Series[] {
    return [...this.series.values()].map((s) => ({ labels: { ...s.labels }, value: s.value }));
  }

  /** What prom-client's registry reads when it renders (its metric interface). */
  asPromMetric() {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      get: async () => {
        this.refresh();
        return {
          name: this.name,
          help: this.help,
          type: this.type,
          aggregator: 'sum' as const,
          values: this.values(),
        };
      },
    };
  }

  protected refresh(): void {}
}

export class Counter extends Metric {
  constructor(name: string, help: string) {
    super(name, help, 'counter');
  }

  inc(labels: Labels = {}, by = 1): void {
    if (by < 0) throw new Error(`counter ${this.name} cannot decrease`);
    this.entry(labels).value += by;
  }
}

export class Gauge extends Metric {
  constructor(
    name: string,
    help: string,
    private readonly collect?: () => number,
  ) {
    super(name, help, 'gauge');
  }

  set(value: number, labels: Labels = {}): void {
    this.entry(labels).value = value;
  }

  inc(labels: Labels = {}, by = 1): void {
    this.entry(labels).value += by;
  }

  dec(labels: Labels = {}, by = 1): void {
    this.entry(labels).value -= by;
  }

  protected override refresh(): void {
    if (this.collect) this.set(this.collect());
  }
}

export { Histogram };

/** Process metrics are the process's, not one relay's: one collector however many relays a process runs. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export class MetricsRegistry {
  private readonly registry = new Registry();
  private readonly names = new Set<string>();

  constructor(private readonly options: { processMetrics?: boolean } = {}) {}

  counter(name: string, help: string): Counter {
    return this.add(new Counter(name, help));
  }

  /** A gauge; with `collect`, its value is read at render time (e.g. queue length). */
  gauge(name: string, help: string, collect?: () => number): Gauge {
    return this.add(new Gauge(name, help, collect));
  }

  /** A prom-client histogram (no labels) with these upper bounds. */
  histogram(name: string, help: string, buckets: number[]): Histogram {
    this.claim(name);
    return new Histogram({ name, help, buckets, registers: [this.registry] });
  }

  /** The Prometheus text exposition; with `processMetrics`, the process's default metrics too. */
  async render(): Promise<string> {
    const registry = this.options.processMetrics
      ? Registry.merge([this.registry, processMetrics()])
      : this.registry;
    return registry.metrics();
  }

  private add<T extends Metric>(metric: T): T {
    this.claim(metric.name);
    this.registry.registerMetric(
      metric.asPromMetric() as unknown as Parameters<Registry['registerMetric']>[0],
    );
    return metric;
  }

  private claim(name: string): void {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new Error(`bad metric name ${name}`);
    if (this.names.has(name)) throw new Error(`metric ${name} is registered twice`);
    this.names.add(name);
  }
}

function labelKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The q-quantile (0..1) of a histogram's observations, estimated as Prometheus' histogram_quantile
 * does (linear within the bucket it falls in); undefined before the first observation.
 */
export async function histogramQuantile(histogram: Histogram, q: number): Promise<number | undefined> {
  const { values } = await histogram.get();
  const buckets = values
    .filter((v) => v.metricName?.endsWith('_bucket'))
    .map((v) => ({
      le: Number(v.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : v.labels.le),
      count: v.value,
    }))
    .sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return undefined;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      // Past the last finite bound there is nothing to interpolate to: answer that bound.
      if (!Number.isFinite(bucket.le)) return lower;
      const inBucket = bucket.count - below;
      return inBucket === 0 ? bucket.le : lower + ((bucket.le - lower) * (rank - below)) / inBucket;
    }
    lower = bucket.le;
    below = bucket.count;
  }
  return lower;
}
