// Sends probe messages through Gmail (users.messages.send) as the probe mailbox
// (GOOGLE_PROBE_SENDER), with the gmail.send scope only. The message goes in the JSON body as `raw`:
// the client does not apply rootUrl to media uploads.
import { gmail, type gmail_v1 } from '@googleapis/gmail';
import { type BackoffOptions, DEFAULT_BACKOFF, withBackoff } from './backoff.ts';
import { createDelegatedClient, type GoogleEndpoint } from './google-auth.ts';
import { buildProbeMessage, encodeRaw } from './probe-message.ts';
import { SCOPES } from './scopes.ts';
import type { ServiceAccountKey } from './service-account.ts';

export interface GmailProbeOptions {
  key: ServiceAccountKey;
  endpoint: GoogleEndpoint;
  /** GOOGLE_PROBE_SENDER: a licensed mailbox of the domain. */
  sender: string;
  backoff?: BackoffOptions;
}

export interface SentProbe {
  token: string;
  gmailId: string;
}

export class GmailProbe {
  readonly #gmail: gmail_v1.Gmail;
  readonly #options: GmailProbeOptions;

  constructor(options: GmailProbeOptions) {
    this.#options = options;
    this.#gmail = gmail({
      version: 'v1',
      auth: createDelegatedClient(options.key, options.endpoint, options.sender, SCOPES.probe),
      ...(options.endpoint.apiUrl ? { rootUrl: options.endpoint.apiUrl } : {}),
    });
  }

  get sender(): string {
    return this.#options.sender;
  }

  async send(probe: { token: string; to: string; now: Date; routeName?: string }): Promise<SentProbe> {
    const { key, sender, endpoint } = this.#options;
    const raw = encodeRaw(buildProbeMessage({ ...probe, from: sender }));
    // Only a quota refusal is certain not to have sent anything; anything else is not repeated.
    const response = await withBackoff(
      () =>
        this.#gmail.users.messages.send(
          { userId: 'me', requestBody: { raw } },
          { timeout: endpoint.timeoutMs, retry: false },
        ),
      { api: 'probe', clientId: key.clientId, subject: sender },
      this.#options.backoff ?? DEFAULT_BACKOFF,
      (failure) => failure.kind === 'quota',
    );
    return { token: probe.token, gmailId: response.data.id ?? '' };
  }

  /** Proves the gmail.send grant without sending mail: asks Google for a new token with that scope. */
  async check(): Promise<void> {
    const { key, sender, endpoint } = this.#options;
    const auth = createDelegatedClient(key, endpoint, sender, SCOPES.probe);
    await withBackoff(
      () => auth.getAccessToken(),
      { api: 'probe', clientId: key.clientId, subject: sender },
      { ...(this.#options.backoff ?? DEFAULT_BACKOFF), attempts: 1 },
    );
  }
}
