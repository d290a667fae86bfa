// Asks the relay's control API whether a probe arrived (GET /probes/:token), with the relay's own
// response schema. Errors say what failed and what to check; the bearer token never appears.
import { ProbeLookupResponse, type ProbeSighting } from '../../gateway/control-schema.ts';
import { phrase } from '../i18n/phrase.ts';
import { PhraseError } from '../i18n/phrase-error.ts';

export interface RelayProbeClientOptions {
  /** GATEWAY_CONTROL_URL, e.g. http://127.0.0.1:8025 */
  url: string;
  /** GATEWAY_CONTROL_TOKEN */
  token: string;
  timeoutMs?: number;
}

/** Why the relay could not be asked about a probe: a phrase for the reader, English for the log. */
export class RelayProbeError extends PhraseError {}

export class RelayProbeClient {
  constructor(private readonly options: RelayProbeClientOptions) {}

  async lookup(token: string): Promise<ProbeSighting | undefined> {
    const url = new URL(`/probes/${encodeURIComponent(token)}`, this.options.url);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: `Bearer ${this.options.token}` },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new RelayProbeError(
        phrase(timedOut ? 'relayProbes.timedOut' : 'relayProbes.unreachable', { origin: url.origin }),
      );
    }
    if (response.status === 401) {
      throw new RelayProbeError(phrase('relayProbes.token'));
    }
    if (!response.ok) {
      throw new RelayProbeError(phrase('relayProbes.http', { status: response.status, path: url.pathname }));
    }
    const parsed = ProbeLookupResponse.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new RelayProbeError(phrase('relayProbes.shape', { path: url.pathname }));
    }
    return parsed.data.seen ? parsed.data.sighting : undefined;
  }
}
