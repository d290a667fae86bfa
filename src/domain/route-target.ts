// Where a route sends mail: a host name or IP address and a port, checked against what the Admin
// console accepts for a single host (ports 25, 587 or 1024-65535; 465 is refused).
import { isIP } from 'node:net';
import { type Phrase, phrase } from '../i18n/phrase.ts';

export const DEFAULT_SMTP_PORT = 25;

export interface RouteTarget {
  /** Lower-case host name without a trailing dot, or an IP address (IPv6 without brackets). */
  host: string;
  port: number;
  isIp: boolean;
}

export type RouteTargetResult = { ok: true; target: RouteTarget } | { ok: false; problems: Phrase[] };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function isAllowedPort(port: number): boolean {
  return port === 25 || port === 587 || (port >= 1024 && port <= 65535);
}

export function portError(port: number): Phrase | undefined {
  if (port === 465) return phrase('invalid.port465');
  if (!isAllowedPort(port)) return phrase('invalid.port', { port });
  return undefined;
}

export function hostError(host: string): Phrase | undefined {
  if (host.length === 0) return phrase('invalid.hostEmpty');
  if (/\s/.test(host)) return phrase('invalid.hostSpace', { host });
  if (isIP(host)) return undefined;
  const name = host.replace(/\.$/, '');
  if (name.length > 253) return phrase('invalid.hostLong', { host });
  const labels = name.split('.');
  if (labels.length === 1 && LABEL.test(name)) return phrase('invalid.hostSingleLabel', { host });
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    return phrase('invalid.hostName', { host });
  }
  if (/^\d+$/.test(labels.at(-1) ?? '')) return phrase('invalid.hostIncompleteIp', { host });
  return undefined;
}

/**
 * Parses "HOST", "HOST:PORT", "[IPv6]:PORT" or a bare IPv6 address, with an optional separate port
 * (a number or its text). Every problem is reported, each naming the value seen.
 */
export function parseRouteTarget(input: string, port?: number | string): RouteTargetResult {
  const errors: Phrase[] = [];
  let host = input.trim();
  let portText = port === undefined ? undefined : String(port).trim();

  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(host);
  if (bracketed) {
    host = bracketed[1] ?? '';
    if (bracketed[2] !== undefined) portText ??= bracketed[2];
  } else if (host.split(':').length === 2) {
    const [name, rest] = host.split(':');
    host = name ?? '';
    portText ??= rest;
  }
  host = host.toLowerCase().replace(/\.$/, '');

  const hostProblem = hostError(host);
  if (hostProblem) errors.push(hostProblem);

  let portNumber = DEFAULT_SMTP_PORT;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText)) {
      errors.push(phrase('invalid.portNotNumber', { port: portText }));
    } else {
      portNumber = Number(portText);
      const portProblem = portError(portNumber);
      if (portProblem) errors.push(portProblem);
    }
  }

  if (errors.length > 0) return { ok: false, problems: errors };
  return { ok: true, target: { host, port: portNumber, isIp: isIP(host) !== 0 } };
}
