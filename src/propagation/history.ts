// Reads a change request and its audit trail as the facts the propagation rules work on: when it was
// proposed, approved and applied (with the audit-log evidence), and every probe sent and seen.
import type { AuditEvidence, ExpectedChange } from '../domain/audit-evidence.ts';
import type { ChangeRequest } from '../domain/change-request.ts';
import { type DesiredState, routeOfChange } from '../domain/desired-state.ts';
import type { ChangeHistory, ProbeRecord, ProbeSighting } from '../domain/propagation.ts';
import type { AuditEntry } from '../store/repositories.ts';

/** Audit actions written by the propagation tracker (besides the change service's transitions). */
export const ACTION = {
  probeSent: 'probe-sent',
  probeSeen: 'probe-seen',
  evidence: 'audit-evidence',
} as const;

const DECIDED: ChangeRequest['state'][] = ['approved', 'applied', 'live', 'stalled'];

function evidenceIn(entries: readonly AuditEntry[]): AuditEvidence | undefined {
  for (const entry of entries) {
    const evidence = entry.details?.evidence;
    if (evidence && typeof evidence === 'object') return evidence as AuditEvidence;
  }
  return undefined;
}

function probesIn(entries: readonly AuditEntry[]): ProbeRecord[] {
  const byToken = new Map<string, ProbeRecord>();
  const oldestFirst = [...entries].sort((a, b) => a.id - b.id);
  for (const entry of oldestFirst) {
    const token = entry.details?.token;
    if (typeof token !== 'string') continue;
    if (entry.action === ACTION.probeSent) {
      const record: ProbeRecord = { token, sentAt: new Date(entry.at) };
      if (typeof entry.details?.gmailId === 'string') record.gmailId = entry.details.gmailId;
      if (typeof entry.details?.error === 'string') record.sendError = entry.details.error;
      byToken.set(token, record);
    } else if (entry.action === ACTION.probeSeen) {
      const record = byToken.get(token) ?? { token, sentAt: new Date(entry.at) };
      record.sighting = entry.details?.sighting as ProbeSighting;
      byToken.set(token, record);
    }
  }
  return [...byToken.values()];
}

/** `entries`: the audit entries of this change (any order). */
export function changeHistory(request: ChangeRequest, entries: readonly AuditEntry[]): ChangeHistory {
  const history: ChangeHistory = {
    proposedAt: new Date(request.createdAt),
    proposedBy: request.requester,
    probes: probesIn(entries),
  };
  if ((request.state === 'rejected' || request.state === 'expired') && request.decidedAt) {
    history.closed = { state: request.state, at: new Date(request.decidedAt) };
    if (request.decidedBy) history.closed.by = request.decidedBy;
    return history;
  }
  if (DECIDED.includes(request.state) && request.decidedAt) {
    history.approvedAt = new Date(request.decidedAt);
    if (request.decidedBy) history.approvedBy = request.decidedBy;
  }
  if (request.appliedAt) {
    const evidence = evidenceIn([...entries].sort((a, b) => b.id - a.id));
    // The window starts when the change was made: the audit event's time when known.
    const marked = Date.parse(request.appliedAt);
    const made = evidence ? Math.min(marked, Date.parse(evidence.at) || marked) : marked;
    history.applied = { at: new Date(made), verified: request.appliedVerified || evidence !== undefined };
    if (evidence) history.applied.evidence = evidence;
    if (request.appliedBy) history.applied.markedBy = request.appliedBy;
  }
  return history;
}

function hostOf(request: ChangeRequest, state: DesiredState): string | undefined {
  const change = request.change;
  if (change.kind === 'add-route') return change.route.host;
  const name = routeOfChange(request.change).toLowerCase();
  const current = state.routes.find((route) => route.name.toLowerCase() === name);
  if (current) return current.host;
  const before = request.diff.find((entry) => entry.field === 'host')?.before;
  return before ? before.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1') : undefined;
}

/** What the approved change should look like in the Admin console audit log. */
export function expectedChangeOf(
  request: ChangeRequest,
  state: DesiredState,
  actorEmails: string[],
): ExpectedChange | undefined {
  if (!request.decidedAt) return undefined;
  const kind = request.change.kind;
  const action =
    kind === 'set-option'
      ? 'update-route'
      : kind === 'add-route' || kind === 'remove-route'
        ? kind
        : 'use-route';
  const expected: ExpectedChange = {
    action,
    routeName: routeOfChange(request.change),
    actors: actorEmails,
    approvedAt: new Date(request.decidedAt),
  };
  const host = action === 'use-route' ? undefined : hostOf(request, state);
  if (host) expected.host = host;
  return expected;
}

/** Probes prove mail flows through a route, so only changes to the route the routing setting uses get them. */
export function probesApply(request: ChangeRequest, state: DesiredState): boolean {
  if (request.change.kind === 'use-route') return true;
  if (request.change.kind === 'remove-route') return false;
  const routed = state.routing?.route.toLowerCase();
  return routed !== undefined && routed === routeOfChange(request.change).toLowerCase();
}
