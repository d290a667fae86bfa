// Matching Admin console audit events to an approved route change. Google publishes few of the
// setting names it logs for mail routes, so matching is loose (EMAIL_ROUTE, MESSAGE_SECURITY_RULE,
// anything about routes or gateways) and every event that nearly matched is kept to show the admin.

/** One audit log event, flattened from the Reports API (every parameter value as text). */
export interface AuditEvent {
  /** Unique per event: the activity's id plus the event's position in it. */
  id: string;
  /** ISO 8601. */
  time: string;
  actorEmail?: string;
  /** e.g. EMAIL_SETTINGS */
  type?: string;
  /** e.g. CREATE_GMAIL_SETTING */
  name: string;
  parameters: Record<string, string[]>;
}

export type RouteChangeAction = 'add-route' | 'update-route' | 'remove-route' | 'use-route';

/** What an approved change should look like in the audit log. */
export interface ExpectedChange {
  action: RouteChangeAction;
  routeName: string;
  /** The route's host (add/update/remove); matched inside the logged values. */
  host?: string;
  /** Org unit the routing setting applies to; unset = any. */
  orgUnit?: string;
  /** Emails of the admins expected to make the change; empty = any admin. */
  actors: string[];
  approvedAt: Date;
}

export interface AuditEvidence {
  eventId: string;
  at: string;
  actor?: string;
  eventName: string;
  settingName?: string;
  orgUnit?: string;
  oldValue?: string;
  newValue?: string;
}

export interface NearMiss {
  evidence: AuditEvidence;
  /** Why it does not count, one short phrase each. */
  mismatches: string[];
}

export type AuditMatch =
  | { matched: true; evidence: AuditEvidence }
  | { matched: false; nearMisses: NearMiss[]; examined: number };

const MAIL_SETTING_EVENT = /(GMAIL|EMAIL)_SETTING/;
/** A route ("Hosts" entry) itself. */
const ROUTE_DEFINITION = /EMAIL_ROUTE|SMART_?HOST|MAIL_HOST|GATEWAY/;
/** A routing setting that uses a route. */
const ROUTING_RULE = /MESSAGE_SECURITY_RULE|ROUTING|RULE|OUTBOUND/;

function settingFits(action: RouteChangeAction, name: string): boolean {
  if (action === 'use-route')
    return ROUTING_RULE.test(name) || (/ROUT/.test(name) && !ROUTE_DEFINITION.test(name));
  return ROUTE_DEFINITION.test(name) || (/ROUT/.test(name) && !ROUTING_RULE.test(name));
}
const MAX_NEAR_MISSES = 5;

function first(event: AuditEvent, name: string): string | undefined {
  return event.parameters[name]?.[0];
}

export function evidenceOf(event: AuditEvent): AuditEvidence {
  const evidence: AuditEvidence = { eventId: event.id, at: event.time, eventName: event.name };
  const settingName = first(event, 'SETTING_NAME');
  const orgUnit = first(event, 'ORG_UNIT_NAME');
  const oldValue = event.parameters.OLD_VALUE?.join(', ');
  const newValue = event.parameters.NEW_VALUE?.join(', ');
  if (event.actorEmail) evidence.actor = event.actorEmail;
  if (settingName) evidence.settingName = settingName;
  if (orgUnit) evidence.orgUnit = orgUnit;
  if (oldValue) evidence.oldValue = oldValue;
  if (newValue) evidence.newValue = newValue;
  return evidence;
}

function isMailSettingEvent(event: AuditEvent): boolean {
  return event.type === 'EMAIL_SETTINGS' || MAIL_SETTING_EVENT.test(event.name);
}

function verbFits(action: RouteChangeAction, eventName: string): boolean {
  if (eventName.startsWith('CHANGE_')) return true;
  if (eventName.startsWith('CREATE_')) return action !== 'remove-route';
  if (eventName.startsWith('DELETE_')) return action === 'remove-route';
  return true;
}

/** Values to search for the route: for a removal the old value counts, otherwise the new one. */
function searchedValues(event: AuditEvent, action: RouteChangeAction): string[] {
  return Object.entries(event.parameters)
    .filter(([name]) => (action === 'remove-route' ? name !== 'NEW_VALUE' : name !== 'OLD_VALUE'))
    .flatMap(([, values]) => values)
    .map((value) => value.toLowerCase());
}

/**
 * Whether a value names the route or host as a whole word: "gw1" is not found in "gw10", nor
 * "gw.example.net" in "smtp.gw.example.net" (names and hosts are letters, digits, ".", "_", "-").
 */
function mentions(values: string[], needle: string): boolean {
  const escaped = needle.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const word = new RegExp(`(?<![a-z0-9_.-])${escaped}(?![a-z0-9_-]|\\.[a-z0-9])`);
  return values.some((value) => word.test(value));
}

function mismatchesOf(event: AuditEvent, change: ExpectedChange): string[] {
  const problems: string[] = [];
  const at = Date.parse(event.time);
  if (!(at >= change.approvedAt.getTime())) problems.push('made before the approval');
  if (!verbFits(change.action, event.name)) problems.push(`${event.name} does not fit ${change.action}`);
  const settingNames = [first(event, 'SETTING_NAME'), first(event, 'USER_DEFINED_SETTING_NAME')]
    .filter((name): name is string => Boolean(name))
    .map((name) => name.toUpperCase());
  if (!settingNames.some((name) => settingFits(change.action, name))) {
    const wanted = change.action === 'use-route' ? 'a routing setting' : 'a route (host) setting';
    problems.push(`setting ${settingNames.join('/') || '(none)'} is not ${wanted}`);
  }
  const values = searchedValues(event, change.action);
  const named =
    mentions(values, change.routeName) || (change.host !== undefined && mentions(values, change.host));
  if (!named) {
    problems.push(
      `values do not mention route ${change.routeName}${change.host ? ` or host ${change.host}` : ''}`,
    );
  }
  const orgUnit = first(event, 'ORG_UNIT_NAME');
  if (change.orgUnit && orgUnit && orgUnit.toLowerCase() !== change.orgUnit.toLowerCase()) {
    problems.push(`org unit ${orgUnit}, expected ${change.orgUnit}`);
  }
  if (change.actors.length > 0) {
    const actor = event.actorEmail?.toLowerCase();
    if (!actor || !change.actors.some((expected) => expected.toLowerCase() === actor)) {
      problems.push(
        `made by ${event.actorEmail ?? 'an unknown actor'}, expected ${change.actors.join(' or ')}`,
      );
    }
  }
  return problems;
}

/**
 * Finds the earliest event that confirms the change. Without one, returns the mail-setting events
 * that failed the fewest checks, each with what did not fit.
 */
export function matchAuditEvents(change: ExpectedChange, events: readonly AuditEvent[]): AuditMatch {
  const candidates = events.filter(isMailSettingEvent);
  const judged = candidates
    .map((event) => ({ event, mismatches: mismatchesOf(event, change) }))
    .sort((a, b) => Date.parse(a.event.time) - Date.parse(b.event.time));
  const hit = judged.find((entry) => entry.mismatches.length === 0);
  if (hit) return { matched: true, evidence: evidenceOf(hit.event) };
  const nearMisses = judged
    .filter((entry) => Date.parse(entry.event.time) >= change.approvedAt.getTime())
    .sort((a, b) => a.mismatches.length - b.mismatches.length)
    .slice(0, MAX_NEAR_MISSES)
    .map((entry) => ({ evidence: evidenceOf(entry.event), mismatches: entry.mismatches }));
  return { matched: false, nearMisses, examined: events.length };
}
