// Retries a Google call on failures that are safe to repeat (quota, Google-side errors, timeouts),
// backing off exponentially and honouring Retry-After. Sleep and randomness are injectable for tests.
import { setTimeout as delay } from 'node:timers/promises';
import {
  type FailureContext,
  GoogleApiError,
  type GoogleFailure,
  translateGoogleError,
} from './google-errors.ts';

export interface BackoffOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  /** 0..1; the delay gets up to 20 % added from it, so many bots do not retry in step. */
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 };

export function backoffDelay(failure: GoogleFailure, attempt: number, options: BackoffOptions): number {
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(exponential * (1 + 0.2 * (options.random ?? Math.random)()));
  return Math.max(jittered, failure.retryAfterMs ?? 0);
}

/**
 * Runs `call` until it succeeds, fails for good, or runs out of attempts; failures come out as a
 * GoogleApiError. `retryWhen` narrows which retryable failures are repeated (e.g. only quota for a send).
 */
export async function withBackoff<T>(
  call: () => Promise<T>,
  context: FailureContext,
  options: BackoffOptions,
  retryWhen: (failure: GoogleFailure) => boolean = (failure) => failure.retryable,
): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = translateGoogleError(error, context);
      if (attempt >= options.attempts || !retryWhen(failure)) throw new GoogleApiError(failure);
      await sleep(backoffDelay(failure, attempt, options));
    }
  }
}
