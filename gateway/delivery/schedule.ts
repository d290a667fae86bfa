// When to try again and when to give up. Pure: the clock and the random source are passed in.

export interface RetryPolicy {
  initialSeconds: number;
  maxSeconds: number;
  lifetimeHours: number;
}

/**
 * Delay before attempt number `failedAttempts + 1`: initialSeconds doubled per failed attempt, capped
 * at maxSeconds, with +-20% jitter so messages deferred together do not all come back together.
 */
export function retryDelaySeconds(failedAttempts: number, policy: RetryPolicy, random: () => number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const base = Math.min(policy.maxSeconds, policy.initialSeconds * 2 ** Math.min(exponent, 30));
  const jittered = base * (0.8 + 0.4 * random());
  return Math.min(policy.maxSeconds, Math.max(policy.initialSeconds, jittered));
}

export function expiresAt(receivedAt: Date, policy: RetryPolicy): Date {
  return new Date(receivedAt.getTime() + policy.lifetimeHours * 3_600_000);
}

export function isExpired(receivedAt: Date, now: Date, policy: RetryPolicy): boolean {
  return now.getTime() >= expiresAt(receivedAt, policy).getTime();
}

/** The next attempt, never later than the moment the message expires (one last try then). */
export function nextAttemptAt(
  receivedAt: Date,
  now: Date,
  failedAttempts: number,
  policy: RetryPolicy,
  random: () => number,
): Date {
  const due = now.getTime() + retryDelaySeconds(failedAttempts, policy, random) * 1000;
  return new Date(Math.min(due, expiresAt(receivedAt, policy).getTime()));
}
