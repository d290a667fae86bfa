// Alert rules over relay snapshots: each incident is raised once and resolved once. Pure: the
// caller keeps the AlertBook between evaluations and passes each new snapshot (with its time) in.
import { age, list, type Phrase, phrase, raw } from '../../i18n/phrase.ts';
import type { RelayCounters, RelaySnapshot } from './relay-snapshot.ts';

export type AlertKind =
  | 'relay-unreachable'
  | 'queue-age'
  | 'deferral-spike'
  | 'allowlist-refresh'
  | 'cert-expiry'
  | 'scanner-down'
  | 'archive-failing'
  /** Malware or spam in mail from one sender: one alert per sender, keyed by the address. */
  | 'outbound-malware';

export interface AlertThresholds {
  /** Raise when the oldest queued message is at least this old. */
  queueOldestAgeSeconds: number;
  /** Raise when this share of delivery attempts since the last snapshot deferred... */
  deferralRatio: number;
  /** ...and there were at least this many attempts (no alert on 1 of 2). */
  deferralMinAttempts: number;
  /** Raise when the relay's certificate expires within this many days. */
  certExpiryDays: number;
  /** Raise after this many failed reads in a row (one failed read can be a restart). */
  unreachableAfterFailures: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  queueOldestAgeSeconds: 3600,
  deferralRatio: 0.5,
  deferralMinAttempts: 10,
  certExpiryDays: 14,
  unreachableAfterFailures: 2,
};

export interface ActiveAlert {
  key: string;
  kind: AlertKind;
  relay: string;
  raisedAt: number;
  /** What was seen when raised (facts as a phrase: the catalogue words them). */
  detail: Phrase;
  remedy: Phrase;
}

export type AlertEvent =
  | { type: 'raise'; alert: ActiveAlert }
  | { type: 'resolve'; alert: ActiveAlert; resolvedAt: number; detail: Phrase };

interface RelayMemory {
  failures: number;
  counters?: RelayCounters;
}

export interface AlertBook {
  active: Record<string, ActiveAlert>;
  relays: Record<string, RelayMemory>;
}

export function emptyAlertBook(): AlertBook {
  return { active: {}, relays: {} };
}

/** Whether a condition holds now; undefined when this snapshot cannot tell (keep the current state). */
type Condition =
  | { holds: true; detail: Phrase; remedy: Phrase }
  | { holds: false; detail: Phrase }
  | undefined;

export function evaluateAlerts(
  book: AlertBook,
  snapshot: RelaySnapshot,
  thresholds: AlertThresholds = DEFAULT_THRESHOLDS,
): { book: AlertBook; events: AlertEvent[] } {
  const previous = book.relays[snapshot.relay] ?? { failures: 0 };
  const failures = snapshot.reachable ? 0 : previous.failures + 1;
  const memory: RelayMemory = {
    failures,
    ...(snapshot.counters
      ? { counters: snapshot.counters }
      : previous.counters
        ? { counters: previous.counters }
        : {}),
  };

  const conditions: Record<AlertKind, Condition> = {
    'relay-unreachable': unreachableCondition(snapshot, failures, thresholds),
    'queue-age': snapshot.reachable ? queueAgeCondition(snapshot, thresholds) : undefined,
    'deferral-spike': snapshot.reachable
      ? deferralCondition(previous.counters, snapshot.counters, thresholds)
      : undefined,
    'allowlist-refresh': snapshot.reachable ? allowlistCondition(snapshot) : undefined,
    'cert-expiry': certCondition(snapshot, thresholds),
    'scanner-down': snapshot.reachable ? scannerCondition(snapshot) : undefined,
    'archive-failing': snapshot.reachable ? archiveCondition(snapshot) : undefined,
    // Per sender, below.
    'outbound-malware': undefined,
  };

  const active = { ...book.active };
  const events: AlertEvent[] = [];
  for (const [kind, condition] of Object.entries(conditions) as Array<[AlertKind, Condition]>) {
    if (!condition) continue;
    const key = alertKey(snapshot.relay, kind);
    const current = active[key];
    if (condition.holds && !current) {
      const alert: ActiveAlert = {
        key,
        kind,
        relay: snapshot.relay,
        raisedAt: snapshot.at,
        detail: condition.detail,
        remedy: condition.remedy,
      };
      active[key] = alert;
      events.push({ type: 'raise', alert });
    } else if (!condition.holds && current) {
      delete active[key];
      events.push({ type: 'resolve', alert: current, resolvedAt: snapshot.at, detail: condition.detail });
    }
  }
  if (snapshot.reachable && snapshot.scan) senderFindings(snapshot, active, events);
  return { book: { active, relays: { ...book.relays, [snapshot.relay]: memory } }, events };
}

