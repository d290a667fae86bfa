// The life of an approved route change after approval, as evidence arrives: applied (from the audit
// log, or by an admin's word), the up-to-24-hour propagation window, probe messages and their sightings
// at the relay. Pure: the time is passed in.
import { type Phrase, phrase, raw, who } from '../i18n/phrase.ts';
import type { AuditEvidence } from './audit-evidence.ts';

export const PROPAGATION_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface ProbeSighting {
  /** ISO 8601, when the relay received it. */
  seenAt: string;
  clientIp: string;
  tls: { protocol: string; cipher: string } | null;
  /** DKIM verdict when the relay computed one, e.g. "pass", "fail", "none". */
  dkim?: string;
}

export interface ProbeRecord {
  token: string;
  sentAt: Date;
  /** Gmail's message id when the send succeeded. */
  gmailId?: string;
  /** Why the send failed, when it did. */
  sendError?: string;
  sighting?: ProbeSighting;
}

export interface AppliedFact {
  at: Date;
  /** True when an audit event confirmed it; false when an admin only said so. */
  verified: boolean;
  evidence?: AuditEvidence;
  markedBy?: string;
}

export interface ChangeHistory {
  proposedAt: Date;
  proposedBy: string;
  approvedAt?: Date;
  approvedBy?: string;
  closed?: { state: 'rejected' | 'expired'; at: Date; by?: string };
  applied?: AppliedFact;
  probes: readonly ProbeRecord[];
}

export type PropagationState =
  | 'proposed'
  | 'rejected'
  | 'expired'
  | 'approved'
  | 'applied'
  | 'live'
  | 'stalled';

export interface TimelineStep {
  label:
    | 'proposed'
    | 'approved'
    | 'rejected'
    | 'expired'
    | 'applied'
    | 'window'
    | 'probe'
    | 'live'
    | 'stalled';
  at?: Date;
  done: boolean;
  detail: Phrase;
}

export interface Timeline {
  state: PropagationState;
  /** Applied and confirmed by an audit event (false: "applied (unverified)"). */
  verified: boolean;
  windowStart?: Date;
  windowEnd?: Date;
  elapsedMs?: number;
  liveProbe?: ProbeRecord;
  steps: TimelineStep[];
}

function sightingAt(probe: ProbeRecord): number {
  return probe.sighting ? Date.parse(probe.sighting.seenAt) : Number.NaN;
}

/** The first probe seen at the relay after the approval: the proof the route carries mail. */
export function firstSighting(history: ChangeHistory): ProbeRecord | undefined {
  const since = history.approvedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return history.probes
    .filter((probe) => sightingAt(probe) >= since)
    .sort((a, b) => sightingAt(a) - sightingAt(b))[0];
}

/** "2 h 30 min": time in the propagation window, to the minute. */
export function duration(ms: number): Phrase {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  return hours > 0
    ? phrase('timeline.hoursMinutes', { h: hours, m: minutes % 60 })
    : phrase('timeline.minutes', { m: minutes });
}

export function propagationTimeline(history: ChangeHistory, now: Date): Timeline {
  const steps: TimelineStep[] = [
    {
      label: 'proposed',
      at: history.proposedAt,
      done: true,
      detail: phrase('timeline.proposedBy', { who: who(history.proposedBy) }),
    },
  ];
  if (history.closed) {
    const { state, at, by } = history.closed;
    const shown = phrase(`audit.state.${state}`);
    steps.push({
      label: state,
      at,
      done: true,
      detail: by
        ? phrase('timeline.closedBy', { state: shown, who: who(by) })
        : phrase('timeline.closed', { state: shown }),
    });
    return { state, verified: false, steps };
  }
  if (!history.approvedAt) return { state: 'proposed', verified: false, steps };
  steps.push({
    label: 'approved',
    at: history.approvedAt,
    done: true,
    detail: history.approvedBy
      ? phrase('timeline.approvedBy', { who: who(history.approvedBy) })
      : phrase('timeline.approved'),
  });

  const applied = history.applied;
  if (applied) {
    steps.push({ label: 'applied', at: applied.at, done: true, detail: appliedDetail(applied) });
  } else {
    steps.push({ label: 'applied', done: false, detail: phrase('timeline.waitingAudit') });
  }

  for (const probe of history.probes) {
    steps.push({
      label: 'probe',
      at: probe.sentAt,
      done: Boolean(probe.sighting),
      detail: probeDetail(probe),
    });
  }

  const live = firstSighting(history);
  const timeline: Timeline = {
    state: applied ? 'applied' : 'approved',
    verified: applied?.verified ?? false,
    steps,
  };
  if (applied) {
    timeline.windowStart = applied.at;
    timeline.windowEnd = new Date(applied.at.getTime() + PROPAGATION_WINDOW_MS);
    timeline.elapsedMs = Math.max(0, now.getTime() - applied.at.getTime());
  }
  if (live?.sighting) {
    timeline.state = 'live';
    timeline.liveProbe = live;
    steps.push({
      label: 'live',
      at: new Date(live.sighting.seenAt),
      done: true,
      detail: phrase('timeline.live', { token: live.token }),
    });
    return timeline;
  }
  if (timeline.windowEnd && timeline.elapsedMs !== undefined) {
    if (now.getTime() >= timeline.windowEnd.getTime()) {
      timeline.state = 'stalled';
      steps.push({
        label: 'stalled',
        at: timeline.windowEnd,
        done: true,
        detail: phrase('timeline.stalled'),
      });
    } else {
      steps.push({
        label: 'window',
        at: timeline.windowStart,
        done: false,
        detail: phrase('timeline.propagating', { elapsed: duration(timeline.elapsedMs) }),
      });
    }
  }
  return timeline;
}

