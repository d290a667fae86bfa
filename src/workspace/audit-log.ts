// The Admin console audit log, from the Admin SDK Reports API (activities.list, application "admin"),
// acting as GOOGLE_ADMIN_SUBJECT with the audit scope only. Pages are followed, quota errors backed
// off, and answers cached for a short while so several pollers share one request.
import type { admin_reports_v1 } from '@googleapis/admin';
import NodeCache from 'node-cache';
import type { AuditEvent } from '../domain/audit-evidence.ts';
import { type BackoffOptions, DEFAULT_BACKOFF, withBackoff } from './backoff.ts';
import { createDelegatedClient, type GoogleEndpoint } from './google-auth.ts';
import { SCOPES } from './scopes.ts';
import type { ServiceAccountKey } from './service-account.ts';

export interface AuditLogOptions {
  key: ServiceAccountKey;
  endpoint: GoogleEndpoint;
  /** GOOGLE_ADMIN_SUBJECT: an admin with the Reports privilege. */
  subject: string;
  backoff?: BackoffOptions;
  cacheTtlSeconds?: number;
  pageSize?: number;
  /** Stops following nextPageToken after this many pages (a runaway guard). */
  maxPages?: number;
}

type Activity = admin_reports_v1.Schema$Activity;
type Parameter = NonNullable<NonNullable<Activity['events']>[number]['parameters']>[number];

function parameterValues(parameter: Parameter): string[] {
  if (parameter.value != null) return [parameter.value];
  if (parameter.multiValue) return parameter.multiValue;
  if (parameter.intValue != null) return [parameter.intValue];
  if (parameter.multiIntValue) return parameter.multiIntValue;
  if (parameter.boolValue != null) return [String(parameter.boolValue)];
  const nested = [parameter.messageValue, ...(parameter.multiMessageValue ?? [])].flatMap(
    (message) => message?.parameter ?? [],
  );
  return nested.map(
    (item) =>
      `${item.name ?? ''}=${item.value ?? item.multiValue?.join(',') ?? item.intValue ?? item.boolValue ?? ''}`,
  );
}

/** Flattens Reports API activities into one AuditEvent per event. */
export function flattenActivities(activities: readonly Activity[]): AuditEvent[] {
  return activities.flatMap((activity) =>
    (activity.events ?? []).map((event, index) => {
      const parameters: Record<string, string[]> = {};
      for (const parameter of event.parameters ?? []) {
        if (parameter.name) parameters[parameter.name] = parameterValues(parameter);
      }
      const flat: AuditEvent = {
        id: `${activity.id?.time ?? ''}/${activity.id?.uniqueQualifier ?? ''}/${index}`,
        time: activity.id?.time ?? '',
        name: event.name ?? '',
        parameters,
      };
      if (activity.actor?.email) flat.actorEmail = activity.actor.email;
      if (event.type) flat.type = event.type;
      return flat;
    }),
  );
}

export class AuditLog {
  #reports: Promise<admin_reports_v1.Admin> | undefined;
  readonly #cache: NodeCache;
  readonly #options: AuditLogOptions;

  constructor(options: AuditLogOptions) {
    this.#options = options;
    this.#cache = new NodeCache({
      stdTTL: options.cacheTtlSeconds ?? 60,
      checkperiod: 120,
      useClones: false,
    });
  }

  /**
   * Every admin-console event from `since` on, newest first as Google sends them. Answers are cached
   * per (since, asOf): pollers in one round pass the same `asOf` (their clock) and share one request.
   * No endTime is sent: Google refuses one later than its own clock, and ours may run ahead.
   */
  async adminEvents(since: Date, asOf?: Date): Promise<AuditEvent[]> {
    const cacheKey = `${since.toISOString()}|${asOf?.toISOString() ?? ''}`;
    const cached = this.#cache.get<AuditEvent[]>(cacheKey);
    if (cached) return cached;
    const { key, subject, endpoint } = this.#options;
    const context = { api: 'audit' as const, clientId: key.clientId, subject };
    const activities: Activity[] = [];
    let pageToken: string | undefined;
    const maxPages = this.#options.maxPages ?? 50;
    this.#reports ??= this.#client();
    const reports = await this.#reports;
    for (let page = 0; page < maxPages; page++) {
      const params: admin_reports_v1.Params$Resource$Activities$List = {
        userKey: 'all',
        applicationName: 'admin',
        startTime: since.toISOString(),
        maxResults: this.#options.pageSize ?? 1000,
      };
      if (pageToken) params.pageToken = pageToken;
      const response = await withBackoff(
        () => reports.activities.list(params, { timeout: endpoint.timeoutMs, retry: false }),
        context,
        this.#options.backoff ?? DEFAULT_BACKOFF,
      );
      activities.push(...(response.data.items ?? []));
      pageToken = response.data.nextPageToken ?? undefined;
      if (!pageToken) break;
    }
    const events = flattenActivities(activities);
    this.#cache.set(cacheKey, events);
    return events;
  }

  async #client(): Promise<admin_reports_v1.Admin> {
    const { key, endpoint, subject } = this.#options;
    const { admin } = await import('@googleapis/admin');
    return admin({
      version: 'reports_v1',
      auth: await createDelegatedClient(key, endpoint, subject, SCOPES.audit),
      ...(endpoint.apiUrl ? { rootUrl: endpoint.apiUrl } : {}),
    });
  }

  /**
   * One cheap call that proves the scope and the admin's Reports privilege work, with a new token
   * (a cached one would hide a delegation removed since).
   */
  async check(): Promise<void> {
    const { key, subject, endpoint } = this.#options;
    const reports = await this.#client();
    await withBackoff(
      () =>
        reports.activities.list(
          { userKey: 'all', applicationName: 'admin', maxResults: 1 },
          { timeout: endpoint.timeoutMs, retry: false },
        ),
      { api: 'audit', clientId: key.clientId, subject },
      { ...(this.#options.backoff ?? DEFAULT_BACKOFF), attempts: 1 },
    );
  }

  close(): void {
    this.#cache.close();
  }
}
