// Domain-wide delegation: one JWT client per (user acted as, scope). google-auth-library 10.5.0 posts
// the JWT grant to Google's token URL whatever the key file says, so a different token URL (the key's
// token_uri, or GOOGLE_API_URL in tests and staging) is put in place on the client's transporter.
// The Google client libraries are loaded on the first Google call (they hold several MB once loaded),
// so a bot that never calls Google does not carry them.
import type { JWT } from 'google-auth-library';
import { GOOGLE_TOKEN_URL, type ServiceAccountKey } from './service-account.ts';

export interface GoogleEndpoint {
  /** GOOGLE_API_URL: the root URL of every Google API the bot calls; unset means Google itself. */
  apiUrl?: string;
  /** Per-request timeout in milliseconds, token requests included. */
  timeoutMs: number;
}

export function tokenUrlFor(key: ServiceAccountKey, endpoint: GoogleEndpoint): string {
  if (endpoint.apiUrl) return new URL('/token', endpoint.apiUrl).href;
  return key.tokenUri;
}

export async function createDelegatedClient(
  key: ServiceAccountKey,
  endpoint: GoogleEndpoint,
  subject: string,
  scope: string,
): Promise<JWT> {
  const { JWT } = await import('google-auth-library');
  const jwt = new JWT({ email: key.clientEmail, key: key.privateKey, scopes: [scope], subject });
  jwt.transporter.defaults.timeout = endpoint.timeoutMs;
  const tokenUrl = tokenUrlFor(key, endpoint);
  if (tokenUrl !== GOOGLE_TOKEN_URL) {
    jwt.transporter.interceptors.request.add({
      resolved: async (config) => {
        if (config.url.href === GOOGLE_TOKEN_URL) config.url = new URL(tokenUrl);
        return config;
      },
    });
  }
  return jwt;
}
