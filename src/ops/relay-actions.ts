// Relay control actions from Slack: run at once when configured so, otherwise proposed for approval by
// a second admin (same approvers, TTL and audit table as route changes), then executed on the relays.
// Requests are stored (RelayActionRepository), so a pending one survives a bot restart; deciding is a
// compare-and-set on the stored state, so two approvers at once give one decision and one run.
import type { Authorizer } from '../changes/authorizer.ts';
import {
  type ControlAction,
  checkRelayDecision,
  decided,
  expired,
  finished,
  isRelayActionExpired,
  needsApproval,
  type RelayActionOutcome,
  type RelayActionRequest,
  type RelayDecision,
} from '../domain/ops/relay-action.ts';
import type { GatewayClient } from '../gateway-client/client.ts';
import type { GatewayFleet } from '../gateway-client/fleet.ts';
import { list, type Phrase, phrase, raw } from '../i18n/phrase.ts';
import { PhraseError } from '../i18n/phrase-error.ts';
import type { AuditInput, AuditRepository, RelayActionRepository } from '../store/repositories.ts';
import type { RelaySupervisor } from './relay-supervisor.ts';

export interface ManagedRelay {
  /** The fleet name of the relay the bot runs as a child process. */
  name: string;
  supervisor: RelaySupervisor;
}

export interface RelayActionServiceOptions {
  fleet: GatewayFleet;
  authorizer: Authorizer;
  audit: AuditRepository;
  requests: RelayActionRepository;
  ttlHours: number;
  withoutApproval: ReadonlySet<string>;
  managed?: ManagedRelay;
  now: () => number;
  /** How long a restarted relay may take to answer its control API again. */
  restartReadyTimeoutMs?: number;
}

export type RequestResult =
  | { type: 'done'; action: ControlAction; outcomes: RelayActionOutcome[] }
  | { type: 'proposed'; request: RelayActionRequest }
  | { type: 'refused'; problem: Phrase };

export type DecideResult = { ok: true; request: RelayActionRequest } | { ok: false; problem: Phrase };

function safeMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The refusal for a relay name the fleet does not have, naming the ones it has. */
export function unknownRelay(fleet: GatewayFleet, relay: string | undefined): Phrase | undefined {
  if (relay === undefined || fleet.names.includes(relay)) return undefined;
  return phrase('usage.unknownRelay', { name: relay, known: list(fleet.names.map(raw)) });
}

export type RelayActionHook = (request: RelayActionRequest) => void | Promise<void>;

export class RelayActionService {
  private readonly hooks: RelayActionHook[] = [];

  constructor(private readonly options: RelayActionServiceOptions) {}

  onChange(hook: RelayActionHook): void {
    this.hooks.push(hook);
  }

  get(id: number): Promise<RelayActionRequest | undefined> {
    return this.options.requests.get(id);
  }

  /** Requests waiting for a decision (overdue ones are expired first). */
  async pending(): Promise<RelayActionRequest[]> {
    await this.expireDue();
    return this.options.requests.list({ states: ['proposed'] });
  }

  /** Moves every request past its TTL to "expired" (and updates its message); returns those it moved. */
  async expireDue(): Promise<RelayActionRequest[]> {
    const now = this.options.now();
    const due = (await this.options.requests.list({ states: ['proposed'], limit: 1000 })).filter((r) =>
      isRelayActionExpired(r, now),
    );
    const moved: RelayActionRequest[] = [];
    for (const request of due) {
      const result = await this.expire(request, now);
      if (result) moved.push(result);
    }
    return moved;
  }

  setMessage(id: number, channel: string, ts: string): Promise<void> {
    return this.options.requests.setMessage(id, { channel, ts });
  }

  needsApproval(action: ControlAction): boolean {
    return needsApproval(action, this.options.withoutApproval);
  }

  /** Throws (with the known names) for an unknown relay name. */
  relayNames(relay?: string): string[] {
    return this.options.fleet.select(relay).map((c) => c.name);
  }

  async request(
    actor: string,
    action: ControlAction,
    relay?: string,
    reason?: string,
  ): Promise<RequestResult> {
    const unknown = unknownRelay(this.options.fleet, relay);
    if (unknown) return { type: 'refused', problem: unknown };
    const relays = this.relayNames(relay);
    if (relays.length === 0) return { type: 'refused', problem: phrase('refusal.noRelayConfigured') };
    const permission = await this.options.authorizer.mayPropose(actor);
    if (!permission.allowed) return { type: 'refused', problem: permission.reason };
    const now = this.options.now();
    if (!this.needsApproval(action)) {
      await this.options.audit.append(
        this.auditEntry(actor, 'relay-action-run', null, 'done', { action, relays }),
      );
      const outcomes = await this.execute(action, relays);
      await this.options.audit.append(
        this.auditEntry(actor, 'relay-action-result', null, null, { action, relays, outcomes }),
      );
      return { type: 'done', action, outcomes };
    }
    const request = await this.options.requests.create(
      {
        action,
        relays,
        requester: actor,
        reason: reason ?? null,
        state: 'proposed',
        createdAt: now,
        expiresAt: now + this.options.ttlHours * 3_600_000,
        decidedBy: null,
        decidedAt: null,
        outcomes: [],
      },
      (id) => this.auditEntry(actor, 'relay-action-proposed', null, 'proposed', { id, action, relays }),
    );
    await this.notify(request);
    return { type: 'proposed', request };
  }

