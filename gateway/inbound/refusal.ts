// Why the relay says no. Every refusal has a reason (the label of the rejection counter), an SMTP
// reply code with its enhanced status code (RFC 3463), and a text that tells the sender what to do.

export type RefusalReason =
  | 'client-not-allowed'
  | 'allowlist-not-loaded'
  | 'paused'
  | 'too-many-messages'
  | 'sender-domain'
  | 'null-sender'
  | 'recipient-syntax'
  | 'too-many-recipients'
  | 'bare-newline'
  | 'message-too-large'
  | 'spool-error'
  | 'spool-full'
  | 'too-many-clients'
  | 'too-many-connections-per-ip'
  | 'data-timeout'
  | 'session-timeout'
  | 'sender-syntax'
  | 'tenant-dkim'
  | 'tenant-dkim-temperror'
  | 'tenant-header'
  | 'virus'
  | 'spam'
  | 'scan-error';

export const REFUSAL_REASONS: readonly RefusalReason[] = [
  'client-not-allowed',
  'allowlist-not-loaded',
  'paused',
  'too-many-messages',
  'sender-domain',
  'null-sender',
  'recipient-syntax',
  'too-many-recipients',
  'bare-newline',
  'message-too-large',
  'spool-error',
  'spool-full',
  'too-many-clients',
  'too-many-connections-per-ip',
  'data-timeout',
  'session-timeout',
  'sender-syntax',
  'tenant-dkim',
  'tenant-dkim-temperror',
  'tenant-header',
  'virus',
  'spam',
  'scan-error',
];

export interface Refusal {
  reason: RefusalReason;
  code: number;
  /** enhanced status code, e.g. 5.7.1 */
  status: string;
  text: string;
}

export function refusal(reason: RefusalReason, code: number, status: string, text: string): Refusal {
  return { reason, code, status, text };
}

/** The error smtp-server turns into the reply `<code> <status> <text>`. */
export class RefusalError extends Error {
  readonly responseCode: number;
  constructor(readonly refusal: Refusal) {
    super(`${refusal.status} ${refusal.text}`);
    this.name = 'RefusalError';
    this.responseCode = refusal.code;
  }
}

/** The spool's file system is (nearly) full: the sender keeps the message and tries again. */
export function spoolFull(): Refusal {
  return refusal(
    'spool-full',
    452,
    '4.3.1',
    'Insufficient system storage: the relay is out of spool space, try again later',
  );
}
