// Follows approved changes until they are proven: polls the Admin console audit log (backing off,
// respecting quota errors) until an event confirms the change, sends probes through Gmail while it
// propagates, asks the relay whether they arrived, and moves the change to live or stalled.
// One `tick()` does one round; the bot calls it on a timer, tests call it with the time they choose.

import type { ChangeService } from '../changes/change-service.ts';
import { SYSTEM_ACTOR } from '../changes/change-service.ts';
import { type AuditEvidence, matchAuditEvents, type NearMiss } from '../domain/audit-evidence.ts';
import type { ChangeRequest } from '../domain/change-request.ts';
import { type DesiredState, routeOfChange } from '../domain/desired-state.ts';
import {
  auditPollDelayMs,
  auditPollingOver,
  type ProbeSighting,
  probeDue,
  propagationTimeline,
  stalledTroubleshooting,
} from '../domain/propagation.ts';
import { type Phrase, phrase, raw } from '../i18n/phrase.ts';
import { PhraseError } from '../i18n/phrase-error.ts';
import type { AuditRepository } from '../store/repositories.ts';
import type { AuditLog } from '../workspace/audit-log.ts';
import type { GmailProbe } from '../workspace/gmail-probe.ts';
import { describeGoogleFailure, GoogleApiError, type GoogleFailure } from '../workspace/google-errors.ts';
import { newProbeToken } from '../workspace/probe-message.ts';
import { ACTION, changeHistory, expectedChangeOf, probesApply } from './history.ts';
import type { RelayProbeClient } from './relay-probes.ts';

export type TrackerEvent =
  | { type: 'applied'; request: ChangeRequest; evidence: AuditEvidence }
  | { type: 'near-misses'; request: ChangeRequest; nearMisses: NearMiss[] }
  | { type: 'live'; request: ChangeRequest; token: string; sighting: ProbeSighting }
  | { type: 'stalled'; request: ChangeRequest; troubleshooting: Phrase[] }
  | { type: 'failure'; request?: ChangeRequest; what: Phrase; failure?: GoogleFailure };

export interface TrackerOptions {
  changes: Pick<
    ChangeService,
    'get' | 'recent' | 'audit' | 'desiredState' | 'markApplied' | 'markLive' | 'markStalled'
  >;
  auditTrail: Pick<AuditRepository, 'append'>;
  auditLog?: Pick<AuditLog, 'adminEvents'>;
  gmail?: Pick<GmailProbe, 'send'>;
  relay?: Pick<RelayProbeClient, 'lookup'>;
  /** PROBE_RECIPIENT */
  probeRecipient?: string;
  /** Emails of Slack users (Slack users.info), to expect the approver or requester as the audit actor. */
  emailOf?: (slackUserId: string) => Promise<string | undefined>;
  now: () => Date;
  /** Between scheduled probes while a change propagates. */
  probeIntervalMs?: number;
  notify?: (event: TrackerEvent) => Promise<void> | void;
  onError?: (error: unknown, context: string) => void;
}

export interface ProbeResult {
  token: string;
  request?: ChangeRequest;
  error?: Phrase;
}

interface Schedule {
  attempt: number;
  nextPollAt: number;
  nearMissKey?: string;
  failureKey?: string;
}

const ACTIVE: ChangeRequest['state'][] = ['approved', 'applied', 'stalled'];
const LOOKUP_WINDOW_MS = 26 * 60 * 60_000;
const MAX_LOOKUPS = 30;

function sightingFact(sighting: {
  seenAt: string;
  clientIp: string;
  tls: ProbeSighting['tls'];
  dkim: { result: string; domain?: string };
}): ProbeSighting {
  return {
    seenAt: sighting.seenAt,
    clientIp: sighting.clientIp,
    tls: sighting.tls,
    dkim: sighting.dkim.domain ? `${sighting.dkim.result} (${sighting.dkim.domain})` : sighting.dkim.result,
  };
}

export class PropagationTracker {
  readonly #schedules = new Map<number, Schedule>();
  #running: Promise<void> | undefined;

  constructor(private readonly options: TrackerOptions) {}

  /** After an approval: look in the audit log from the next round on, with a fresh backoff. */
  watch(changeId: number): void {
    this.#schedules.set(changeId, { attempt: 0, nextPollAt: 0 });
  }