  async decide(id: number, actor: string, decision: RelayDecision): Promise<DecideResult> {
    const request = await this.options.requests.get(id);
    if (!request) return { ok: false, problem: phrase('refusal.noRelayAction', { id }) };
    const permission = await this.options.authorizer.mayApprove(actor);
    const now = this.options.now();
    // checkRelayDecision below then tells the person who clicked that it expired.
    if (isRelayActionExpired(request, now)) await this.expire(request, now);
    const check = checkRelayDecision({
      request,
      actor,
      actorIsApprover: permission.allowed,
      decision,
      now,
    });
    if (!check.allowed) return { ok: false, problem: check.problem };

    const next = decided(request, decision, actor, now);
    const stored = await this.options.requests.transition({
      id,
      from: 'proposed',
      next,
      unexpiredAt: now,
      audit: this.auditEntry(
        actor,
        decision === 'approve' ? 'relay-action-approved' : 'relay-action-rejected',
        'proposed',
        next.state,
        { id, action: next.action, relays: next.relays },
      ),
    });
    if (!stored) {
      // Another approver (or the expiry) got there first: say what happened instead.
      const latest = (await this.options.requests.get(id)) ?? request;
      const lost = checkRelayDecision({ request: latest, actor, actorIsApprover: true, decision, now });
      return {
        ok: false,
        problem: lost.allowed ? phrase('refusal.relayActionChanged', { id }) : lost.problem,
      };
    }
    await this.notify(next);
    if (decision === 'reject') return { ok: true, request: next };

    const outcomes = await this.execute(next.action, next.relays);
    const done = finished(next, outcomes);
    await this.options.requests.transition({
      id,
      from: 'approved',
      next: done,
      audit: this.auditEntry('system', 'relay-action-result', 'approved', done.state, {
        id,
        action: done.action,
        outcomes,
      }),
    });
    await this.notify(done);
    return { ok: true, request: done };
  }

  private async expire(request: RelayActionRequest, now: number): Promise<RelayActionRequest | undefined> {
    const next = expired(request, now);
    const stored = await this.options.requests.transition({
      id: request.id,
      from: 'proposed',
      next,
      audit: this.auditEntry('system', 'relay-action-expired', 'proposed', 'expired', {
        id: request.id,
        action: request.action,
      }),
    });
    if (!stored) return undefined;
    await this.notify(next);
    return next;
  }

  /** Runs an action on each relay; never throws: each relay gets an outcome. */
  async execute(action: ControlAction, relays: string[]): Promise<RelayActionOutcome[]> {
    return Promise.all(
      relays.map(async (name) => {
        const [client] = this.options.fleet.select(name);
        try {
          return { relay: name, ok: true, text: await this.run(action, client as GatewayClient) };
        } catch (error) {
          const text = error instanceof PhraseError ? error.problem : raw(safeMessage(error));
          return { relay: name, ok: false, text };
        }
      }),
    );
  }

  private async run(action: ControlAction, client: GatewayClient): Promise<Phrase> {
    switch (action) {
      case 'pause': {
        await client.pause('paused from Slack');
        return phrase('action.outcome.paused');
      }
      case 'resume':
        await client.resume();
        return phrase('action.outcome.resumed');
      case 'flush': {
        const result = await client.flush();
        return phrase('action.outcome.flushed', { count: result.flushed });
      }
      case 'reload': {
        const result = await client.reload();
        const keys = result.restartRequired;
        const restart = keys.length
          ? phrase('action.outcome.restartKeys', { keys: list(keys.map(raw)) })
          : raw('');
        return phrase('action.outcome.reloaded', { count: result.allowlist.size, restart });
      }
      case 'restart':
        return this.restart(client);
    }
  }

  private async restart(client: GatewayClient): Promise<Phrase> {
    const managed = this.options.managed;
    if (!managed || managed.name !== client.name) {
      throw new PhraseError(phrase('action.outcome.notManaged', { relay: client.name }));
    }
    const before = managed.supervisor.pid;
    const started = this.options.now();
    const after = await managed.supervisor.restart();
    const deadline = Date.now() + (this.options.restartReadyTimeoutMs ?? 30_000);
    for (;;) {
      try {
        await client.healthz();
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new PhraseError(
            phrase('action.outcome.restartedSilent', {
              before: String(before ?? '?'),
              after: String(after ?? '?'),
              error: raw(safeMessage(error)),
            }),
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    const seconds = ((this.options.now() - started) / 1000).toFixed(1);
    return phrase('action.outcome.restarted', {
      before: String(before ?? '?'),
      after: String(after ?? '?'),
      seconds,
    });
  }

  private auditEntry(
    actor: string,
    action: string,
    fromState: string | null,
    toState: string | null,
    details: Record<string, unknown>,
  ): AuditInput {
    return {
      at: new Date(this.options.now()).toISOString(),
      actor,
      changeId: null,
      action,
      fromState,
      toState,
      reason: null,
      details,
    };
  }

  private async notify(request: RelayActionRequest): Promise<void> {
    for (const hook of this.hooks) {
      try {
        await hook(request);
      } catch {
        // A failed Slack update must not undo the action; the publisher logs its own errors.
      }
    }
  }
}
