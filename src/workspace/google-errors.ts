// Turns whatever a Google call threw into what failed and what to check. Only Google's structured
// error fields are read (never the request, whose headers carry the access token), and no stack.

import { type Phrase, phrase, raw } from '../i18n/phrase.ts';
import { inEnglish } from '../i18n/phrase-error.ts';
import { type GoogleApiName, SCOPES } from './scopes.ts';

export type GoogleFailureKind =
  | 'scope'
  | 'subject'
  | 'credentials'
  | 'permission'
  | 'api-disabled'
  | 'not-found'
  | 'quota'
  | 'unavailable'
  | 'timeout'
  | 'network'
  | 'bad-request'
  | 'unknown';

export interface GoogleFailure {
  api: GoogleApiName;
  kind: GoogleFailureKind;
  status?: number;
  /** Safe to try again later (quota, 5xx, timeouts, network). */
  retryable: boolean;
  /** From a Retry-After header, when Google sent one. */
  retryAfterMs?: number;
  /** The scope to grant, for `scope` failures. */
  scope?: string;
  /** What failed, one sentence. */
  summary: Phrase;
  /** What to check or do next. */
  check: Phrase;
}

/** The product an admin enables in the Google Cloud console for each API. */
const API_PRODUCT: Record<GoogleApiName, string> = {
  audit: 'Admin SDK API',
  directory: 'Admin SDK API',
  probe: 'Gmail API',
  policies: 'Cloud Identity API',
};

export class GoogleApiError extends Error {
  override name = 'GoogleApiError';
  constructor(readonly failure: GoogleFailure) {
    super(inEnglish(describeGoogleFailure(failure)));
  }
}

export interface FailureContext {
  api: GoogleApiName;
  /** The service account's client ID, named in the delegation advice. */
  clientId: string;
  /** The user the call acted as (GOOGLE_ADMIN_SUBJECT or GOOGLE_PROBE_SENDER). */
  subject: string;
}

interface GoogleErrorBody {
  error?:
    | string
    | {
        code?: number;
        message?: string;
        status?: string;
        errors?: { reason?: string; message?: string }[];
        details?: { reason?: string }[];
      };
  error_description?: string;
}

const QUOTA_REASONS = new Set([
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'quotaExceeded',
  'dailyLimitExceeded',
]);
const SCOPE_REASONS = new Set(['insufficientPermissions', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT']);
const DISABLED_REASONS = new Set(['accessNotConfigured', 'SERVICE_DISABLED']);
const TIMEOUT_CODES = new Set(['TimeoutError', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EPIPE',
]);

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const record = current as { code?: unknown; name?: unknown; cause?: unknown };
    if (
      typeof record.code === 'string' &&
      (TIMEOUT_CODES.has(record.code) || NETWORK_CODES.has(record.code))
    ) {
      return record.code;
    }
    if (record.name === 'TimeoutError' || record.name === 'AbortError') return 'TimeoutError';
    current = record.cause;
  }
  return undefined;
}

function retryAfter(headers: unknown): number | undefined {
  let value: string | null | undefined;
  // gaxios hands back a fetch Headers (not always this realm's class) or, in older paths, a plain object.
  const getter = (headers as { get?: unknown } | undefined)?.get;
  if (typeof getter === 'function')
    value = (headers as { get(name: string): string | null }).get('retry-after');
  else if (headers && typeof headers === 'object') {
    const raw = (headers as Record<string, unknown>)['retry-after'];
    value = typeof raw === 'string' ? raw : undefined;
  }
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  return undefined;
}

