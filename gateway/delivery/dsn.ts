// RFC 3464 delivery status notifications (bounces): multipart/report with a human-readable part, a
// message/delivery-status part and the original message's headers. Pure: time and ids passed in.
import type { QueuedEnvelope, RecipientState } from '../spool.ts';
import { rfc5322Date } from './headers.ts';
import { statusCode } from './outcome.ts';

export interface BounceInput {
  envelope: QueuedEnvelope;
  /** The recipients that failed for good, with their last error. */
  failed: RecipientState[];
  /** The original header block, ending with its blank line or not. */
  originalHeaders: Buffer;
  /** This relay's host name (Reporting-MTA, From: MAILER-DAEMON@...). */
  reportingMta: string;
  now: Date;
  /** Unique per bounce, used for the boundary and Message-ID. */
  uniqueId: string;
  /** Host that gave each recipient's final reply, when one did. */
  remoteHosts?: Record<string, string>;
}

export interface Bounce {
  /** Envelope sender of the bounce: always the null sender. */
  mailFrom: '';
  rcptTo: string[];
  message: Buffer;
}

/** The bounce for these recipients, or null when the original came from the null sender (never bounce a bounce). */
export function composeBounce(input: BounceInput): Bounce | null {
  const { envelope, failed, reportingMta, now, uniqueId } = input;
  if (envelope.mailFrom === '' || failed.length === 0) return null;
  const boundary = `=_report_${uniqueId}`;
  const date = rfc5322Date(now);
  const humanLines = [
    `This is the mail relay at ${reportingMta}.`,
    '',
    `Your message (queue id ${envelope.id}, received ${rfc5322Date(new Date(envelope.receivedAt))})`,
    'could not be delivered to the following recipients. This is a permanent failure;',
    'the relay will not try again.',
    '',
    ...failed.flatMap((r) => [`<${r.address}>:`, `    ${oneLine(r.lastError ?? 'unknown error')}`]),
    '',
    'The headers of your message are attached.',
  ];
  const perMessage = [
    `Reporting-MTA: dns; ${reportingMta}`,
    `X-Queue-ID: ${envelope.id}`,
    `Arrival-Date: ${rfc5322Date(new Date(envelope.receivedAt))}`,
  ];
  const perRecipient = failed.map((r) => {
    const error = oneLine(r.lastError ?? 'unknown error');
    const remote = input.remoteHosts?.[r.address];
    const fields = [
      `Final-Recipient: rfc822; ${r.address}`,
      'Action: failed',
      `Status: ${statusCode(error, 'bounced').replace(/^4/, '5')}`,
    ];
    if (remote) fields.push(`Remote-MTA: dns; ${remote}`);
    fields.push(remote ? `Diagnostic-Code: smtp; ${error}` : `Diagnostic-Code: X-Relay; ${error}`);
    if (r.lastAttemptAt) fields.push(`Last-Attempt-Date: ${rfc5322Date(new Date(r.lastAttemptAt))}`);
    return fields.join('\r\n');
  });
  const headers = trimHeaderBlock(input.originalHeaders);
  const head = [
    `From: Mail Delivery System <MAILER-DAEMON@${reportingMta}>`,
    `To: <${envelope.mailFrom}>`,
    'Subject: Undelivered Mail Returned to Sender',
    `Date: ${date}`,
    `Message-ID: <${uniqueId}.bounce@${reportingMta}>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    'This is a MIME-encapsulated delivery status notification.',
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Description: Notification',
    '',
    ...humanLines,
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    'Content-Description: Delivery report',
    '',
    perMessage.join('\r\n'),
    '',
    perRecipient.join('\r\n\r\n'),
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    'Content-Description: Undelivered message headers',
    '',
    '',
  ].join('\r\n');
  const tail = `\r\n--${boundary}--\r\n`;
  return {
    mailFrom: '',
    rcptTo: [envelope.mailFrom],
    message: Buffer.concat([Buffer.from(head, 'utf8'), headers, Buffer.from(tail)]),
  };
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

/** The header block without its terminating blank line, ending in CRLF. */
function trimHeaderBlock(block: Buffer): Buffer {
  let end = block.length;
  while (end >= 2 && block[end - 2] === 0x0d && block[end - 1] === 0x0a) end -= 2;
  return Buffer.concat([block.subarray(0, end), Buffer.from('\r\n')]);
}
