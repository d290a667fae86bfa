// Signing requests the way Slack does (v0 HMAC-SHA256 of "v0:timestamp:body"), and sending them.
import { createHmac } from 'node:crypto';

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface SignedPostOptions {
  secret?: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  signature?: string;
  /** Form-encoded (commands, interactions) unless given. */
  contentType?: string;
}

export async function postSigned(
  url: string,
  body: string,
  options: SignedPostOptions = {},
): Promise<{ status: number; text: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature =
    options.signature ?? slackSignature(options.secret ?? TEST_SIGNING_SECRET, timestamp, body);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** A signed JSON body, as Slack sends events. */
export async function postSignedJson(url: string, json: string): Promise<number> {
  return (await postSigned(url, json, { contentType: 'application/json' })).status;
}
