// Header text the relay writes itself: its Received: line and RFC 5322 dates. Pure.
import type { QueuedEnvelope } from '../spool.ts';

/** RFC 5322 date-time in UTC: "Sat, 28 Nov 2026 00:12:46 +0000". */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** Keeps only printable ASCII without spaces and brackets: HELO names and host names come from
 *  outside and must not break the header. */
function token(value: string): string {
  const cleaned = value.replace(/[^\x21-\x7e]/g, '').replace(/[()<>[\];]/g, '');
  return cleaned || 'unknown';
}

/**
 * The Received: header (RFC 5321 4.4) for a relayed message, folded, ending in CRLF. Built from the
 * envelope only, so every attempt (and every restart) prepends the same bytes.
 */
export function receivedHeader(envelope: QueuedEnvelope, relayHostname: string): string {
  const client = envelope.client;
  const reverse = client.hostname ? `${token(client.hostname)} ` : '';
  const withProtocol = envelope.tls
    ? `ESMTPS (${token(envelope.tls.protocol)} cipher ${token(envelope.tls.cipher)})`
    : 'ESMTP';
  const lines = [
    `Received: from ${token(client.helo)} (${reverse}[${token(client.address)}])`,
    `\tby ${token(relayHostname)} with ${withProtocol} id ${token(envelope.id)}`,
  ];
  const only = envelope.rcptTo.length === 1 ? envelope.rcptTo[0] : undefined;
  const date = rfc5322Date(new Date(envelope.receivedAt));
  if (only && /^[\x21-\x7e]+$/.test(only) && !/[<>]/.test(only)) lines.push(`\tfor <${only}>; ${date}`);
  else lines.push(`\t; ${date}`);
  return `${lines.join('\r\n')}\r\n`;
}