/** How long one sender's alert stays open after its last finding: at most one alert per sender per hour. */
export const SENDER_ALERT_WINDOW_MS = 3600_000;

/**
 * One alert per sender with malware or spam found in the last hour (a compromised account, most
 * likely); it resolves after an hour without findings, so a sender is alerted about at most once an hour.
 */
function senderFindings(
  snapshot: RelaySnapshot,
  active: Record<string, ActiveAlert>,
  events: AlertEvent[],
): void {
  const since = snapshot.at - SENDER_ALERT_WINDOW_MS;
  const bySender = new Map<
    string,
    { count: number; details: Map<string, Phrase>; refused: number; last: number }
  >();
  for (const f of snapshot.scan?.findings ?? []) {
    if (f.at < since) continue;
    const sender = f.sender.toLowerCase() || '<>';
    const entry = bySender.get(sender) ?? {
      count: 0,
      details: new Map<string, Phrase>(),
      refused: 0,
      last: 0,
    };
    entry.count++;
    entry.details.set(
      `${f.kind} (${f.detail})`,
      phrase('alertText.finding', { kind: phrase(`check.content.verdict.${f.kind}`), detail: raw(f.detail) }),
    );
    if (f.refused) entry.refused++;
    entry.last = Math.max(entry.last, f.at);
    bySender.set(sender, entry);
  }
  const prefix = alertKey(snapshot.relay, 'outbound-malware');
  for (const [sender, entry] of bySender) {
    const key = `${prefix}:${sender}`;
    if (active[key]) continue;
    const found = list([...entry.details.values()].slice(0, 5));
    const alert: ActiveAlert = {
      key,
      kind: 'outbound-malware',
      relay: snapshot.relay,
      raisedAt: snapshot.at,
      detail: phrase('alertText.malware', {
        sender,
        count: entry.count,
        found,
        refused: entry.refused,
      }),
      remedy: phrase('alertText.malwareRemedy', { sender }),
    };
    active[key] = alert;
    events.push({ type: 'raise', alert });
  }
  for (const [key, alert] of Object.entries(active)) {
    if (!key.startsWith(`${prefix}:`) || bySender.has(key.slice(prefix.length + 1))) continue;
    delete active[key];
    events.push({
      type: 'resolve',
      alert,
      resolvedAt: snapshot.at,
      detail: phrase('alertText.malwareResolved'),
    });
  }
}

function scannerCondition(snapshot: RelaySnapshot): Condition {
  const scan = snapshot.scan;
  if (!scan) return { holds: false, detail: phrase('alertText.noScanner') };
  const down = scan.scanners.filter((s) => !s.ok);
  if (down.length === 0) {
    return {
      holds: false,
      detail: phrase('alertText.scannersAnswer', { names: list(scan.scanners.map((s) => raw(s.name))) }),
    };
  }
  return {
    holds: true,
    detail: phrase('alertText.scannerDown', {
      scanners: list(
        down.map((s) =>
          phrase('alertText.scannerError', {
            name: s.name,
            error: s.error ? raw(s.error) : phrase('alertText.noAnswer'),
          }),
        ),
        'parts',
      ),
    }),
    remedy: phrase('alertText.scannerRemedy'),
  };
}

