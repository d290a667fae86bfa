// The application service around change requests: it runs the domain rules, the TLS pre-flight and the
// store in the right order, and tells hooks about every transition. No Slack here.

import { checkDecision, expiryTime } from '../domain/approval-policy.ts';
import {
  alreadyDecided,
  type ChangeEvent,
  type ChangeRequest,
  type ChangeState,
  isExpired,
  newProposal,
  predictsBounce,
  transition,
} from '../domain/change-request.ts';
import { type Change, type DesiredState, describeChange, planChange } from '../domain/desired-state.ts';
import type { Route } from '../domain/route.ts';
import { list, type Phrase, phrase } from '../i18n/phrase.ts';
import type { AuditEntry, Store } from '../store/repositories.ts';
import type { Authorizer } from './authorizer.ts';
import { runPreflight, type TlsTester } from './tls-preflight.ts';

export interface TransitionNotice {
  request: ChangeRequest;
  from: ChangeState | null;
  to: ChangeState;
  actor: string;
  at: Date;
}

/** Called after every stored transition (and after a proposal is created, with from = null). */
export type TransitionHook = (notice: TransitionNotice) => void | Promise<void>;

export type ProposeResult =
  | { ok: true; request: ChangeRequest }
  /** forbidden: the authorizer's reason; invalid: what is wrong. */
  | { ok: false; reason: 'forbidden' | 'invalid'; errors: Phrase[] };

export type DecisionResult =
  | { ok: true; request: ChangeRequest }
  | { ok: false; reason: string; problem: Phrase };

export interface ChangeServiceOptions {
  store: Store;
  tls: TlsTester;
  authorizer: Authorizer;
  now: () => Date;
  ttlHours: number;
  onError?: (error: unknown, context: string) => void;
}

export const SYSTEM_ACTOR = 'system';

export class ChangeService {
  private readonly hooks: TransitionHook[] = [];

  constructor(private readonly options: ChangeServiceOptions) {}

  onTransition(hook: TransitionHook): void {
    this.hooks.push(hook);
  }

  get authorizer(): Authorizer {
    return this.options.authorizer;
  }

  desiredState(): Promise<DesiredState> {
    return this.options.store.desiredState.load();
  }

  get(id: number): Promise<ChangeRequest | undefined> {
    return this.options.store.changes.get(id);
  }

  async pending(): Promise<ChangeRequest[]> {
    await this.expireDue();
    return this.options.store.changes.list({ states: ['proposed'] });
  }

  recent(limit: number): Promise<ChangeRequest[]> {
    return this.options.store.changes.list({ limit });
  }

  audit(limit: number, changeId?: number): Promise<AuditEntry[]> {
    return this.options.store.audit.list({ limit, changeId });
  }

  testTls(route: Route) {
    return runPreflight(this.options.tls, route, this.options.now);
  }

  async propose(actor: string, change: Change, reason: string | null = null): Promise<ProposeResult> {
    const permission = await this.options.authorizer.mayPropose(actor);
    if (!permission.allowed) return { ok: false, reason: 'forbidden', errors: [permission.reason] };
    const state = await this.desiredState();
    const plan = planChange(state, change);
    if (!plan.ok) return { ok: false, reason: 'invalid', errors: plan.errors };
    const preflight = plan.affectedRoute ? await this.testTls(plan.affectedRoute) : null;
    const now = this.options.now();
    const request = await this.options.store.changes.create(
      newProposal({
        change,
        diff: plan.diff,
        requester: actor,
        reason,
        createdAt: now.toISOString(),
        expiresAt: expiryTime(now, this.options.ttlHours).toISOString(),
        preflight,
      }),
      {
        at: now.toISOString(),
        actor,
        action: 'proposed',
        fromState: null,
        toState: 'proposed',
        reason,
        details: { change: describeChange(change), preflight: preflight?.verdict ?? 'none' },
      },
    );
    await this.notify({ request, from: null, to: 'proposed', actor, at: now });
    return { ok: true, request };
  }

  async approve(id: number, actor: string, options: { acknowledgeBounce: boolean }): Promise<DecisionResult> {
    return this.decide(id, actor, 'approve', options.acknowledgeBounce);
  }

  async reject(id: number, actor: string, reason?: string): Promise<DecisionResult> {
    return this.decide(id, actor, 'reject', false, reason);
  }

  /** "Done in the console" (verified = false) or, from the Workspace side, confirmed by the audit log. */
  async markApplied(
    id: number,
    actor: string,
    evidence: { verified: boolean; details?: Record<string, unknown> } = { verified: false },
  ): Promise<DecisionResult> {
    if (!evidence.verified && actor !== SYSTEM_ACTOR) {
      const permission = await this.options.authorizer.mayApprove(actor);
      if (!permission.allowed) return { ok: false, reason: 'forbidden', problem: permission.reason };
    }
    return this.apply(
      id,
      actor,
      { type: 'mark-applied', actor, verified: evidence.verified },
      evidence.details,
    );
  }

  markLive(id: number, details?: Record<string, unknown>): Promise<DecisionResult> {
    return this.apply(id, SYSTEM_ACTOR, { type: 'mark-live' }, details);
  }

  markStalled(id: number, details?: Record<string, unknown>): Promise<DecisionResult> {
    return this.apply(id, SYSTEM_ACTOR, { type: 'mark-stalled' }, details);
  }

