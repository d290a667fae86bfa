// Errors from talking to a relay's control API. Each says which relay, what failed and what to check.
// The bearer token is never part of a message; URLs are shown without any user:password part.

export type GatewayErrorKind = 'unreachable' | 'timeout' | 'unauthorized' | 'http' | 'invalid-response';

export class GatewayError extends Error {
  constructor(
    readonly relay: string,
    readonly operation: string,
    readonly kind: GatewayErrorKind,
    readonly problem: string,
    readonly check: string,
  ) {
    super(`relay "${relay}": ${operation} failed: ${problem}. Check ${check}`);
    this.name = 'GatewayError';
  }
}

/** The URL as safe to show: scheme, host, port and path, never credentials or query strings. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}
