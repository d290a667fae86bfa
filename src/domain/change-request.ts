// The change request and its state machine:
//   proposed -approve-> approved -console steps done-> applied -probe seen-> live
//   proposed -reject-> rejected;  proposed -ttl-> expired;  applied -24 h, no probe-> stalled -probe-> live
import { type Phrase, phrase } from '../i18n/phrase.ts';
import type { TlsMessage } from '../tls/messages.ts';
import type { Change, DiffEntry } from './desired-state.ts';

export type ChangeState = 'proposed' | 'approved' | 'rejected' | 'expired' | 'applied' | 'live' | 'stalled';

/**
 * A sentence of the TLS pre-flight: a code with its facts, worded for each reader by the catalogue;
 * or English text, in pre-flights stored before the test spoke in codes.
 */
export type PreflightText = TlsMessage | string;

/** The TLS pre-flight as recorded on a proposal. "error" means the test itself could not run. */
export interface PreflightRecord {
  verdict: 'deliver' | 'bounce' | 'error';
  summary: PreflightText;
  causes: { option: string; message: PreflightText }[];
  remedies: PreflightText[];
  ranAt: string;
}

export interface MessageRef {
  channel: string;
  ts: string;
}

export interface ChangeRequest {
  id: number;
  change: Change;
  /** The diff against the desired state when the change was proposed. */
  diff: DiffEntry[];
  requester: string;
  reason: string | null;
  state: ChangeState;
  createdAt: string;
  expiresAt: string;
  preflight: PreflightRecord | null;
  decidedBy: string | null;
  decidedAt: string | null;
  /** The approver confirmed "approve anyway" on a pre-flight that predicts bounces. */
  bounceAcknowledged: boolean;
  appliedBy: string | null;
  appliedAt: string | null;
  /** false while the only evidence is a person saying so; true once Google's audit log confirms it. */
  appliedVerified: boolean;
  liveAt: string | null;
  stalledAt: string | null;
  approvalMessage: MessageRef | null;
}

/** A change request as first proposed: nothing decided, applied or observed yet; the store gives the id. */
export function newProposal(
  fields: Pick<
    ChangeRequest,
    'change' | 'diff' | 'requester' | 'reason' | 'createdAt' | 'expiresAt' | 'preflight'
  >,
): Omit<ChangeRequest, 'id'> {
  return {
    ...fields,
    state: 'proposed',
    decidedBy: null,
    decidedAt: null,
    bounceAcknowledged: false,
    appliedBy: null,
    appliedAt: null,
    appliedVerified: false,
    liveAt: null,
    stalledAt: null,
    approvalMessage: null,
  };
}

export type ChangeEvent =
  | { type: 'approve'; actor: string; acknowledgeBounce: boolean }
  | { type: 'reject'; actor: string; reason?: string }
  | { type: 'expire' }
  | { type: 'mark-applied'; actor: string; verified: boolean }
  | { type: 'mark-live' }
  | { type: 'mark-stalled' };

export type TransitionResult = { ok: true; next: ChangeRequest } | { ok: false; error: Phrase };

const ALLOWED: Record<ChangeEvent['type'], ChangeState[]> = {
  approve: ['proposed'],
  reject: ['proposed'],
  expire: ['proposed'],
  // applied -> applied upgrades "unverified" to verified when the audit log confirms it.
  'mark-applied': ['approved', 'applied'],
  'mark-live': ['applied', 'stalled'],
  'mark-stalled': ['applied'],
};

export function isFinal(state: ChangeState): boolean {
  return state === 'rejected' || state === 'expired' || state === 'live';
}

export function isExpired(request: ChangeRequest, now: Date): boolean {
  return request.state === 'proposed' && now.getTime() >= Date.parse(request.expiresAt);
}

export function predictsBounce(request: ChangeRequest): boolean {
  return request.preflight?.verdict === 'bounce';
}

/** Applies one event to a change request; refuses events its current state does not allow. */
export function transition(request: ChangeRequest, event: ChangeEvent, now: Date): TransitionResult {
  if (!ALLOWED[event.type].includes(request.state)) {
    return { ok: false, error: stateError(request, event.type) };
  }
  const at = now.toISOString();
  switch (event.type) {
    case 'approve':
      return {
        ok: true,
        next: {
          ...request,
          state: 'approved',
          decidedBy: event.actor,
          decidedAt: at,
          bounceAcknowledged: event.acknowledgeBounce,
        },
      };
    case 'reject':
      return { ok: true, next: { ...request, state: 'rejected', decidedBy: event.actor, decidedAt: at } };
    case 'expire':
      return { ok: true, next: { ...request, state: 'expired', decidedAt: at } };
    case 'mark-applied':
      if (request.state === 'applied' && (request.appliedVerified || !event.verified)) {
        return { ok: false, error: phrase('refusal.alreadyApplied', { id: request.id }) };
      }
      return {
        ok: true,
        next: {
          ...request,
          state: 'applied',
          appliedBy: request.appliedBy ?? event.actor,
          appliedAt: request.appliedAt ?? at,
          appliedVerified: event.verified,
        },
      };
    case 'mark-live':
      return { ok: true, next: { ...request, state: 'live', liveAt: at } };
    case 'mark-stalled':
      return { ok: true, next: { ...request, state: 'stalled', stalledAt: at } };
  }
}

function stateError(request: ChangeRequest, event: ChangeEvent['type']): Phrase {
  switch (request.state) {
    case 'approved':
    case 'applied':
    case 'live':
    case 'stalled':
      if (event === 'approve' || event === 'reject') return alreadyDecided(request, 'approved');
      break;
    case 'rejected':
    case 'expired':
      return alreadyDecided(request);
    case 'proposed':
      return phrase('refusal.notApprovedYet', { id: request.id });
  }
  return phrase('refusal.cannotNow', { id: request.id, state: phrase(`audit.state.${request.state}`) });
}

/** "Change #N is already STATE (by whom)": a decision came first. */
export function alreadyDecided(request: ChangeRequest, state: ChangeState = request.state): Phrase {
  const shown = phrase(`audit.state.${state}`);
  return request.decidedBy
    ? phrase('refusal.changeIsBy', { id: request.id, state: shown, user: request.decidedBy })
    : phrase('refusal.changeIs', { id: request.id, state: shown });
}