  /** Moves every proposal past its TTL to "expired"; returns those it moved. */
  async expireDue(): Promise<ChangeRequest[]> {
    const now = this.options.now();
    const due = (await this.options.store.changes.list({ states: ['proposed'], limit: 1000 })).filter((r) =>
      isExpired(r, now),
    );
    const expired: ChangeRequest[] = [];
    for (const request of due) {
      const result = await this.apply(request.id, SYSTEM_ACTOR, { type: 'expire' }, undefined, 'TTL reached');
      if (result.ok) expired.push(result.request);
    }
    return expired;
  }

  setApprovalMessage(id: number, channel: string, ts: string): Promise<void> {
    return this.options.store.changes.setApprovalMessage(id, { channel, ts });
  }

  private async decide(
    id: number,
    actor: string,
    decision: 'approve' | 'reject',
    acknowledgeBounce: boolean,
    reason?: string,
  ): Promise<DecisionResult> {
    // A lost race on the desired state's version (another change approved meanwhile) is retried.
    for (let attempt = 0; attempt < 3; attempt++) {
      const request = await this.get(id);
      if (!request) return { ok: false, reason: 'not-found', problem: phrase('refusal.noChange', { id }) };
      const now = this.options.now();
      // checkDecision below then reports the expiry to the person who clicked.
      if (isExpired(request, now)) {
        await this.apply(id, SYSTEM_ACTOR, { type: 'expire' }, undefined, 'TTL reached');
      }
      const permission = await this.options.authorizer.mayApprove(actor);
      const policy = checkDecision({
        request,
        actor,
        actorIsApprover: permission.allowed,
        ...(permission.allowed ? {} : { notApproverBecause: permission.reason }),
        now,
        decision,
        acknowledgeBounce,
      });
      if (!policy.allowed) return { ok: false, reason: policy.reason, problem: policy.problem };

      // "Approve anyway" is recorded only where there was a bounce to acknowledge.
      const acknowledged = acknowledgeBounce && predictsBounce(request);
      const event: ChangeEvent =
        decision === 'approve'
          ? { type: 'approve', actor, acknowledgeBounce: acknowledged }
          : { type: 'reject', actor, reason };
      const moved = transition(request, event, now);
      if (!moved.ok) return { ok: false, reason: 'state', problem: moved.error };

      let desiredState: { expectedVersion: number; next: DesiredState } | undefined;
      if (decision === 'approve') {
        const state = await this.desiredState();
        const plan = planChange(state, request.change);
        if (!plan.ok) {
          return {
            ok: false,
            reason: 'conflict',
            problem: phrase('refusal.conflict', { id, problems: list(plan.errors, 'parts') }),
          };
        }
        desiredState = { expectedVersion: state.version, next: plan.next };
      }
      const stored = await this.options.store.changes.transition({
        id,
        from: request.state,
        next: moved.next,
        desiredState,
        // The store refuses the decision once the TTL has passed, even if this read was before it.
        unexpiredAt: now.toISOString(),
        audit: {
          at: now.toISOString(),
          actor,
          changeId: id,
          action: decision === 'approve' ? (acknowledged ? 'approved-anyway' : 'approved') : 'rejected',
          fromState: request.state,
          toState: moved.next.state,
          reason: reason ?? null,
          details:
            decision === 'approve'
              ? { preflight: request.preflight?.verdict ?? 'none', acknowledgeBounce: acknowledged }
              : null,
        },
      });
      if (stored) {
        await this.notify({ request: moved.next, from: request.state, to: moved.next.state, actor, at: now });
        return { ok: true, request: moved.next };
      }
      const latest = await this.get(id);
      if (latest && latest.state !== 'proposed') {
        return { ok: false, reason: 'not-proposed', problem: alreadyDecided(latest) };
      }
    }
    return {
      ok: false,
      reason: 'busy',
      problem: phrase('refusal.busy', { id }),
    };
  }

  private async apply(
    id: number,
    actor: string,
    event: ChangeEvent,
    details?: Record<string, unknown>,
    reason?: string,
  ): Promise<DecisionResult> {
    const request = await this.get(id);
    if (!request) return { ok: false, reason: 'not-found', problem: phrase('refusal.noChange', { id }) };
    const now = this.options.now();
    const moved = transition(request, event, now);
    if (!moved.ok) return { ok: false, reason: 'state', problem: moved.error };
    const verified = event.type === 'mark-applied' ? { verified: event.verified } : {};
    const stored = await this.options.store.changes.transition({
      id,
      from: request.state,
      next: moved.next,
      audit: {
        at: now.toISOString(),
        actor,
        changeId: id,
        action: event.type === 'expire' ? 'expired' : event.type.replace('mark-', ''),
        fromState: request.state,
        toState: moved.next.state,
        reason: reason ?? null,
        details: details || event.type === 'mark-applied' ? { ...verified, ...details } : null,
      },
    });
    if (!stored) return { ok: false, reason: 'race', problem: phrase('refusal.changedMeanwhile', { id }) };
    await this.notify({ request: moved.next, from: request.state, to: moved.next.state, actor, at: now });
    return { ok: true, request: moved.next };
  }

  private async notify(notice: TransitionNotice): Promise<void> {
    for (const hook of this.hooks) {
      try {
        await hook(notice);
      } catch (error) {
        this.options.onError?.(error, `after change #${notice.request.id} became ${notice.to}`);
      }
    }
  }
}