export function translateGoogleError(error: unknown, context: FailureContext): GoogleFailure {
  if (error instanceof GoogleApiError) return error.failure;
  const { api, clientId, subject } = context;
  const label = apiLabel(api);
  const scope = SCOPES[api];
  const response = (error as { response?: { status?: number; data?: unknown; headers?: unknown } }).response;

  if (!response || typeof response.status !== 'number') {
    const code = errorCode(error);
    if (code && TIMEOUT_CODES.has(code)) {
      return {
        api,
        kind: 'timeout',
        retryable: true,
        summary: phrase('googleFailure.timeout', { api: label }),
        check: phrase('googleFailure.timeoutCheck'),
      };
    }
    return {
      api,
      kind: 'network',
      retryable: true,
      summary: phrase('googleFailure.unreachable', {
        api: label,
        code: code ? phrase('googleFailure.code', { code }) : raw(''),
      }),
      check: phrase('googleFailure.unreachableCheck'),
    };
  }

  const status = response.status;
  const body = (response.data ?? {}) as GoogleErrorBody;
  const after = retryAfter(response.headers);
  const missingScope = (summary: Phrase): GoogleFailure => ({
    api,
    kind: 'scope',
    status,
    retryable: false,
    scope,
    summary,
    check: phrase('googleFailure.grant', { clientId, scope }),
  });

  // Failures of the token grant itself (OAuth error strings).
  if (typeof body.error === 'string') {
    const description = body.error_description ? clip(body.error_description) : '';
    if (body.error === 'unauthorized_client') {
      return missingScope(phrase('googleFailure.unauthorizedClient', { api: label, subject }));
    }
    if (body.error === 'invalid_grant' && /email|user id|subject/i.test(description)) {
      return {
        api,
        kind: 'subject',
        status,
        retryable: false,
        summary: phrase('googleFailure.badSubject', {
          api: label,
          subject,
          description: raw(description || 'unknown user'),
        }),
        check: phrase('googleFailure.badSubjectCheck', { subject }),
      };
    }
    return {
      api,
      kind: 'credentials',
      status,
      retryable: false,
      summary: phrase('googleFailure.signIn', {
        api: label,
        error: raw(description ? `${body.error}: ${description}` : body.error),
      }),
      check: phrase('googleFailure.signInCheck'),
    };
  }

  const detail = body.error ?? {};
  const reasons = [
    ...(detail.errors ?? []).map((item) => item.reason ?? ''),
    ...(detail.details ?? []).map((item) => item.reason ?? ''),
  ];
  const said = detail.message
    ? phrase('googleFailure.said', { message: raw(clip(detail.message)) })
    : raw('');
  const failure = (
    kind: GoogleFailureKind,
    retryable: boolean,
    summary: Phrase,
    check: Phrase,
  ): GoogleFailure => ({
    api,
    kind,
    status,
    retryable,
    ...(retryable && after !== undefined ? { retryAfterMs: after } : {}),
    summary,
    check,
  });

  if (
    status === 429 ||
    reasons.some((reason) => QUOTA_REASONS.has(reason)) ||
    detail.status === 'RESOURCE_EXHAUSTED'
  ) {
    return failure(
      'quota',
      true,
      phrase('googleFailure.quota', { api: label, status, said }),
      phrase('googleFailure.quotaCheck'),
    );
  }
  if (status === 403 && reasons.some((reason) => SCOPE_REASONS.has(reason))) {
    return missingScope(phrase('googleFailure.scopeMissing', { api: label, subject, scope }));
  }
  if (status === 403 && reasons.some((reason) => DISABLED_REASONS.has(reason))) {
    return failure(
      'api-disabled',
      false,
      phrase('googleFailure.disabled', { api: label, said }),
      phrase('googleFailure.disabledCheck', { product: API_PRODUCT[api] }),
    );
  }
  if (status === 401) {
    return failure(
      'credentials',
      false,
      phrase('googleFailure.credentials', { api: label, said }),
      phrase('googleFailure.credentialsCheck'),
    );
  }
  if (status === 403) {
    return failure(
      'permission',
      false,
      phrase('googleFailure.permission', { api: label, subject, said }),
      phrase('googleFailure.permissionCheck', { subject, needs: phrase(`googleFailure.needs.${api}`) }),
    );
  }
  if (status === 404) {
    return failure(
      'not-found',
      false,
      phrase('googleFailure.notFound', { api: label, said }),
      phrase('googleFailure.notFoundCheck'),
    );
  }
  if (status >= 500 || status === 408) {
    return failure(
      'unavailable',
      true,
      phrase('googleFailure.unavailable', { api: label, status, said }),
      phrase('googleFailure.unavailableCheck'),
    );
  }
  return failure(
    status === 400 ? 'bad-request' : 'unknown',
    false,
    phrase('googleFailure.refused', { api: label, status, said }),
    phrase('googleFailure.refusedCheck'),
  );
}

/** What failed, then what to check: one line for Slack, worded in the reader's language. */
export function describeGoogleFailure(failure: GoogleFailure): Phrase {
  return phrase('googleFailure.line', { summary: failure.summary, check: failure.check });
}

/** The API's name, as `/gateway google check` and every failure name it. */
export function apiLabel(api: GoogleApiName): Phrase {
  return phrase(`googleFailure.api.${api}`);
}
