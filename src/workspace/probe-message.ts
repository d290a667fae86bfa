// The probe message itself: a small plain-text mail whose header carries the probe token, encoded for
// Gmail's users.messages.send as base64url `raw`.
import { randomBytes } from 'node:crypto';
import { PROBE_HEADER } from '../../gateway/probe-token.ts';

export function newProbeToken(): string {
  return randomBytes(12).toString('hex');
}

export interface ProbeMessage {
  token: string;
  from: string;
  to: string;
  routeName?: string;
  now: Date;
}

export function buildProbeMessage(probe: ProbeMessage): string {
  const lines = [
    `From: ${probe.from}`,
    `To: ${probe.to}`,
    `Subject: Outbound gateway probe ${probe.token}`,
    `Date: ${probe.now.toUTCString().replace('GMT', '+0000')}`,
    `${PROBE_HEADER}: ${probe.token}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 7bit',
    '',
    `This message tests that mail from this domain leaves through the outbound gateway${probe.routeName ? ` (route ${probe.routeName})` : ''}.`,
    'The gateway records it and does not deliver it. No action is needed.',
    '',
  ];
  return lines.join('\r\n');
}

export function encodeRaw(message: string): string {
  return Buffer.from(message, 'utf8').toString('base64url');
}
