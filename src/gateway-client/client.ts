// A typed client of one relay's control API: bearer token, a timeout per request, responses validated
// with the relay's zod schemas. Failures become GatewayError (which relay, what failed, what to check).
import type { z } from 'zod';
import {
  HealthResponse,
  PauseResponse,
  QueueResponse,
  ReloadResponse,
  StatusResponse,
} from '../../gateway/control-schema.ts';
import {
  DeliveryStatus,
  FlushResponse,
  QueueDeferredSection,
  TlsPolicyReport,
} from '../../gateway/delivery/control-schema.ts';
import { ArchiveStatusSection, ScanStatusSection } from '../../gateway/scan/control-schema.ts';
import { phrase, raw } from '../i18n/phrase.ts';
import { displayUrl, GatewayError } from './errors.ts';

/** /status with the delivery section, when the relay has delivery. */
const RelayStatus = StatusResponse.extend({
  delivery: DeliveryStatus.optional(),
  // Scanning and archive (issue 17): a section the bot cannot read is left out, not a failed read.
  scan: ScanStatusSection.optional().catch(undefined),
  archive: ArchiveStatusSection.optional().catch(undefined),
});
/** /queue with deferred mail grouped by destination, when the relay has delivery. */
const RelayQueue = QueueResponse.extend({ deferred: QueueDeferredSection.optional() });

export type RelayStatus = z.infer<typeof RelayStatus>;
export type RelayQueue = z.infer<typeof RelayQueue>;

export interface RelayEndpoint {
  /** The relay's name in the fleet, shown in every message. */
  name: string;
  /** Base URL of the control API, e.g. http://127.0.0.1:8025 */
  url: string;
  token: string;
}

export interface GatewayClientOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 5000;

export class GatewayClient {
  readonly name: string;
  private readonly base: URL;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(endpoint: RelayEndpoint, options: GatewayClientOptions = {}) {
    this.name = endpoint.name;
    this.base = new URL(endpoint.url.endsWith('/') ? endpoint.url : `${endpoint.url}/`);
    this.token = endpoint.token;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** The control URL as safe to show (no credentials). */
  get displayUrl(): string {
    return displayUrl(this.base);
  }

  healthz(): Promise<HealthResponse> {
    return this.json('GET', 'healthz', HealthResponse);
  }

  status(): Promise<RelayStatus> {
    return this.json('GET', 'status', RelayStatus);
  }

  queue(limit?: number): Promise<RelayQueue> {
    return this.json('GET', limit === undefined ? 'queue' : `queue?limit=${limit}`, RelayQueue);
  }

  /** Prometheus text format. */
  async metrics(): Promise<string> {
    const response = await this.send('GET', 'metrics');
    return response.text();
  }

  pause(reason?: string): Promise<PauseResponse> {
    return this.json('POST', 'pause', PauseResponse, reason === undefined ? undefined : { reason });
  }

  resume(): Promise<PauseResponse> {
    return this.json('POST', 'resume', PauseResponse);
  }

  reload(): Promise<ReloadResponse> {
    return this.json('POST', 'reload', ReloadResponse);
  }

  /** Retry deferred mail now (the relay's delivery part). */
  flush(): Promise<FlushResponse> {
    return this.json('POST', 'flush', FlushResponse);
  }

  /** The recipient domain's DANE and MTA-STS state as this relay sees it. */
  tlsPolicy(domain: string): Promise<TlsPolicyReport> {
    return this.json('GET', `tls-policy/${encodeURIComponent(domain)}`, TlsPolicyReport);
  }

  private async json<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    body?: unknown,
  ): Promise<z.infer<S>> {
    const response = await this.send(method, path, body);
    const operation = `${method} /${path.split('?')[0]}`;
    let answer: unknown;
    try {
      answer = await response.json();
    } catch {
      throw new GatewayError(
        this.name,
        operation,
        'invalid-response',
        phrase('relayClient.notJson', { url: this.displayUrl }),
      );
    }
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      const first = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
        .join('; ');
      throw new GatewayError(
        this.name,
        operation,
        'invalid-response',
        phrase('relayClient.badShape', { issues: raw(first) }),
      );
    }
    return parsed.data;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const operation = `${method} /${path.split('?')[0]}`;
    const url = new URL(path, this.base);
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json, text/plain',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      throw this.transportError(operation, error);
    }
    if (response.ok) return response;
    const reason = await errorText(response);
    if (response.status === 401 || response.status === 403) {
      throw new GatewayError(
        this.name,
        operation,
        'unauthorized',
        phrase('relayClient.unauthorized', { status: response.status }),
      );
    }
    throw new GatewayError(
      this.name,
      operation,
      'http',
      phrase('relayClient.http', {
        status: response.status,
        reason: reason ? phrase('relayClient.reason', { reason: raw(reason) }) : raw(''),
      }),
    );
  }

  private transportError(operation: string, error: unknown): GatewayError {
    const name = (error as Error | undefined)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new GatewayError(
        this.name,
        operation,
        'timeout',
        phrase('relayClient.timeout', { url: this.displayUrl, ms: this.timeoutMs }),
      );
    }
    const code = causeCode(error);
    return new GatewayError(
      this.name,
      operation,
      'unreachable',
      phrase('relayClient.unreachable', {
        url: this.displayUrl,
        code: code ? phrase('relayClient.code', { code }) : raw(''),
      }),
    );
  }
}

/** The relay's `{ error, details }` body, shortened; never echoes request headers. */
async function errorText(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { error?: unknown; details?: unknown };
    const details = Array.isArray(body.details) ? `: ${body.details.slice(0, 3).join('; ')}` : '';
    return typeof body.error === 'string' ? `${body.error}${details}`.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
