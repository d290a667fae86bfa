// Workspace users from the Admin SDK Directory API (users.get), acting as GOOGLE_ADMIN_SUBJECT with
// the read-only user scope. Used to tell whether a Slack user is a Workspace admin.
import type { admin_directory_v1 } from '@googleapis/admin';
import NodeCache from 'node-cache';
import { type BackoffOptions, DEFAULT_BACKOFF, withBackoff } from './backoff.ts';
import { createDelegatedClient, type GoogleEndpoint } from './google-auth.ts';
import { GoogleApiError } from './google-errors.ts';
import { SCOPES } from './scopes.ts';
import type { ServiceAccountKey } from './service-account.ts';

export interface DirectoryOptions {
  key: ServiceAccountKey;
  endpoint: GoogleEndpoint;
  subject: string;
  backoff?: BackoffOptions;
  cacheTtlSeconds?: number;
}

export type AdminStatus =
  | { found: false; email: string }
  | {
      found: true;
      email: string;
      isAdmin: boolean;
      isDelegatedAdmin: boolean;
      suspended: boolean;
      /** Super admin or delegated admin, and not suspended. */
      admin: boolean;
    };

export class Directory {
  #api: Promise<admin_directory_v1.Admin> | undefined;
  readonly #cache: NodeCache;
  readonly #options: DirectoryOptions;

  constructor(options: DirectoryOptions) {
    this.#options = options;
    this.#cache = new NodeCache({
      stdTTL: options.cacheTtlSeconds ?? 300,
      checkperiod: 600,
      useClones: false,
    });
  }

  async #client(): Promise<admin_directory_v1.Admin> {
    const { key, endpoint, subject } = this.#options;
    const { admin } = await import('@googleapis/admin');
    return admin({
      version: 'directory_v1',
      auth: await createDelegatedClient(key, endpoint, subject, SCOPES.directory),
      ...(endpoint.apiUrl ? { rootUrl: endpoint.apiUrl } : {}),
    });
  }

  /** Whether `email` is a Workspace admin; answers are cached for a few minutes. */
  async adminStatus(email: string): Promise<AdminStatus> {
    const cacheKey = email.toLowerCase();
    const cached = this.#cache.get<AdminStatus>(cacheKey);
    if (cached) return cached;
    this.#api ??= this.#client();
    const status = await this.#lookUp(await this.#api, email);
    this.#cache.set(cacheKey, status);
    return status;
  }

  /** For the setup check: a new token and no cache, so a removed delegation shows at once. */
  async check(email: string): Promise<AdminStatus> {
    return this.#lookUp(await this.#client(), email);
  }

  async #lookUp(api: admin_directory_v1.Admin, email: string): Promise<AdminStatus> {
    const { key, subject, endpoint } = this.#options;
    let status: AdminStatus;
    try {
      const response = await withBackoff(
        () =>
          api.users.get(
            { userKey: email, fields: 'primaryEmail,isAdmin,isDelegatedAdmin,suspended' },
            { timeout: endpoint.timeoutMs, retry: false },
          ),
        { api: 'directory', clientId: key.clientId, subject },
        this.#options.backoff ?? DEFAULT_BACKOFF,
      );
      const user = response.data;
      const isAdmin = user.isAdmin === true;
      const isDelegatedAdmin = user.isDelegatedAdmin === true;
      const suspended = user.suspended === true;
      status = {
        found: true,
        email: user.primaryEmail ?? email,
        isAdmin,
        isDelegatedAdmin,
        suspended,
        admin: (isAdmin || isDelegatedAdmin) && !suspended,
      };
    } catch (error) {
      if (error instanceof GoogleApiError && error.failure.kind === 'not-found')
        status = { found: false, email };
      else throw error;
    }
    return status;
  }

  close(): void {
    this.#cache.close();
  }
}
