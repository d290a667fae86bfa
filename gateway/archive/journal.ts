// The journal report sent to archive.smtp: a new message from the relay whose first part is the
// envelope (JSON) and whose second part is the accepted message, byte for byte, as message/rfc822.
// The message's own bytes are never changed: per RFC 2046 the CRLF before a boundary belongs to the
// boundary, so one extra CRLF is written after them and the part's content is exactly those bytes.
import { randomBytes } from 'node:crypto';
import type { QueuedEnvelope } from '../spool.ts';
import { archiveEnvelope } from './destination.ts';

export function journalReport(
  envelope: QueuedEnvelope,
  bytes: Buffer,
  options: { from: string; to: string; hostname: string; now: Date },
): Buffer {
  let boundary: string;
  do boundary = `=_journal_${randomBytes(12).toString('hex')}`;
  while (bytes.includes(boundary));
  const eightBit = bytes.some((b) => b > 0x7f);
  const head = [
    `From: Outbound relay journal <${options.from}>`,
    `To: <${options.to}>`,
    `Date: ${options.now.toUTCString().replace('GMT', '+0000')}`,
    `Subject: Journal copy ${envelope.id}`,
    `Message-ID: <journal.${envelope.id}@${options.hostname}>`,
    `X-Gateway-Journal-Queue-Id: ${envelope.id}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: application/json; charset=utf-8',
    'Content-Disposition: inline; filename="envelope.json"',
    '',
    JSON.stringify(archiveEnvelope(envelope, options.now)),
    `--${boundary}`,
    'Content-Type: message/rfc822',
    `Content-Transfer-Encoding: ${eightBit ? '8bit' : '7bit'}`,
    'Content-Disposition: attachment; filename="message.eml"',
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'utf8'), bytes, Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1')]);
}

/** The message part of a journal report, as sent (for tests and for whoever reads the archive). */
export function messageOfReport(report: Buffer): Buffer | undefined {
  const text = report.toString('latin1');
  const boundary = /boundary="([^"]+)"/.exec(text)?.[1];
  if (!boundary) return undefined;
  const marker = 'Content-Disposition: attachment; filename="message.eml"\r\n\r\n';
  const start = text.indexOf(marker);
  const end = text.lastIndexOf(`\r\n--${boundary}--`);
  if (start < 0 || end < start) return undefined;
  return report.subarray(start + marker.length, end);
}
