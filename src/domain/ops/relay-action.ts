// Relay control actions and their approval: which actions need a second admin, who may decide, and
// the request's state machine (proposed -> approved -> done | failed; proposed -> rejected | expired).
// Pure: who is an approver and the time are passed in.
import { type Phrase, phrase } from '../../i18n/phrase.ts';
import type { MessageRef } from '../change-request.ts';

export const CONTROL_ACTIONS = ['pause', 'resume', 'flush', 'reload', 'restart'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

export function isControlAction(value: string): value is ControlAction {
  return (CONTROL_ACTIONS as readonly string[]).includes(value);
}

export type RelayActionState = 'proposed' | 'approved' | 'rejected' | 'expired' | 'done' | 'failed';

export interface RelayActionOutcome {
  relay: string;
  ok: boolean;
  /** What happened, as a phrase; outcomes stored before they were phrases hold English text. */
  text: Phrase | string;
}

export interface RelayActionRequest {
  id: number;
  action: ControlAction;
  /** The relays it acts on (every configured relay when no --relay was given). */
  relays: string[];
  requester: string;
  reason: string | null;
  state: RelayActionState;
  createdAt: number;
  expiresAt: number;
  decidedBy: string | null;
  decidedAt: number | null;
  outcomes: RelayActionOutcome[];
  /** The approvals-channel message that shows it, once posted (kept across bot restarts). */
  message: MessageRef | null;
}

/** Actions that run at once. Default: none (every control action needs an approval). */
export function needsApproval(action: ControlAction, withoutApproval: ReadonlySet<string>): boolean {
  return !withoutApproval.has(action);
}

export type RelayDecision = 'approve' | 'reject';

export type RelayDecisionCheck = { allowed: true } | { allowed: false; problem: Phrase };

export function checkRelayDecision(input: {
  request: RelayActionRequest;
  actor: string;
  actorIsApprover: boolean;
  decision: RelayDecision;
  now: number;
}): RelayDecisionCheck {
  const { request, actor, decision, now } = input;
  const { id } = request;
  const action = phrase(`action.name.${request.action}`);
  if (request.state !== 'proposed') {
    const state = phrase(`action.state.${request.state}`);
    return {
      allowed: false,
      problem: request.decidedBy
        ? phrase('refusal.relayActionIsBy', { id, action, state, user: request.decidedBy })
        : phrase('refusal.relayActionIs', { id, action, state }),
    };
  }
  if (now >= request.expiresAt) {
    return {
      allowed: false,
      problem: phrase('refusal.relayActionExpired', { id, action, user: request.requester }),
    };
  }
  if (!input.actorIsApprover) {
    return { allowed: false, problem: phrase('refusal.notApproverOfRelayActions', { user: actor }) };
  }
  if (decision === 'approve' && actor === request.requester) {
    return { allowed: false, problem: phrase('refusal.relaySelfApproval', { id, action }) };
  }
  return { allowed: true };
}

export function decided(
  request: RelayActionRequest,
  decision: RelayDecision,
  actor: string,
  now: number,
): RelayActionRequest {
  return {
    ...request,
    state: decision === 'approve' ? 'approved' : 'rejected',
    decidedBy: actor,
    decidedAt: now,
  };
}

export function isRelayActionExpired(request: RelayActionRequest, now: number): boolean {
  return request.state === 'proposed' && now >= request.expiresAt;
}

export function expired(request: RelayActionRequest, now: number): RelayActionRequest {
  return { ...request, state: 'expired', decidedAt: now };
}

export function finished(request: RelayActionRequest, outcomes: RelayActionOutcome[]): RelayActionRequest {
  return { ...request, state: outcomes.every((o) => o.ok) ? 'done' : 'failed', outcomes };
}

/**
 * RELAY_ACTIONS_WITHOUT_APPROVAL: a comma list of control actions that run without approval.
 * "status" and "queue" are read-only and always allowed, so they are accepted and ignored here.
 */
export function parseWithoutApproval(
  text: string | undefined,
): { ok: true; actions: Set<ControlAction> } | { ok: false; error: string } {
  const actions = new Set<ControlAction>();
  for (const word of (text ?? '').split(/[\s,]+/).filter(Boolean)) {
    const lowered = word.toLowerCase();
    if (lowered === 'status' || lowered === 'queue') continue;
    if (!isControlAction(lowered)) {
      return {
        ok: false,
        error: `RELAY_ACTIONS_WITHOUT_APPROVAL: "${word}" is not a relay action: use any of ${CONTROL_ACTIONS.join(', ')} (seen: "${text}")`,
      };
    }
    actions.add(lowered);
  }
  return { ok: true, actions };
}