function archiveCondition(snapshot: RelaySnapshot): Condition {
  const archive = snapshot.archive;
  if (!archive) return { holds: false, detail: phrase('alertText.noArchive') };
  if (!archive.alert) {
    return { holds: false, detail: phrase('alertText.archiveWritten', { pending: archive.pending }) };
  }
  const error = archive.lastError ? raw(archive.lastError) : phrase('alertText.unknownError');
  return {
    holds: true,
    detail: archive.destination
      ? phrase('alertText.archiveFailingTo', {
          count: archive.failing,
          destination: archive.destination,
          error,
        })
      : phrase('alertText.archiveFailing', { count: archive.failing, error }),
    remedy: phrase('alertText.archiveRemedy'),
  };
}

export function alertKey(relay: string, kind: AlertKind): string {
  return `${relay}:${kind}`;
}

function unreachableCondition(snapshot: RelaySnapshot, failures: number, t: AlertThresholds): Condition {
  if (snapshot.reachable) return { holds: false, detail: phrase('alertText.reachableAgain') };
  if (failures < t.unreachableAfterFailures) return undefined;
  return {
    holds: true,
    detail: phrase('alertText.unreachable', {
      count: failures,
      error: snapshot.problem ?? (snapshot.error ? raw(snapshot.error) : phrase('alertText.noAnswer')),
    }),
    remedy: phrase('alertText.unreachableRemedy'),
  };
}

function queueAgeCondition(snapshot: RelaySnapshot, t: AlertThresholds): Condition {
  const queue = snapshot.queue;
  if (!queue) return undefined;
  const oldest = queue.oldestAgeSeconds ?? 0;
  if (queue.messages === 0 || oldest < t.queueOldestAgeSeconds) {
    return {
      holds: false,
      detail: phrase('alertText.queueOk', { age: age(oldest), n: queue.messages }),
    };
  }
  return {
    holds: true,
    detail: phrase('alertText.queueOld', {
      age: age(oldest),
      limit: age(t.queueOldestAgeSeconds),
      n: queue.messages,
    }),
    remedy: phrase('alertText.queueRemedy'),
  };
}

function deferralCondition(
  before: RelayCounters | undefined,
  now: RelayCounters | undefined,
  t: AlertThresholds,
): Condition {
  if (!before || !now) return undefined;
  const deferred = now.deferred - before.deferred;
  const attempts = deferred + (now.delivered - before.delivered) + (now.bounced - before.bounced);
  // Counters went down: the relay restarted; this interval tells nothing.
  if (deferred < 0 || attempts < 0) return undefined;
  const ratio = attempts === 0 ? 0 : deferred / attempts;
  const percent = Math.round(ratio * 100);
  if (attempts < t.deferralMinAttempts || ratio < t.deferralRatio) {
    return { holds: false, detail: phrase('alertText.deferrals', { deferred, attempts, percent }) };
  }
  return {
    holds: true,
    detail: phrase('alertText.deferralSpike', {
      deferred,
      attempts,
      percent,
      limit: Math.round(t.deferralRatio * 100),
    }),
    remedy: phrase('alertText.deferralRemedy'),
  };
}

function allowlistCondition(snapshot: RelaySnapshot): Condition {
  const allowlist = snapshot.allowlist;
  if (!allowlist) return undefined;
  if (!allowlist.error) {
    return {
      holds: false,
      detail:
        allowlist.size === undefined
          ? phrase('alertText.allowlistRefreshed')
          : phrase('alertText.allowlistRefreshedSize', { count: allowlist.size }),
    };
  }
  return {
    holds: true,
    detail: phrase('alertText.allowlistFailing', { error: raw(allowlist.error), count: allowlist.size ?? 0 }),
    remedy: phrase('alertText.allowlistRemedy'),
  };
}

function certCondition(snapshot: RelaySnapshot, t: AlertThresholds): Condition {
  if (snapshot.certNotAfter === undefined) return undefined;
  const days = Math.floor((snapshot.certNotAfter - snapshot.at) / 86_400_000);
  if (days >= t.certExpiryDays)
    return { holds: false, detail: phrase('alertText.certValid', { count: days }) };
  return {
    holds: true,
    detail:
      days < 0
        ? phrase('alertText.certExpired', { count: -days })
        : phrase('alertText.certExpires', { count: days, warning: t.certExpiryDays }),
    remedy: phrase('alertText.certRemedy'),
  };
}

export function formatAge(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}