  /** One round over every change still waiting for evidence. Overlapping calls share one round. */
  tick(): Promise<void> {
    this.#running ??= this.#round().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Resolves when the round in progress (if any) has finished. */
  async settled(): Promise<void> {
    await this.#running?.catch(() => undefined);
  }

  async #round(): Promise<void> {
    const recent = await this.options.changes.recent(200);
    const state = await this.options.changes.desiredState();
    for (const request of recent.filter((r) => ACTIVE.includes(r.state))) {
      try {
        await this.#advance(request, state);
      } catch (error) {
        this.options.onError?.(error, `tracking change #${request.id}`);
      }
    }
  }

  async #advance(initial: ChangeRequest, state: DesiredState): Promise<void> {
    let request = initial;
    if (!request.appliedVerified) {
      request = (await this.#confirmFromAuditLog(request, state)) ?? request;
    }
    if (!probesApply(request, state) || !this.options.gmail || !this.options.relay) return;
    const now = this.options.now();
    let entries = await this.options.changes.audit(500, request.id);
    // Probes not seen within a day are not asked about again (Gmail would have bounced them by then).
    const unseen = changeHistory(request, entries)
      .probes.filter((probe) => !probe.sighting && !probe.sendError)
      .filter((probe) => now.getTime() - probe.sentAt.getTime() <= LOOKUP_WINDOW_MS)
      .slice(-MAX_LOOKUPS);
    let sawOne = false;
    for (const probe of unseen) sawOne = (await this.#lookUp(request, probe.token)) || sawOne;
    if (sawOne) entries = await this.options.changes.audit(500, request.id);
    const history = changeHistory(request, entries);
    const timeline = propagationTimeline(history, now);
    if (timeline.state === 'live' && timeline.liveProbe?.sighting) {
      await this.#markLive(request, timeline.liveProbe.token, timeline.liveProbe.sighting);
      return;
    }
    if (timeline.state === 'stalled' && request.state === 'applied') {
      const route = state.routes.find(
        (r) => r.name.toLowerCase() === routeOfChange(request.change).toLowerCase(),
      );
      const troubleshooting = stalledTroubleshooting(
        route ?? { name: routeOfChange(request.change), host: '(unknown host)', port: 25 },
      );
      const moved = await this.options.changes.markStalled(request.id, { troubleshooting });
      if (moved.ok) await this.options.notify?.({ type: 'stalled', request: moved.request, troubleshooting });
    }
    if (probeDue(history, now, this.options.probeIntervalMs ?? 60 * 60_000)) await this.#sendProbe(request);
  }

  async #confirmFromAuditLog(
    request: ChangeRequest,
    state: DesiredState,
  ): Promise<ChangeRequest | undefined> {
    const auditLog = this.options.auditLog;
    if (!auditLog || !request.decidedAt) return undefined;
    const now = this.options.now();
    const approvedAt = new Date(request.decidedAt);
    if (auditPollingOver(approvedAt, now)) return undefined;
    const schedule = this.#schedules.get(request.id) ?? { attempt: 0, nextPollAt: 0 };
    this.#schedules.set(request.id, schedule);
    if (now.getTime() < schedule.nextPollAt) return undefined;
    const emails = await this.#actorEmails(request);
    const expected = expectedChangeOf(request, state, emails);
    if (!expected) return undefined;
    schedule.attempt += 1;
    let events: Awaited<ReturnType<typeof auditLog.adminEvents>>;
    try {
      events = await auditLog.adminEvents(approvedAt, now);
    } catch (error) {
      if (!(error instanceof GoogleApiError)) throw error;
      const failure = error.failure;
      schedule.nextPollAt =
        now.getTime() + Math.max(auditPollDelayMs(schedule.attempt), failure.retryAfterMs ?? 0);
      if (schedule.failureKey !== failure.kind) {
        schedule.failureKey = failure.kind;
        await this.options.notify?.({
          type: 'failure',
          request,
          what: phrase('tracker.auditUnread', {
            id: request.id,
            failure: describeGoogleFailure(failure),
          }),
          failure,
        });
      }
      return undefined;
    }
    schedule.failureKey = undefined;
    const match = matchAuditEvents(expected, events);
    if (!match.matched) {
      schedule.nextPollAt = now.getTime() + auditPollDelayMs(schedule.attempt);
      const key = match.nearMisses.map((miss) => miss.evidence.eventId).join();
      if (match.nearMisses.length > 0 && key !== schedule.nearMissKey) {
        schedule.nearMissKey = key;
        await this.options.notify?.({ type: 'near-misses', request, nearMisses: match.nearMisses });
      }
      return undefined;
    }
    this.#schedules.delete(request.id);
    const details = { evidence: match.evidence };
    if (request.state === 'stalled') {
      // The state machine has no way back to "applied"; the evidence still goes on the record.
      await this.#append(request.id, ACTION.evidence, details);
      await this.options.notify?.({ type: 'applied', request, evidence: match.evidence });
      return undefined;
    }
    const moved = await this.options.changes.markApplied(request.id, SYSTEM_ACTOR, {
      verified: true,
      details,
    });
    if (!moved.ok) return undefined;
    await this.options.notify?.({ type: 'applied', request: moved.request, evidence: match.evidence });
    return moved.request;
  }

