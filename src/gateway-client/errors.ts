// Errors from talking to a relay's control API. Each says which relay, what failed and what to check.
// The bearer token is never part of a message; URLs are shown without any user:password part.

import { type Phrase, phrase } from '../i18n/phrase.ts';
import { PhraseError } from '../i18n/phrase-error.ts';

export type GatewayErrorKind = 'unreachable' | 'timeout' | 'unauthorized' | 'http' | 'invalid-response';

export class GatewayError extends PhraseError {
  constructor(
    readonly relay: string,
    readonly operation: string,
    readonly kind: GatewayErrorKind,
    what: Phrase,
  ) {
    super(phrase('relayClient.failed', { relay, operation, problem: what }));
  }
}

/** The URL as safe to show: scheme, host, port and path, never credentials or query strings. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}