function appliedDetail(applied: AppliedFact): Phrase {
  if (!applied.verified) {
    return applied.markedBy
      ? phrase('timeline.unverifiedBy', { who: who(applied.markedBy) })
      : phrase('timeline.unverified');
  }
  const evidence = applied.evidence;
  const none = raw('');
  return phrase('timeline.confirmed', {
    event: raw(evidence?.eventName ?? 'event'),
    setting: evidence?.settingName ? phrase('timeline.setting', { setting: evidence.settingName }) : none,
    actor: evidence?.actor ? phrase('timeline.actor', { actor: evidence.actor }) : none,
    value: evidence?.newValue ? phrase('timeline.value', { value: evidence.newValue }) : none,
  });
}

function probeDetail(probe: ProbeRecord): Phrase {
  const { token, sighting } = probe;
  if (sighting) {
    return phrase('timeline.probeSeen', {
      token,
      ip: sighting.clientIp,
      tls: sighting.tls
        ? phrase('timeline.tls', { protocol: sighting.tls.protocol })
        : phrase('timeline.noTls'),
      dkim: sighting.dkim ? phrase('timeline.dkim', { result: sighting.dkim }) : raw(''),
    });
  }
  if (probe.sendError) return phrase('timeline.probeNotSent', { token, error: raw(probe.sendError) });
  return phrase('timeline.probeWaiting', { token });
}

/** Probing goes on this long after the change was applied (a stalled route may still come live). */
export const PROBE_LIMIT_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Whether a scheduled probe is due: while the change propagates (or has stalled, for up to 7 days),
 * every `intervalMs` after the last one.
 */
export function probeDue(history: ChangeHistory, now: Date, intervalMs: number): boolean {
  const timeline = propagationTimeline(history, now);
  if (timeline.state !== 'applied' && timeline.state !== 'stalled') return false;
  if ((timeline.elapsedMs ?? 0) > PROBE_LIMIT_MS) return false;
  const last = Math.max(0, ...history.probes.map((probe) => probe.sentAt.getTime()));
  return now.getTime() - last >= intervalMs;
}

/** What to check when no probe arrived within the window, for one route. */
export function stalledTroubleshooting(route: { name: string; host?: string; port?: number }): Phrase[] {
  const { name, host, port } = route;
  return [
    phrase('troubleshoot.routing', { route: name }),
    host === undefined
      ? phrase('troubleshoot.routeUnknown', { route: name })
      : phrase('troubleshoot.route', { route: name, host, port: port ?? 25 }),
    phrase('troubleshoot.legacyGateway'),
    phrase('troubleshoot.relay'),
    phrase('troubleshoot.emailLogSearch'),
    phrase('troubleshoot.probeRecipient'),
  ];
}

/** Audit polling schedule: 1, 2, 4 ... minutes, at most every 30 minutes, for up to 7 days. */
export const AUDIT_POLL_LIMIT_MS = 7 * 24 * 60 * 60 * 1000;

export function auditPollDelayMs(attempt: number): number {
  return Math.min(30 * 60_000, 60_000 * 2 ** Math.max(0, attempt - 1));
}

export function auditPollingOver(approvedAt: Date, now: Date): boolean {
  return now.getTime() - approvedAt.getTime() > AUDIT_POLL_LIMIT_MS;
}
