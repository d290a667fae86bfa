// What an SMTP reply or a failure means for a recipient: delivered, deferred (try again) or bounced.
// Pure rules, no I/O.

export type RecipientResult = 'delivered' | 'deferred' | 'bounced';

export interface RecipientOutcome {
  address: string;
  result: RecipientResult;
  /** The next hop's reply ("550 5.1.1 no such user") or our own reason ("4.4.1 connection refused"). */
  reason: string;
  /** The host that gave the reply, when one did. */
  remoteHost?: string;
}

/** Classifies an SMTP reply code. */
export function resultOfReply(code: number): RecipientResult {
  if (code >= 200 && code < 300) return 'delivered';
  if (code >= 500 && code < 600) return 'bounced';
  return 'deferred';
}

/** The reply code at the start of an SMTP reply line, or undefined. */
export function replyCode(reply: string | undefined): number | undefined {
  const match = reply?.match(/^([2-5]\d\d)[ -]/);
  return match ? Number(match[1]) : undefined;
}

/** The enhanced status code (RFC 3463) in a reply, or a default by reply class. */
export function statusCode(reply: string, result: RecipientResult): string {
  const match = reply.match(/\b([245]\.\d{1,3}\.\d{1,3})\b/);
  if (match?.[1]) return match[1];
  if (result === 'delivered') return '2.0.0';
  return result === 'bounced' ? '5.0.0' : '4.0.0';
}

/** Every recipient gets the same outcome (connection failures, DNS failures, refused sender). */
export function allRecipients(
  addresses: string[],
  result: RecipientResult,
  reason: string,
  remoteHost?: string,
) {
  return addresses.map<RecipientOutcome>((address) => ({ address, result, reason, remoteHost }));
}
