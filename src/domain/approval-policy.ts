// Who may decide a proposal, and when. Pure: who is an approver and the time are passed in.
import { type ChangeRequest, isExpired, predictsBounce } from './change-request.ts';

export interface DecisionInput {
  request: ChangeRequest;
  actor: string;
  actorIsApprover: boolean;
  now: Date;
  decision: 'approve' | 'reject';
  acknowledgeBounce?: boolean;
}

export type PolicyResult = { allowed: true } | { allowed: false; reason: PolicyRefusal; message: string };

export type PolicyRefusal =
  | 'not-proposed'
  | 'expired'
  | 'self-approval'
  | 'not-approver'
  | 'bounce-not-acknowledged';

export function checkDecision(input: DecisionInput): PolicyResult {
  const { request, actor, now } = input;
  if (request.state !== 'proposed') {
    const by = request.decidedBy ? ` by <@${request.decidedBy}>` : '';
    return {
      allowed: false,
      reason: 'not-proposed',
      message: `change #${request.id} is already ${request.state}${by}`,
    };
  }
  if (isExpired(request, now)) {
    return {
      allowed: false,
      reason: 'expired',
      message: `change #${request.id} expired at ${request.expiresAt}: ask <@${request.requester}> to propose it again`,
    };
  }
  if (!input.actorIsApprover) {
    return {
      allowed: false,
      reason: 'not-approver',
      message: `only configured approvers can ${input.decision} changes, and <@${actor}> is not one: ask an approver`,
    };
  }
  if (input.decision === 'approve' && actor === request.requester) {
    return {
      allowed: false,
      reason: 'self-approval',
      message: `you proposed change #${request.id}, so you cannot approve it: another approver has to`,
    };
  }
  if (input.decision === 'approve' && predictsBounce(request) && !input.acknowledgeBounce) {
    return {
      allowed: false,
      reason: 'bounce-not-acknowledged',
      message: `the TLS pre-flight of change #${request.id} predicts bounced mail: use "Approve anyway" to approve it regardless`,
    };
  }
  return { allowed: true };
}

export function expiryTime(createdAt: Date, ttlHours: number): Date {
  return new Date(createdAt.getTime() + ttlHours * 3_600_000);
}
