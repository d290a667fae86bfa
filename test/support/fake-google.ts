// A fake Google API server on loopback for the real @googleapis clients (pointed at it with rootUrl)
// and google-auth-library's JWT grant. It verifies the signed JWT assertion against the service
// account's public key, grants only the scopes "delegated" to the client ID (as the Admin console
// would), and answers the Reports, Directory and Gmail calls the bot makes with Google-shaped bodies,
// errors included. Errors can be injected per API.
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, verify } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export type FakeApi = 'token' | 'reports' | 'directory' | 'gmail' | 'policies';

/** A Cloud Identity policy (policies.list), e.g. a Gmail setting for one org unit. */
export interface FakePolicy {
  orgUnit?: string;
  group?: string;
  type: 'ADMIN' | 'SYSTEM';
  settingType: string;
  value: Record<string, unknown>;
}

export interface FakeParameter {
  name: string;
  value?: string;
  multiValue?: string[];
  intValue?: string;
  boolValue?: boolean;
}

export interface FakeActivity {
  time: string;
  actorEmail: string;
  events: { type?: string; name: string; parameters: FakeParameter[] }[];
}

/** An Admin console audit entry: a Gmail setting created by `actorEmail`, with its parameters in order. */
export function gmailSettingCreated(
  time: string,
  actorEmail: string,
  parameters: Record<string, string>,
): FakeActivity {
  return {
    time,
    actorEmail,
    events: [
      {
        type: 'EMAIL_SETTINGS',
        name: 'CREATE_GMAIL_SETTING',
        parameters: Object.entries(parameters).map(([name, value]) => ({ name, value })),
      },
    ],
  };
}

export interface FakeUser {
  primaryEmail: string;
  isAdmin?: boolean;
  isDelegatedAdmin?: boolean;
  suspended?: boolean;
}

export interface SentMail {
  id: string;
  /** The mailbox it was sent as (the token's subject). */
  sender: string;
  /** The decoded message, as the client built it. */
  message: string;
}

export interface RecordedRequest {
  api: FakeApi;
  method: string;
  path: string;
  query: Record<string, string>;
  subject?: string;
}

export interface InjectedError {
  status: number;
  /** Google's error reason (defaults by status), or the OAuth error for the token endpoint. */
  reason?: string;
  retryAfterSeconds?: number;
}

export interface TestServiceAccount {
  file: string;
  clientId: string;
  clientEmail: string;
}

interface IssuedToken {
  clientId: string;
  subject: string;
  scopes: Set<string>;
}

const SCOPE_REPORTS = 'https://www.googleapis.com/auth/admin.reports.audit.readonly';
const SCOPE_DIRECTORY = 'https://www.googleapis.com/auth/admin.directory.user.readonly';
const SCOPE_GMAIL_SEND = 'https://www.googleapis.com/auth/gmail.send';
const SCOPE_POLICIES = 'https://www.googleapis.com/auth/cloud-identity.policies.readonly';

function googleError(
  status: number,
  reason: string,
  message: string,
  rpcStatus: string,
  detailReason?: string,
) {
  const error: Record<string, unknown> = {
    code: status,
    message,
    errors: [{ message, domain: 'global', reason }],
    status: rpcStatus,
  };
  if (detailReason) {
    error.details = [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: detailReason,
        domain: 'googleapis.com',
        metadata: { service: 'admin.googleapis.com' },
      },
    ];
  }
  return { error };
}

/** Error bodies as Google's APIs send them. */
export function googleErrorBody(status: number, reason?: string): unknown {
  if (status === 401) {
    return googleError(
      401,
      reason ?? 'authError',
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      'UNAUTHENTICATED',
    );
  }
  if (status === 403 && (reason ?? 'insufficientPermissions') === 'insufficientPermissions') {
    return googleError(
      403,
      'insufficientPermissions',
      'Request had insufficient authentication scopes.',
      'PERMISSION_DENIED',
      'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
    );
  }
  if (status === 403 && reason === 'rateLimitExceeded') {
    return googleError(403, reason, 'Rate Limit Exceeded', 'PERMISSION_DENIED');
  }
  if (status === 403) {
    return googleError(
      403,
      reason ?? 'forbidden',
      'Not Authorized to access this resource/api',
      'PERMISSION_DENIED',
    );
  }
  if (status === 404) {
    return googleError(404, reason ?? 'notFound', 'Resource Not Found: userKey', 'NOT_FOUND');
  }
  if (status === 429) {
    return googleError(
      429,
      reason ?? 'rateLimitExceeded',
      "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'admin.googleapis.com' for consumer 'project_number:123456789'.",
      'RESOURCE_EXHAUSTED',
      'RATE_LIMIT_EXCEEDED',
    );
  }
  return googleError(status, reason ?? 'backendError', 'Internal error encountered.', 'INTERNAL');
}

