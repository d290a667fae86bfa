// Where a route sends mail: a host name or IP address and a port, checked against what the Admin
// console accepts for a single host (ports 25, 587 or 1024-65535; 465 is refused).
import { isIP } from 'node:net';

export const DEFAULT_SMTP_PORT = 25;

export interface RouteTarget {
  /** Lower-case host name without a trailing dot, or an IP address (IPv6 without brackets). */
  host: string;
  port: number;
  isIp: boolean;
}

export type RouteTargetResult = { ok: true; target: RouteTarget } | { ok: false; errors: string[] };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function isAllowedPort(port: number): boolean {
  return port === 25 || port === 587 || (port >= 1024 && port <= 65535);
}

export function portError(port: number): string | undefined {
  if (port === 465) {
    return 'port 465 (SMTPS) is not allowed by Google for a route: use 25 or 587 with STARTTLS';
  }
  if (!isAllowedPort(port)) {
    return `port ${port} is not allowed by Google for a route: use 25, 587 or a port from 1024 to 65535`;
  }
  return undefined;
}

export function hostError(host: string): string | undefined {
  if (host.length === 0)
    return 'the host is empty: give a host name such as smtp.example.com or an IP address';
  if (/\s/.test(host)) return `host "${host}" contains white space: give a single host name or IP address`;
  if (isIP(host)) return undefined;
  const name = host.replace(/\.$/, '');
  if (name.length > 253) return `host "${host}" is longer than 253 characters`;
  const labels = name.split('.');
  if (labels.length === 1 && LABEL.test(name)) {
    return `host "${host}" is not a valid host name: it is a single name without a domain, and Google routes only to a fully qualified name such as smtp.example.com or an IP address`;
  }
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    return `host "${host}" is not a valid host name: use letters, digits and hyphens in dot-separated labels, e.g. smtp.example.com`;
  }
  if (/^\d+$/.test(labels.at(-1) ?? '')) return `host "${host}" looks like an incomplete IP address`;
  return undefined;
}

/**
 * Parses "HOST", "HOST:PORT", "[IPv6]:PORT" or a bare IPv6 address, with an optional separate port
 * (a number or its text). Every problem is reported, each naming the value seen.
 */
export function parseRouteTarget(input: string, port?: number | string): RouteTargetResult {
  const errors: string[] = [];
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
      errors.push(`port "${portText}" is not a number: use 25, 587 or a port from 1024 to 65535`);
    } else {
      portNumber = Number(portText);
      const portProblem = portError(portNumber);
      if (portProblem) errors.push(portProblem);
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, target: { host, port: portNumber, isIp: isIP(host) !== 0 } };
}
