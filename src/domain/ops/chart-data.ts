// Queue depth and throughput over the last 24 hours, from periodic samples of a relay's status.
// Pure: samples and `now` are passed in.

export interface RelaySample {
  at: number;
  queueMessages: number;
  /** Cumulative counters since the relay started (drop to 0 on restart). */
  accepted: number;
  delivered: number;
}

export interface ChartSeries {
  start: number;
  end: number;
  bucketMs: number;
  /** Largest queue depth seen in each bucket; null where no sample fell. */
  queueDepth: Array<number | null>;
  /** Messages accepted in each bucket. */
  accepted: number[];
  /** Messages delivered in each bucket. */
  delivered: number[];
}

export const DAY_MS = 86_400_000;

export function buildChartSeries(
  samples: RelaySample[],
  now: number,
  options: { windowMs?: number; buckets?: number } = {},
): ChartSeries {
  const windowMs = options.windowMs ?? DAY_MS;
  const buckets = options.buckets ?? 48;
  const bucketMs = windowMs / buckets;
  const start = now - windowMs;
  const queueDepth: Array<number | null> = new Array(buckets).fill(null);
  const accepted: number[] = new Array(buckets).fill(0);
  const delivered: number[] = new Array(buckets).fill(0);
  const sorted = [...samples].sort((a, b) => a.at - b.at);

  let previous: RelaySample | undefined;
  for (const sample of sorted) {
    const index = Math.floor((sample.at - start) / bucketMs);
    const inWindow = sample.at > start && sample.at <= now;
    if (inWindow) {
      const i = Math.min(buckets - 1, index);
      queueDepth[i] = Math.max(queueDepth[i] ?? 0, sample.queueMessages);
      if (previous) {
        accepted[i] = (accepted[i] ?? 0) + counterDelta(previous.accepted, sample.accepted);
        delivered[i] = (delivered[i] ?? 0) + counterDelta(previous.delivered, sample.delivered);
      }
    }
    previous = sample;
  }
  return { start, end: now, bucketMs, queueDepth, accepted, delivered };
}

/** A counter that went down was reset (relay restart): everything it shows now is new. */
function counterDelta(before: number, after: number): number {
  return after >= before ? after - before : after;
}

/** Adds the series of several relays (same window and buckets) into one fleet series. */
export function sumSeries(series: ChartSeries[]): ChartSeries | undefined {
  const [first, ...rest] = series;
  if (!first) return undefined;
  const total: ChartSeries = {
    ...first,
    queueDepth: [...first.queueDepth],
    accepted: [...first.accepted],
    delivered: [...first.delivered],
  };
  for (const s of rest) {
    total.queueDepth = total.queueDepth.map((v, i) => {
      const w = s.queueDepth[i] ?? null;
      return v === null && w === null ? null : (v ?? 0) + (w ?? 0);
    });
    total.accepted = total.accepted.map((v, i) => v + (s.accepted[i] ?? 0));
    total.delivered = total.delivered.map((v, i) => v + (s.delivered[i] ?? 0));
  }
  return total;
}

/** Keeps only samples within the window before `now`, plus the one just before it (for deltas). */
export function pruneSamples(samples: RelaySample[], now: number, windowMs = DAY_MS): RelaySample[] {
  const start = now - windowMs;
  const sorted = [...samples].sort((a, b) => a.at - b.at);
  const firstInside = sorted.findIndex((s) => s.at > start);
  if (firstInside === -1) return sorted.slice(-1);
  return sorted.slice(Math.max(0, firstInside - 1));
}