function base64urlJson(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export class FakeGoogle {
  readonly users = new Map<string, FakeUser>();
  readonly activities: FakeActivity[] = [];
  readonly sent: SentMail[] = [];
  /** Cloud Identity policies, as policies.list returns them. */
  readonly policies: FakePolicy[] = [];
  readonly requests: RecordedRequest[] = [];
  /** Largest page the fake returns, whatever maxResults asks for (to exercise pagination). */
  pageSize = 1000;
  /** Called for each message sent through Gmail (e.g. to hand it to a relay as Gmail would). */
  onSend: ((mail: SentMail) => Promise<void>) | undefined;
  /** When set, every API answer waits this long (to exercise client timeouts). */
  delayMs = 0;

  readonly #accounts = new Map<string, { clientId: string; publicKey: KeyObject }>();
  readonly #grants = new Map<string, Set<string>>();
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #injected = new Map<FakeApi, InjectedError[]>();
  readonly #server = createServer((request, response) => {
    this.#handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify(googleErrorBody(500, String(error))));
    });
  });
  #url = '';

  get url(): string {
    return this.#url;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.#url = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /**
   * Creates a service account with a fresh RSA key, registers its public key, and writes the key file
   * (token_uri pointing here) into `dir`.
   */
  async createServiceAccount(dir: string, name = 'gateway-bot'): Promise<TestServiceAccount> {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const clientId = String(100_000_000_000_000_000_000n + BigInt(this.#accounts.size + 1));
    const clientEmail = `${name}@test-project.iam.gserviceaccount.com`;
    this.#accounts.set(clientEmail, { clientId, publicKey });
    const file = join(dir, `${name}.json`);
    const keyJson = {
      type: 'service_account',
      project_id: 'test-project',
      private_key_id: createHash('sha1').update(clientEmail).digest('hex'),
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: clientEmail,
      client_id: clientId,
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: `${this.#url}/token`,
    };
    await writeFile(file, JSON.stringify(keyJson, null, 2), { mode: 0o600 });
    return { file, clientId, clientEmail };
  }

  /** Domain-wide delegation as in the Admin console: these scopes for this client ID. */
  delegate(clientId: string, scopes: string[]): void {
    this.#grants.set(clientId, new Set(scopes));
  }

  delegateAll(clientId: string): void {
    this.delegate(clientId, [SCOPE_REPORTS, SCOPE_DIRECTORY, SCOPE_GMAIL_SEND, SCOPE_POLICIES]);
  }

  addUser(user: FakeUser): void {
    this.users.set(user.primaryEmail.toLowerCase(), user);
  }

  addActivity(activity: FakeActivity): void {
    this.activities.push(activity);
  }

  /** The next `times` calls to `api` fail with this error. */
  failNext(api: FakeApi, error: InjectedError, times = 1): void {
    const queue = this.#injected.get(api) ?? [];
    for (let i = 0; i < times; i++) queue.push(error);
    this.#injected.set(api, queue);
  }

  requestsTo(api: FakeApi): RecordedRequest[] {
    return this.requests.filter((request) => request.api === api);
  }

  #send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
    response.end(JSON.stringify(body));
  }

  #injectedError(api: FakeApi, response: ServerResponse): boolean {
    const injected = this.#injected.get(api)?.shift();
    if (!injected) return false;
    const headers: Record<string, string> =
      injected.retryAfterSeconds === undefined ? {} : { 'retry-after': String(injected.retryAfterSeconds) };
    if (api === 'token') {
      this.#send(
        response,
        injected.status,
        { error: injected.reason ?? 'unauthorized_client', error_description: 'Injected token failure.' },
        headers,
      );
    } else {
      this.#send(response, injected.status, googleErrorBody(injected.status, injected.reason), headers);
    }
    return true;
  }

  async #handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', this.#url);
    const query = Object.fromEntries(url.searchParams);
    const path = url.pathname;
    if (request.method === 'POST' && path === '/token') {
      this.requests.push({ api: 'token', method: 'POST', path, query });
      if (this.#injectedError('token', response)) return;
      return this.#token(await readBody(request), response);
    }
    const api: FakeApi | undefined = path.startsWith('/admin/reports/')
      ? 'reports'
      : path.startsWith('/admin/directory/')
        ? 'directory'
        : path.startsWith('/gmail/')
          ? 'gmail'
          : path.startsWith('/v1/policies')
            ? 'policies'
            : undefined;
    if (!api) return this.#send(response, 404, googleErrorBody(404, 'notFound'));
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const token = bearer ? this.#tokens.get(bearer) : undefined;
    const recorded: RecordedRequest = { api, method: request.method ?? 'GET', path, query };
    if (token) recorded.subject = token.subject;
    this.requests.push(recorded);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.#injectedError(api, response)) return;
    if (!token) return this.#send(response, 401, googleErrorBody(401));
    const needed =
      api === 'reports'
        ? SCOPE_REPORTS
        : api === 'directory'
          ? SCOPE_DIRECTORY
          : api === 'policies'
            ? SCOPE_POLICIES
            : SCOPE_GMAIL_SEND;
    if (!token.scopes.has(needed))
      return this.#send(response, 403, googleErrorBody(403, 'insufficientPermissions'));
    if (api === 'reports') return this.#reports(path, query, token, response);
    if (api === 'directory') return this.#directory(path, token, response);
    if (api === 'policies') return this.#policies(path, query, token, response);
    return this.#gmail(request, path, await readBody(request), token, response);
  }

  #token(body: string, response: ServerResponse) {
    const form = new URLSearchParams(body);
    const assertion = form.get('assertion') ?? '';
    const [header, payload, signature] = assertion.split('.');
    if (
      form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' ||
      !header ||
      !payload ||
      !signature
    ) {
      return this.#send(response, 400, {
        error: 'invalid_request',
        error_description: 'Invalid grant_type or assertion.',
      });
    }
    const claims = base64urlJson(payload);
    const account = this.#accounts.get(String(claims.iss));
    const signedOk =
      account !== undefined &&
      verify(
        'RSA-SHA256',
        Buffer.from(`${header}.${payload}`),
        account.publicKey,
        Buffer.from(signature, 'base64url'),
      );
    if (!account || !signedOk) {
      return this.#send(response, 400, {
        error: 'invalid_grant',
        error_description: 'Invalid JWT Signature.',
      });
    }
    const subject = String(claims.sub ?? '');
    const user = this.users.get(subject.toLowerCase());
    if (!user || user.suspended) {
      return this.#send(response, 400, {
        error: 'invalid_grant',
        error_description: 'Invalid email or User ID',
      });
    }
    const requested = String(claims.scope ?? '')
      .split(' ')
      .filter(Boolean);
    const granted = this.#grants.get(account.clientId) ?? new Set<string>();
    if (requested.length === 0 || !requested.every((scope) => granted.has(scope))) {
      return this.#send(response, 401, {
        error: 'unauthorized_client',
        error_description:
          'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
      });
    }
    const accessToken = `ya29.${randomBytes(24).toString('base64url')}`;
    this.#tokens.set(accessToken, {
      clientId: account.clientId,
      subject: user.primaryEmail,
      scopes: new Set(requested),
    });
    this.#send(response, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  }

  #reports(path: string, query: Record<string, string>, token: IssuedToken, response: ServerResponse) {
    const match = /^\/admin\/reports\/v1\/activity\/users\/([^/]+)\/applications\/([^/]+)$/.exec(path);
    if (match?.[1] !== 'all' || match[2] !== 'admin') {
      return this.#send(response, 400, googleErrorBody(400, 'invalid'));
    }
    const actor = this.users.get(token.subject.toLowerCase());
    if (!actor?.isAdmin && !actor?.isDelegatedAdmin)
      return this.#send(response, 403, googleErrorBody(403, 'forbidden'));
    const start = query.startTime ? Date.parse(query.startTime) : Number.NEGATIVE_INFINITY;
    const end = query.endTime ? Date.parse(query.endTime) : Number.POSITIVE_INFINITY;
    const selected = this.activities
      .filter((activity) => Date.parse(activity.time) >= start && Date.parse(activity.time) <= end)
      .sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
    const size = Math.min(this.pageSize, Number(query.maxResults ?? 1000));
    const offset = query.pageToken ? Number(Buffer.from(query.pageToken, 'base64url').toString()) : 0;
    const page = selected.slice(offset, offset + size);
    const body: Record<string, unknown> = {
      kind: 'admin#reports#activities',
      etag: `"${randomBytes(8).toString('hex')}"`,
    };
    if (page.length > 0) {
      body.items = page.map((activity, index) => ({
        kind: 'admin#reports#activity',
        id: {
          time: activity.time,
          uniqueQualifier: String(-1_000_000 - offset - index),
          applicationName: 'admin',
          customerId: 'C01abcdef',
        },
        etag: `"${index}"`,
        actor: { callerType: 'USER', email: activity.actorEmail, profileId: '1234567890' },
        ipAddress: '203.0.113.9',
        events: activity.events,
      }));
    }
    if (offset + size < selected.length)
      body.nextPageToken = Buffer.from(String(offset + size)).toString('base64url');
    this.#send(response, 200, body);
  }

  /** policies.list: super admins only; `setting.type.matches('<regexp>')` filters; 100 a page at most. */
  #policies(path: string, query: Record<string, string>, token: IssuedToken, response: ServerResponse) {
    if (path !== '/v1/policies') return this.#send(response, 404, googleErrorBody(404, 'notFound'));
    if (!this.users.get(token.subject.toLowerCase())?.isAdmin)
      return this.#send(response, 403, googleErrorBody(403, 'forbidden'));
    const pattern = /setting\.type\.matches\('([^']*)'\)/.exec(query.filter ?? '')?.[1];
    const matcher = pattern === undefined ? undefined : new RegExp(pattern.replace(/\\\\/g, '\\'));
    const selected = this.policies.filter((p) => !matcher || matcher.test(p.settingType));
    const size = Math.min(this.pageSize, Number(query.pageSize || 50), 100);
    const offset = query.pageToken ? Number(Buffer.from(query.pageToken, 'base64url').toString()) : 0;
    const body: Record<string, unknown> = {
      policies: selected.slice(offset, offset + size).map((p, index) => ({
        name: `policies/${(offset + index).toString(36).padStart(8, 'a')}`,
        customer: 'customers/C01abcdef',
        policyQuery: {
          ...(p.orgUnit ? { orgUnit: p.orgUnit } : {}),
          ...(p.group ? { group: p.group } : {}),
          query: "entity.org_units.exists(org_unit, org_unit.org_unit_id == orgUnitId('03ph8a2z1'))",
          sortOrder: 1,
        },
        setting: { type: p.settingType, value: p.value },
        type: p.type,
      })),
    };
    if (offset + size < selected.length)
      body.nextPageToken = Buffer.from(String(offset + size)).toString('base64url');
    this.#send(response, 200, body);
  }

  #directory(path: string, token: IssuedToken, response: ServerResponse) {
    const match = /^\/admin\/directory\/v1\/users\/([^/]+)$/.exec(path);
    const caller = this.users.get(token.subject.toLowerCase());
    if (!caller?.isAdmin && !caller?.isDelegatedAdmin)
      return this.#send(response, 403, googleErrorBody(403, 'forbidden'));
    const user = match?.[1] ? this.users.get(decodeURIComponent(match[1]).toLowerCase()) : undefined;
    if (!user) return this.#send(response, 404, googleErrorBody(404, 'notFound'));
    this.#send(response, 200, {
      kind: 'admin#directory#user',
      primaryEmail: user.primaryEmail,
      isAdmin: user.isAdmin ?? false,
      isDelegatedAdmin: user.isDelegatedAdmin ?? false,
      suspended: user.suspended ?? false,
    });
  }

  async #gmail(
    request: IncomingMessage,
    path: string,
    body: string,
    token: IssuedToken,
    response: ServerResponse,
  ) {
    const match = /^\/gmail\/v1\/users\/([^/]+)\/messages\/send$/.exec(path);
    if (request.method !== 'POST' || !match?.[1])
      return this.#send(response, 404, googleErrorBody(404, 'notFound'));
    const userId = decodeURIComponent(match[1]);
    if (userId !== 'me' && userId.toLowerCase() !== token.subject.toLowerCase()) {
      return this.#send(response, 403, googleErrorBody(403, 'forbidden'));
    }
    const raw = (JSON.parse(body || '{}') as { raw?: string }).raw;
    if (!raw) return this.#send(response, 400, googleErrorBody(400, 'invalidArgument'));
    const mail: SentMail = {
      id: randomBytes(8).toString('hex'),
      sender: token.subject,
      message: Buffer.from(raw, 'base64url').toString('utf8'),
    };
    this.sent.push(mail);
    await this.onSend?.(mail);
    this.#send(response, 200, { id: mail.id, threadId: mail.id, labelIds: ['SENT'] });
  }
}

export async function startFakeGoogle(): Promise<FakeGoogle> {
  return new FakeGoogle().start();
}
