// Where a recipient domain's mail goes: the MX hosts in preference order (RFC 5321 5.1), the domain
// itself when it has no MX, nothing at all for a null MX (RFC 7505), or the configured smart host.
import { isIP } from 'node:net';

export interface MxRecord {
  exchange: string;
  priority: number;
}

/** The DNS questions next-hop resolution asks; a `dns.promises.Resolver` satisfies it. */
export interface MxLookup {
  resolveMx(name: string): Promise<MxRecord[]>;
}

export interface NextHop {
  /** Host name (or IP literal) to connect to and to check the certificate against. */
  host: string;
  port: number;
  /** MX preference; 0 for a smart host or an implicit MX. */
  preference: number;
}

export type Route =
  | { kind: 'hops'; hops: NextHop[]; source: 'mx' | 'implicit-mx' | 'smarthost' }
  | { kind: 'fail'; permanent: boolean; reason: string };

export interface RouteOptions {
  mode: 'mx' | 'smarthost';
  smarthost?: { host: string; port: number };
  /** Port for hosts found by MX lookup (25 in production). */
  mxPort: number;
}

/** Null MX: a single record whose exchange is the root ("." arrives from Node as ""). */
export function isNullMx(records: readonly MxRecord[]): boolean {
  return records.some((r) => r.exchange === '' || r.exchange === '.');
}

/** Sorts by preference, lowest first; hosts of equal preference are shuffled (RFC 5321 5.1). */
export function orderMx(records: readonly MxRecord[], random: () => number): MxRecord[] {
  const keyed = records.map((r) => ({ r, tiebreak: random() }));
  keyed.sort((a, b) => a.r.priority - b.r.priority || a.tiebreak - b.tiebreak);
  const seen = new Set<string>();
  const ordered: MxRecord[] = [];
  for (const { r } of keyed) {
    const name = r.exchange.toLowerCase().replace(/\.$/, '');
    if (seen.has(name)) continue;
    seen.add(name);
    ordered.push({ exchange: name, priority: r.priority });
  }
  return ordered;
}

export function dnsErrorCode(error: unknown): string {
  return (error as { code?: string })?.code ?? 'EUNKNOWN';
}

export async function resolveRoute(
  domain: string,
  options: RouteOptions,
  dns: MxLookup,
  random: () => number = Math.random,
): Promise<Route> {
  if (options.mode === 'smarthost') {
    if (!options.smarthost) return { kind: 'fail', permanent: false, reason: 'no smarthost configured' };
    return {
      kind: 'hops',
      source: 'smarthost',
      hops: [{ host: options.smarthost.host, port: options.smarthost.port, preference: 0 }],
    };
  }
  const literal = domain.match(/^\[(?:IPv6:)?([^\]]+)\]$/i)?.[1];
  if (literal && isIP(literal)) {
    return {
      kind: 'hops',
      source: 'implicit-mx',
      hops: [{ host: literal, port: options.mxPort, preference: 0 }],
    };
  }
  let records: MxRecord[];
  try {
    records = await dns.resolveMx(domain);
  } catch (error) {
    const code = dnsErrorCode(error);
    if (code === 'ENODATA') {
      // No MX: the domain itself is the implicit MX; its A/AAAA lookup happens when connecting.
      return {
        kind: 'hops',
        source: 'implicit-mx',
        hops: [{ host: domain, port: options.mxPort, preference: 0 }],
      };
    }
    if (code === 'ENOTFOUND') {
      return {
        kind: 'fail',
        permanent: true,
        reason: `5.1.2 recipient domain ${domain} does not exist (NXDOMAIN)`,
      };
    }
    return { kind: 'fail', permanent: false, reason: `4.4.3 MX lookup for ${domain} failed: ${code}` };
  }
  if (records.length === 0) {
    return {
      kind: 'hops',
      source: 'implicit-mx',
      hops: [{ host: domain, port: options.mxPort, preference: 0 }],
    };
  }
  if (isNullMx(records)) {
    return {
      kind: 'fail',
      permanent: true,
      reason: `5.1.10 recipient domain ${domain} accepts no mail (null MX, RFC 7505)`,
    };
  }
  return {
    kind: 'hops',
    source: 'mx',
    hops: orderMx(records, random).map((r) => ({
      host: r.exchange,
      port: options.mxPort,
      preference: r.priority,
    })),
  };
}
