// Turns whatever a Google call threw into what failed and what to check. Only Google's structured
// error fields are read (never the request, whose headers carry the access token), and no stack.
import { API_LABEL, DELEGATION_PATH, type GoogleApiName, SCOPES } from './scopes.ts';

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
  summary: string;
  /** What to check or do next. */
  check: string;
}

export class GoogleApiError extends Error {
  override name = 'GoogleApiError';
  constructor(readonly failure: GoogleFailure) {
    super(describeGoogleFailure(failure));
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
  const label = API_LABEL[api];
  const scope = SCOPES[api];
  const grant = `In the ${DELEGATION_PATH}, give client ID ${clientId} the scope ${scope}.`;
  const response = (error as { response?: { status?: number; data?: unknown; headers?: unknown } }).response;

  if (!response || typeof response.status !== 'number') {
    const code = errorCode(error);
    if (code && TIMEOUT_CODES.has(code)) {
      return {
        api,
        kind: 'timeout',
        retryable: true,
        summary: `${label} did not answer in time.`,
        check:
          'Check the network path to Google (proxy, firewall, DNS) and GOOGLE_API_URL if set; the bot retries later.',
      };
    }
    return {
      api,
      kind: 'network',
      retryable: true,
      summary: `${label} could not be reached${code ? ` (${code})` : ''}.`,
      check:
        'Check DNS and outbound HTTPS to googleapis.com (or GOOGLE_API_URL if set); the bot retries later.',
    };
  }

  const status = response.status;
  const body = (response.data ?? {}) as GoogleErrorBody;
  const after = retryAfter(response.headers);
  const missingScope = (summary: string): GoogleFailure => ({
    api,
    kind: 'scope',
    status,
    retryable: false,
    scope,
    summary,
    check: grant,
  });

  // Failures of the token grant itself (OAuth error strings).
  if (typeof body.error === 'string') {
    const description = body.error_description ? clip(body.error_description) : '';
    if (body.error === 'unauthorized_client') {
      return missingScope(
        `Google refused a token for ${label} acting as ${subject}: the scope is not granted to the service account (unauthorized_client).`,
      );
    }
    if (body.error === 'invalid_grant' && /email|user id|subject/i.test(description)) {
      return {
        api,
        kind: 'subject',
        status,
        retryable: false,
        summary: `Google refused to act as ${subject} for ${label}: ${description || 'unknown user'}.`,
        check: `Check that ${subject} is an existing, active user of the Workspace domain.`,
      };
    }
    return {
      api,
      kind: 'credentials',
      status,
      retryable: false,
      summary: `Google refused the service account's sign-in for ${label} (${body.error}${description ? `: ${description}` : ''}).`,
      check:
        "Check that the key in GOOGLE_SERVICE_ACCOUNT_FILE is not deleted or disabled, that the service account exists, and that this machine's clock is right.",
    };
  }

  const detail = body.error ?? {};
  const reasons = [
    ...(detail.errors ?? []).map((item) => item.reason ?? ''),
    ...(detail.details ?? []).map((item) => item.reason ?? ''),
  ];
  const googleMessage = detail.message ? ` Google said: "${clip(detail.message)}"` : '';

  if (
    status === 429 ||
    reasons.some((reason) => QUOTA_REASONS.has(reason)) ||
    detail.status === 'RESOURCE_EXHAUSTED'
  ) {
    return {
      api,
      kind: 'quota',
      status,
      retryable: true,
      ...(after === undefined ? {} : { retryAfterMs: after }),
      summary: `${label} is over its quota (HTTP ${status}).${googleMessage}`,
      check:
        'The bot backs off and tries again; if this lasts, check the API quotas of the Google Cloud project.',
    };
  }
  if (status === 403 && reasons.some((reason) => SCOPE_REASONS.has(reason))) {
    return missingScope(
      `${label} refused the call acting as ${subject}: the token lacks the scope ${scope}.`,
    );
  }
  if (status === 403 && reasons.some((reason) => DISABLED_REASONS.has(reason))) {
    return {
      api,
      kind: 'api-disabled',
      status,
      retryable: false,
      summary: `${label} is not enabled for the service account's Google Cloud project.${googleMessage}`,
      check: `Enable the ${api === 'probe' ? 'Gmail API' : 'Admin SDK API'} in that project (Google Cloud console > APIs & Services).`,
    };
  }
  if (status === 401) {
    return {
      api,
      kind: 'credentials',
      status,
      retryable: false,
      summary: `${label} did not accept the service account's credentials (HTTP 401).${googleMessage}`,
      check:
        'Check that the key in GOOGLE_SERVICE_ACCOUNT_FILE is current and not deleted, and that the service account is enabled.',
    };
  }
  if (status === 403) {
    const needs =
      api === 'audit'
        ? 'the Reports admin privilege'
        : api === 'directory'
          ? 'the Users read admin privilege'
          : 'a Gmail licence (it must be a real mailbox of the domain)';
    return {
      api,
      kind: 'permission',
      status,
      retryable: false,
      summary: `${label} refused the call acting as ${subject} (HTTP 403).${googleMessage}`,
      check: `Check that ${subject} has ${needs}.`,
    };
  }
  if (status === 404) {
    return {
      api,
      kind: 'not-found',
      status,
      retryable: false,
      summary: `${label} found nothing (HTTP 404).${googleMessage}`,
      check: 'Check the user or address given.',
    };
  }
  if (status >= 500 || status === 408) {
    return {
      api,
      kind: 'unavailable',
      status,
      retryable: true,
      ...(after === undefined ? {} : { retryAfterMs: after }),
      summary: `${label} failed on Google's side (HTTP ${status}).${googleMessage}`,
      check:
        'Usually temporary: the bot retries later. If it lasts, check the Google Workspace Status Dashboard.',
    };
  }
  return {
    api,
    kind: status === 400 ? 'bad-request' : 'unknown',
    status,
    retryable: false,
    summary: `${label} refused the call (HTTP ${status}).${googleMessage}`,
    check: "Check the bot's Google settings (GOOGLE_ADMIN_SUBJECT, GOOGLE_PROBE_SENDER, PROBE_RECIPIENT).",
  };
}

/** One line per failure for Slack and logs: what failed, then what to check. */
export function describeGoogleFailure(failure: GoogleFailure): string {
  return `${failure.summary} ${failure.check}`;
}
