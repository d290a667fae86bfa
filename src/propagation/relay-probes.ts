// Asks the relay's control API whether a probe arrived (GET /probes/:token), with the relay's own
// response schema. Errors say what failed and what to check; the bearer token never appears.
import { ProbeLookupResponse, type ProbeSighting } from '../../gateway/control-schema.ts';

export interface RelayProbeClientOptions {
  /** GATEWAY_CONTROL_URL, e.g. http://127.0.0.1:8025 */
  url: string;
  /** GATEWAY_CONTROL_TOKEN */
  token: string;
  timeoutMs?: number;
}

export class RelayProbeError extends Error {
  override name = 'RelayProbeError';
}

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
      const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : 'could not connect';
      throw new RelayProbeError(
        `the relay's control API at ${url.origin} ${reason}: check GATEWAY_CONTROL_URL and that the relay runs`,
      );
    }
    if (response.status === 401) {
      throw new RelayProbeError(
        'the relay refused the control token: check GATEWAY_CONTROL_TOKEN against control.token',
      );
    }
    if (!response.ok) {
      throw new RelayProbeError(
        `the relay answered HTTP ${response.status} to ${url.pathname}: check its log`,
      );
    }
    const parsed = ProbeLookupResponse.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new RelayProbeError(
        `the relay's answer to ${url.pathname} is not a probe lookup: is it a newer or older version?`,
      );
    }
    return parsed.data.seen ? parsed.data.sighting : undefined;
  }
}
