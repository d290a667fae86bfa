// Rows as both stores keep them (the same columns in SQLite and PostgreSQL), and their mapping to the
// repositories' types.
import type { MessageRef } from '../domain/change-request.ts';
import type { ActiveAlert } from '../domain/ops/alerts.ts';
import type { RelayActionRequest } from '../domain/ops/relay-action.ts';
import { raw } from '../i18n/phrase.ts';
import type { AuditEntry, NewRelayActionRequest, OpenAlert, UserLocale } from './repositories.ts';

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  change_id: number | null;
  action: string;
  from_state: string | null;
  to_state: string | null;
  reason: string | null;
  details: string | null;
}

export function auditFromRow(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    changeId: row.change_id,
    action: row.action,
    fromState: row.from_state,
    toState: row.to_state,
    reason: row.reason,
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
  };
}

export interface ActionRow {
  id: number;
  data: string;
  message: string | null;
}

export function actionFromRow(row: ActionRow): RelayActionRequest {
  const data = JSON.parse(row.data) as Omit<RelayActionRequest, 'id' | 'message'>;
  return { ...data, id: row.id, message: row.message ? (JSON.parse(row.message) as MessageRef) : null };
}

/** What goes in `data`: everything but the id and the message, which have their own columns. */
export function actionData(request: RelayActionRequest | NewRelayActionRequest): string {
  const { id: _id, message: _message, ...data } = request as RelayActionRequest;
  return JSON.stringify(data);
}

export interface AlertRow {
  data: string;
  message: string | null;
}

export function alertFromRow(row: AlertRow): OpenAlert {
  const alert = JSON.parse(row.data) as ActiveAlert;
  // Alerts stored before their texts became phrases hold English text: shown as it is.
  for (const field of ['detail', 'remedy'] as const) {
    const value: unknown = alert[field];
    if (typeof value === 'string') alert[field] = raw(value);
  }
  return {
    alert,
    message: row.message ? (JSON.parse(row.message) as MessageRef) : null,
  };
}

export interface UserLocaleRow {
  user_id: string;
  locale: string | null;
  time_zone: string | null;
  fetched_at: string;
}

export function userLocaleFromRow(row: UserLocaleRow): UserLocale {
  return { userId: row.user_id, locale: row.locale, timeZone: row.time_zone, fetchedAt: row.fetched_at };
}
