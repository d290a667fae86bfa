// The Gmail setting "Allow per-user outbound gateways" (Apps > Google Workspace > Gmail > End User
// Access), read with the Cloud Identity Policy API's policies.list as GOOGLE_ADMIN_SUBJECT (a super
// admin) with the read-only policies scope. Where it is on, users may send through their own external
// SMTP servers, and that mail never passes the organization's gateway (not archived, not scanned).
import type { cloudidentity_v1 } from '@googleapis/cloudidentity';
import { type BackoffOptions, DEFAULT_BACKOFF, withBackoff } from './backoff.ts';
import { createDelegatedClient, type GoogleEndpoint } from './google-auth.ts';
import { SCOPES } from './scopes.ts';
import type { ServiceAccountKey } from './service-account.ts';

export const PER_USER_OUTBOUND_GATEWAY = 'settings/gmail.per_user_outbound_gateway';
const FILTER = `setting.type.matches('^settings/gmail\\\\.per_user_outbound_gateway$')`;
/** Bounds the pages followed (100 policies each); an organization has far fewer. */
const MAX_PAGES = 50;

export interface OutboundGatewayPolicyOptions {
  key: ServiceAccountKey;
  endpoint: GoogleEndpoint;
  subject: string;
  backoff?: BackoffOptions;
}

/** Where the setting applies: an org unit (`orgUnits/...`) or a group (`groups/...`). */
export interface PerUserGatewaySetting {
  target: string;
  allowed: boolean;
  /** ADMIN (set by an admin) or SYSTEM (Google's default). */
  type: string;
}

export class OutboundGatewayPolicy {
  readonly #options: OutboundGatewayPolicyOptions;

  constructor(options: OutboundGatewayPolicyOptions) {
    this.#options = options;
  }

  /** Every policy of the setting, one per org unit or group it is set for. New token each call. */
  async perUserGateways(): Promise<PerUserGatewaySetting[]> {
    const { key, endpoint, subject } = this.#options;
    const { cloudidentity } = await import('@googleapis/cloudidentity');
    const api = cloudidentity({
      version: 'v1',
      auth: await createDelegatedClient(key, endpoint, subject, SCOPES.policies),
      ...(endpoint.apiUrl ? { rootUrl: endpoint.apiUrl } : {}),
    });
    const settings: PerUserGatewaySetting[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await withBackoff(
        () =>
          api.policies.list(
            { filter: FILTER, pageSize: 100, ...(pageToken ? { pageToken } : {}) },
            { timeout: endpoint.timeoutMs, retry: false },
          ),
        { api: 'policies', clientId: key.clientId, subject },
        this.#options.backoff ?? DEFAULT_BACKOFF,
      );
      for (const policy of response.data.policies ?? []) {
        const setting = readPolicy(policy);
        if (setting) settings.push(setting);
      }
      pageToken = response.data.nextPageToken ?? undefined;
      if (!pageToken) break;
    }
    return settings;
  }
}

/** One policy; other setting types and malformed entries are skipped. */
export function readPolicy(policy: cloudidentity_v1.Schema$Policy): PerUserGatewaySetting | undefined {
  if (policy.setting?.type !== PER_USER_OUTBOUND_GATEWAY) return undefined;
  const value = policy.setting.value as Record<string, unknown> | null | undefined;
  const target = policy.policyQuery?.orgUnit ?? policy.policyQuery?.group;
  if (typeof target !== 'string' || target === '') return undefined;
  return {
    target: target.slice(0, 200),
    allowed: value?.allowUsersToUseExternalSmtpServers === true,
    type: typeof policy.type === 'string' ? policy.type : 'UNKNOWN',
  };
}
