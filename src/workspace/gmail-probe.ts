// Sends probe messages through Gmail (users.messages.send) as the probe mailbox
// (GOOGLE_PROBE_SENDER), with the gmail.send scope only. The message goes in the JSON body as `raw`:
// the client does not apply rootUrl to media uploads.
import type { gmail_v1 } from '@googleapis/gmail';
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
  #gmail: Promise<gmail_v1.Gmail> | undefined;
  readonly #options: GmailProbeOptions;

  constructor(options: GmailProbeOptions) {
    this.#options = options;
  }

  async #client(): Promise<gmail_v1.Gmail> {
    const { key, endpoint, sender } = this.#options;
    const { gmail } = await import('@googleapis/gmail');
    return gmail({
      version: 'v1',
      auth: await createDelegatedClient(key, endpoint, sender, SCOPES.probe),
      ...(endpoint.apiUrl ? { rootUrl: endpoint.apiUrl } : {}),
    });
  }

  get sender(): string {
    return this.#options.sender;
  }

  async send(probe: { token: string; to: string; now: Date; routeName?: string }): Promise<SentProbe> {
    const { key, sender, endpoint } = this.#options;
    const raw = encodeRaw(buildProbeMessage({ ...probe, from: sender }));
    this.#gmail ??= this.#client();
    const api = await this.#gmail;
    // Only a quota refusal is certain not to have sent anything; anything else is not repeated.
    const response = await withBackoff(
      () =>
        api.users.messages.send(
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
    const auth = await createDelegatedClient(key, endpoint, sender, SCOPES.probe);
    await withBackoff(
      () => auth.getAccessToken(),
      { api: 'probe', clientId: key.clientId, subject: sender },
      { ...(this.#options.backoff ?? DEFAULT_BACKOFF), attempts: 1 },
    );
  }
}
