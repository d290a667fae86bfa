// Who may decide a proposal, and when. Pure: who is an approver and the time are passed in.
import { type Phrase, phrase } from '../i18n/phrase.ts';
import { alreadyDecided, type ChangeRequest, isExpired, predictsBounce } from './change-request.ts';

export interface DecisionInput {
  request: ChangeRequest;
  actor: string;
  actorIsApprover: boolean;
  now: Date;
  decision: 'approve' | 'reject';
  acknowledgeBounce?: boolean;
  /** Why the actor is not an approver (the authorizer's reason), told with the refusal. */
  notApproverBecause?: Phrase;
}

export type PolicyResult = { allowed: true } | { allowed: false; reason: PolicyRefusal; problem: Phrase };

export type PolicyRefusal =
  | 'not-proposed'
  | 'expired'
  | 'self-approval'
  | 'not-approver'
  | 'bounce-not-acknowledged';

export function checkDecision(input: DecisionInput): PolicyResult {
  const { request, actor, now } = input;
  const id = request.id;
  if (request.state !== 'proposed') {
    return { allowed: false, reason: 'not-proposed', problem: alreadyDecided(request) };
  }
  if (isExpired(request, now)) {
    return {
      allowed: false,
      reason: 'expired',
      problem: phrase('refusal.changeExpired', { id, user: request.requester }),
    };
  }
  if (!input.actorIsApprover) {
    const why = input.notApproverBecause;
    return {
      allowed: false,
      reason: 'not-approver',
      problem: why
        ? phrase('refusal.notApproverOfChangesBecause', { user: actor, why })
        : phrase('refusal.notApproverOfChanges', { user: actor }),
    };
  }
  if (input.decision === 'approve' && actor === request.requester) {
    return { allowed: false, reason: 'self-approval', problem: phrase('refusal.selfApproval', { id }) };
  }
  if (input.decision === 'approve' && predictsBounce(request) && !input.acknowledgeBounce) {
    return {
      allowed: false,
      reason: 'bounce-not-acknowledged',
      problem: phrase('refusal.bounceNotAcknowledged', { id }),
    };
  }
  return { allowed: true };
}

export function expiryTime(createdAt: Date, ttlHours: number): Date {
  return new Date(createdAt.getTime() + ttlHours * 3_600_000);
}
