// Errors from talking to a relay's control API. Each says which relay, what failed and what to check.
// The bearer token is never part of a message; URLs are shown without any user:password part.

import { inEnglish } from '../i18n/in-english.ts';
import { type Phrase, phrase } from '../i18n/phrase.ts';

export type GatewayErrorKind = 'unreachable' | 'timeout' | 'unauthorized' | 'http' | 'invalid-response';

export class GatewayError extends Error {
  /** What failed and what to check, for the reader's language; the message is the same in English. */
  readonly problem: Phrase;

  constructor(
    readonly relay: string,
    readonly operation: string,
    readonly kind: GatewayErrorKind,
    what: Phrase,
  ) {
    const problem = phrase('relayClient.failed', { relay, operation, problem: what });
    super(inEnglish(problem));
    this.name = 'GatewayError';
    this.problem = problem;
  }
}

/** The URL as safe to show: scheme, host, port and path, never credentials or query strings. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}
