// How a delivery attempt changes a message's DeliveryState. Pure: time and randomness passed in.
import type { DeliveryState, QueuedEnvelope, RecipientState } from '../spool.ts';
import type { RecipientOutcome } from './outcome.ts';
import { isExpired, nextAttemptAt, type RetryPolicy, retryDelaySeconds } from './schedule.ts';

export function initialState(envelope: QueuedEnvelope, now: Date): DeliveryState {
  return {
    recipients: envelope.rcptTo.map((address) => ({ address, status: 'pending', attempts: 0 })),
    attempts: 0,
    nextAttemptAt: now.toISOString(),
  };
}

export function pendingRecipients(state: DeliveryState): string[] {
  return state.recipients.filter((r) => r.status === 'pending').map((r) => r.address);
}

export function isFinal(state: DeliveryState): boolean {
  return state.recipients.every((r) => r.status !== 'pending');
}

export interface AttemptResult {
  state: DeliveryState;
  delivered: RecipientState[];
  /** Recipients that failed for good in this attempt (5xx, or deferred past the queue lifetime). */
  bounced: RecipientState[];
  deferred: RecipientState[];
}

/**
 * Applies the outcomes of one attempt. A recipient without an outcome stays as it was. A deferral at
 * or past the queue lifetime becomes a bounce that says so.
 */
export function applyAttempt(
  envelope: QueuedEnvelope,
  state: DeliveryState,
  outcomes: RecipientOutcome[],
  now: Date,
  policy: RetryPolicy,
  random: () => number,
): AttemptResult {
  const byAddress = new Map(outcomes.map((o) => [o.address, o]));
  const expired = isExpired(new Date(envelope.receivedAt), now, policy);
  const delivered: RecipientState[] = [];
  const bounced: RecipientState[] = [];
  const deferred: RecipientState[] = [];
  const at = now.toISOString();
  const recipients = state.recipients.map((r): RecipientState => {
    const outcome = byAddress.get(r.address);
    if (r.status !== 'pending' || !outcome) return r;
    const attempts = r.attempts + 1;
    let next: RecipientState;
    if (outcome.result === 'delivered') {
      next = { address: r.address, status: 'delivered', attempts, lastAttemptAt: at };
      delivered.push(next);
    } else if (outcome.result === 'bounced') {
      next = {
        address: r.address,
        status: 'bounced',
        attempts,
        lastError: outcome.reason,
        lastAttemptAt: at,
      };
      bounced.push(next);
    } else if (expired) {
      const reason = `4.4.7 message expired after ${policy.lifetimeHours} hours in the queue; last error: ${outcome.reason}`;
      next = { address: r.address, status: 'bounced', attempts, lastError: reason, lastAttemptAt: at };
      bounced.push(next);
    } else {
      next = {
        address: r.address,
        status: 'pending',
        attempts,
        lastError: outcome.reason,
        lastAttemptAt: at,
      };
      deferred.push(next);
    }
    return next;
  });
  const attempts = state.attempts + 1;
  const lastError = deferred[0]?.lastError ?? bounced[0]?.lastError ?? state.lastError;
  const next: DeliveryState = {
    recipients,
    attempts,
    nextAttemptAt: nextAttemptAt(new Date(envelope.receivedAt), now, attempts, policy, random).toISOString(),
    ...(lastError ? { lastError } : {}),
  };
  return { state: next, delivered, bounced, deferred };
}

/**
 * Puts recipients that failed for good back to pending (their report could not be queued), keeping
 * their reason, so that a later attempt bounces them again and reports it. The next attempt is
 * scheduled as for a deferral.
 */
export function reopen(
  state: DeliveryState,
  failed: RecipientState[],
  now: Date,
  policy: RetryPolicy,
  random: () => number,
): DeliveryState {
  const addresses = new Set(failed.map((r) => r.address));
  return {
    ...state,
    recipients: state.recipients.map((r) =>
      addresses.has(r.address) && r.status === 'bounced' ? { ...r, status: 'pending' } : r,
    ),
    // Not capped at expiry as nextAttemptAt() is: an expired message would be retried at once, again
    // and again, while its report cannot be queued.
    nextAttemptAt: new Date(
      now.getTime() + retryDelaySeconds(state.attempts, policy, random) * 1000,
    ).toISOString(),
  };
}
