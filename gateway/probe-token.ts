// The probe header shared by the bot (which puts it on probe messages sent through Gmail) and the relay
// (which records and consumes messages carrying it). Lives in gateway/ because the relay never imports
// the bot; the bot imports it from here.

export const PROBE_HEADER = 'X-Gateway-Probe';

/** A probe token: 24 lower-case hex digits (96 random bits). */
export const PROBE_TOKEN_PATTERN = /^[0-9a-f]{24}$/;

export function isProbeToken(value: string): boolean {
  return PROBE_TOKEN_PATTERN.test(value);
}
