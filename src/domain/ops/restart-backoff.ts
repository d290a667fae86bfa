// When to restart a crashed relay: exponential backoff, capped, and forgiven once the relay has run
// for a stable period. Pure: times are passed in.

export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
  /** A run at least this long resets the backoff: the next crash restarts after initialDelayMs. */
  stableAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  factor: 2,
  stableAfterMs: 120_000,
};

export interface CrashHistory {
  /** Crashes since the last stable run. */
  consecutiveCrashes: number;
}

export interface RestartDecision {
  delayMs: number;
  /** 1 for the first restart after a stable run. */
  attempt: number;
  history: CrashHistory;
}

export function decideRestart(
  policy: BackoffPolicy,
  history: CrashHistory,
  run: { startedAt: number; exitedAt: number },
): RestartDecision {
  const stable = run.exitedAt - run.startedAt >= policy.stableAfterMs;
  const before = stable ? 0 : history.consecutiveCrashes;
  return {
    delayMs: delayFor(policy, before),
    attempt: before + 1,
    history: { consecutiveCrashes: before + 1 },
  };
}

/** Delay before restart number `crashes + 1`. */
export function delayFor(policy: BackoffPolicy, crashes: number): number {
  const raw = policy.initialDelayMs * policy.factor ** Math.min(crashes, 64);
  return Math.min(policy.maxDelayMs, Math.round(raw));
}

/** The first `n` delays of an unbroken crash loop, for documentation and status. */
export function backoffSchedule(policy: BackoffPolicy, n: number): number[] {
  return Array.from({ length: n }, (_, i) => delayFor(policy, i));
}
