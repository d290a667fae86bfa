// Alert rules over relay snapshots: each incident is raised once and resolved once. Pure: the
// caller keeps the AlertBook between evaluations and passes each new snapshot (with its time) in.
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
  /** What was seen when raised. */
  detail: string;
  remedy: string;
}

export type AlertEvent =
  | { type: 'raise'; alert: ActiveAlert }
  | { type: 'resolve'; alert: ActiveAlert; resolvedAt: number; detail: string };

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
  | { holds: true; detail: string; remedy: string }
  | { holds: false; detail: string }
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
  const bySender = new Map<string, { count: number; details: Set<string>; refused: number; last: number }>();
  for (const f of snapshot.scan?.findings ?? []) {
    if (f.at < since) continue;
    const sender = f.sender.toLowerCase() || '<>';
    const entry = bySender.get(sender) ?? { count: 0, details: new Set<string>(), refused: 0, last: 0 };
    entry.count++;
    entry.details.add(`${f.kind} (${f.detail})`);
    if (f.refused) entry.refused++;
    entry.last = Math.max(entry.last, f.at);
    bySender.set(sender, entry);
  }
  const prefix = alertKey(snapshot.relay, 'outbound-malware');
  for (const [sender, entry] of bySender) {
    const key = `${prefix}:${sender}`;
    if (active[key]) continue;
    const found = [...entry.details].slice(0, 5).join(', ');
    const alert: ActiveAlert = {
      key,
      kind: 'outbound-malware',
      relay: snapshot.relay,
      raisedAt: snapshot.at,
      detail: `${sender} sent ${entry.count} message${entry.count === 1 ? '' : 's'} in the last hour with ${found}; ${entry.refused} refused`,
      remedy: `treat ${sender} as a possibly compromised account: check its recent sign-ins and sent mail in the Admin console, reset its password and sign it out everywhere`,
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
      detail: 'no malware or spam from this sender in the last hour',
    });
  }
}

function scannerCondition(snapshot: RelaySnapshot): Condition {
  const scan = snapshot.scan;
  if (!scan) return { holds: false, detail: 'no content scanner configured' };
  const down = scan.scanners.filter((s) => !s.ok);
  if (down.length === 0)
    return {
      holds: false,
      detail: `content scanners answer (${scan.scanners.map((s) => s.name).join(', ')})`,
    };
  return {
    holds: true,
    detail: `content scanner not answering: ${down.map((s) => `${s.name}: ${s.error ?? 'no answer'}`).join('; ')}; mail gets 451 (scan.onError: tempfail) or passes unscanned (accept)`,
    remedy:
      'check the scanner service on the relay host (systemctl status clamav-daemon or rspamd) and the scan: address in the relay configuration',
  };
}

function archiveCondition(snapshot: RelaySnapshot): Condition {
  const archive = snapshot.archive;
  if (!archive) return { holds: false, detail: 'no archive configured' };
  if (!archive.alert) return { holds: false, detail: `archive copies written (${archive.pending} pending)` };
  return {
    holds: true,
    detail: `${archive.failing} archive cop${archive.failing === 1 ? 'y fails' : 'ies fail'}${archive.destination ? ` to ${archive.destination}` : ''}: ${archive.lastError ?? 'unknown error'}; copies are kept in the spool and retried`,
    remedy:
      'check the archive destination (the directory is writable and not full, or the archive server accepts mail from the relay), then watch /gateway relay status',
  };
}

export function alertKey(relay: string, kind: AlertKind): string {
  return `${relay}:${kind}`;
}

function unreachableCondition(snapshot: RelaySnapshot, failures: number, t: AlertThresholds): Condition {
  if (snapshot.reachable) return { holds: false, detail: 'the relay answers its control API again' };
  if (failures < t.unreachableAfterFailures) return undefined;
  return {
    holds: true,
    detail: `${failures} reads in a row failed: ${snapshot.error ?? 'no answer'}`,
    remedy:
      'check that the relay process runs (systemctl status, or /gateway relay status with GATEWAY_MANAGED) and that its control URL and token match the bot configuration',
  };
}

function queueAgeCondition(snapshot: RelaySnapshot, t: AlertThresholds): Condition {
  const queue = snapshot.queue;
  if (!queue) return undefined;
  const age = queue.oldestAgeSeconds ?? 0;
  if (queue.messages === 0 || age < t.queueOldestAgeSeconds) {
    return {
      holds: false,
      detail: `oldest queued message is ${formatAge(age)} old (${queue.messages} queued)`,
    };
  }
  return {
    holds: true,
    detail: `oldest queued message is ${formatAge(age)} old (limit ${formatAge(t.queueOldestAgeSeconds)}), ${queue.messages} queued`,
    remedy:
      'run /gateway relay queue to see which destinations defer and why, fix the cause, then /gateway relay flush',
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
    return { holds: false, detail: `${deferred} of ${attempts} delivery attempts deferred (${percent}%)` };
  }
  return {
    holds: true,
    detail: `${deferred} of ${attempts} delivery attempts deferred (${percent}%, limit ${Math.round(t.deferralRatio * 100)}%)`,
    remedy:
      'run /gateway relay queue for the destinations and their last errors: a TLS or connection error points at the network or the next hop, a 4xx reply at the receiving side',
  };
}

function allowlistCondition(snapshot: RelaySnapshot): Condition {
  const allowlist = snapshot.allowlist;
  if (!allowlist) return undefined;
  if (!allowlist.error)
    return { holds: false, detail: `allowlist refreshed (${allowlist.size ?? '?'} ranges)` };
  return {
    holds: true,
    detail: `refreshing Google's ranges fails: ${allowlist.error}; the relay keeps the last good set (${allowlist.size ?? 0} ranges)`,
    remedy:
      "check the relay's DNS servers (dns.servers in its configuration) and that TXT lookups of _spf.google.com work from the relay host",
  };
}

function certCondition(snapshot: RelaySnapshot, t: AlertThresholds): Condition {
  if (snapshot.certNotAfter === undefined) return undefined;
  const days = Math.floor((snapshot.certNotAfter - snapshot.at) / 86_400_000);
  if (days >= t.certExpiryDays) return { holds: false, detail: `certificate valid for ${days} more days` };
  return {
    holds: true,
    detail:
      days < 0
        ? `the relay's certificate expired ${-days} days ago: Google refuses TLS to it when the route requires a CA-signed certificate`
        : `the relay's certificate expires in ${days} days (warning at ${t.certExpiryDays})`,
    remedy:
      'renew the certificate (same host names), put it at tls.cert/tls.key and run /gateway relay reload',
  };
}

export function formatAge(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}