  async #actorEmails(request: ChangeRequest): Promise<string[]> {
    const lookup = this.options.emailOf;
    if (!lookup) return [];
    const ids = [request.decidedBy, request.requester].filter((id): id is string => Boolean(id));
    const emails: string[] = [];
    for (const id of ids) {
      try {
        const email = await lookup(id);
        // Without every email the actor check would refuse a legitimate change: then accept any admin.
        if (!email) return [];
        emails.push(email);
      } catch {
        return [];
      }
    }
    return emails;
  }

  async #lookUp(request: ChangeRequest, token: string): Promise<boolean> {
    try {
      const sighting = await this.options.relay?.lookup(token);
      if (!sighting) return false;
      await this.#append(request.id, ACTION.probeSeen, { token, sighting: sightingFact(sighting) });
      return true;
    } catch (error) {
      await this.options.notify?.({
        type: 'failure',
        request,
        what: phrase('tracker.relayUnasked', {
          token,
          error: error instanceof PhraseError ? error.problem : raw((error as Error).message),
        }),
      });
      return false;
    }
  }

  async #markLive(request: ChangeRequest, token: string, sighting: ProbeSighting): Promise<void> {
    let current = request;
    if (current.state === 'approved') {
      const applied = await this.options.changes.markApplied(current.id, SYSTEM_ACTOR, {
        verified: false,
        details: { reason: `probe ${token} arrived through the gateway` },
      });
      if (!applied.ok) return;
      current = applied.request;
    }
    const moved = await this.options.changes.markLive(current.id, { token, sighting });
    if (moved.ok) await this.options.notify?.({ type: 'live', request: moved.request, token, sighting });
  }

  async #append(changeId: number | null, action: string, details: Record<string, unknown>): Promise<void> {
    await this.options.auditTrail.append({
      at: this.options.now().toISOString(),
      actor: SYSTEM_ACTOR,
      changeId,
      action,
      fromState: null,
      toState: null,
      reason: null,
      details,
    });
  }

  async #sendProbe(request: ChangeRequest | undefined): Promise<ProbeResult> {
    const token = newProbeToken();
    const changeId = request?.id ?? null;
    const gmail = this.options.gmail;
    const to = this.options.probeRecipient;
    if (!gmail || !to) {
      return {
        token,
        ...(request ? { request } : {}),
        error: phrase('tracker.noProbes'),
      };
    }
    const now = this.options.now();
    const routeName = request ? routeOfChange(request.change) : undefined;
    try {
      const sent = await gmail.send({ token, to, now, ...(routeName ? { routeName } : {}) });
      await this.#append(changeId, ACTION.probeSent, { token, gmailId: sent.gmailId, to });
      return { token, ...(request ? { request } : {}) };
    } catch (error) {
      if (!(error instanceof GoogleApiError)) throw error;
      const what = describeGoogleFailure(error.failure);
      // The audit trail keeps the reason in English (error.message), as the log does.
      await this.#append(changeId, ACTION.probeSent, { token, to, error: error.message });
      await this.options.notify?.({
        type: 'failure',
        ...(request ? { request } : {}),
        what: phrase('tracker.probeNotSent', { failure: what }),
        failure: error.failure,
      });
      return { token, ...(request ? { request } : {}), error: what };
    }
  }

  /**
   * `/gateway probe`: sends one probe now, attached to the newest change that probes apply to (if
   * any), so its sighting counts for that change.
   */
  async probeNow(): Promise<ProbeResult> {
    const state = await this.options.changes.desiredState();
    const recent = await this.options.changes.recent(50);
    const target = recent.find((r) => [...ACTIVE, 'live'].includes(r.state) && probesApply(r, state));
    return this.#sendProbe(target);
  }

  /** `/gateway probe TOKEN`: whether the relay saw it. */
  async lookup(token: string): Promise<ProbeSighting | undefined> {
    const relay = this.options.relay;
    if (!relay) return undefined;
    const sighting = await relay.lookup(token);
    return sighting ? sightingFact(sighting) : undefined;
  }
}
