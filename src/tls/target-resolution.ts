// Which addresses a route sends to: the IP itself; the host's A/AAAA addresses; or, with MX lookup,
// every MX host of the name in preference order and each of their addresses. DNS goes through a
// resolver whose servers can be set (tests point it at a DNS server on loopback).
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { TargetResolution } from './types.ts';

export interface ResolvedTarget {
  address: string;
  family: 4 | 6;
  /** The name the certificate must carry: the route host, or the MX host with MX lookup. */
  expectedName: string;
  mx?: { host: string; preference: number };
}

export interface Resolution extends TargetResolution {
  targets: ResolvedTarget[];
}

export interface ResolutionSettings {
  dnsServers?: string[];
  timeoutMs: number;
}

const DNS_ERRORS: Record<string, string> = {
  ENOTFOUND: 'does not exist (NXDOMAIN)',
  ENODATA: 'has no such record',
  ESERVFAIL: 'could not be resolved: the DNS server answered SERVFAIL',
  EREFUSED: 'could not be resolved: the DNS server refused the query',
  ETIMEOUT: 'could not be resolved: the DNS server did not answer in time',
  ECONNREFUSED: 'could not be resolved: the DNS server refused the connection',
};

function dnsError(name: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return `${name} ${DNS_ERRORS[code] ?? `could not be resolved (${code || (error as Error).message})`}`;
}

export function createResolver(settings: ResolutionSettings): Resolver {
  const resolver = new Resolver({ timeout: Math.max(100, Math.min(settings.timeoutMs, 5000)), tries: 2 });
  if (settings.dnsServers && settings.dnsServers.length > 0) resolver.setServers(settings.dnsServers);
  return resolver;
}

interface Addresses {
  addresses: { address: string; family: 4 | 6 }[];
  error?: string;
}

async function addressesOf(resolver: Resolver, name: string): Promise<Addresses> {
  const [v4, v6] = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name)]);
  const addresses = [
    ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 as const })) : []),
    ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 as const })) : []),
  ];
  if (addresses.length > 0) return { addresses };
  const failure = v4.status === 'rejected' ? v4.reason : v6.status === 'rejected' ? v6.reason : undefined;
  const code = (failure as NodeJS.ErrnoException | undefined)?.code;
  if (!failure || code === 'ENODATA') return { addresses, error: `${name} has no A or AAAA record` };
  return { addresses, error: dnsError(name, failure) };
}

export async function resolveTargets(
  host: string,
  mxLookup: boolean,
  settings: ResolutionSettings,
): Promise<Resolution> {
  const family = isIP(host);
  if (family === 4 || family === 6) {
    return { mode: 'ip', targets: [{ address: host, family, expectedName: host }] };
  }
  const resolver = createResolver(settings);
  if (!mxLookup) {
    const found = await addressesOf(resolver, host);
    return {
      mode: 'address',
      targets: found.addresses.map((a) => ({ ...a, expectedName: host })),
      ...(found.error ? { error: found.error } : {}),
    };
  }

  let records: { exchange: string; priority: number }[];
  try {
    records = await resolver.resolveMx(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENODATA'
        ? `${host} has no MX record`
        : dnsError(host, error).replace(' has no such record', '');
    return { mode: 'mx', mxHosts: [], targets: [], error: message };
  }
  const mxHosts = records
    .map((record) => ({
      host: record.exchange.toLowerCase().replace(/\.$/, ''),
      preference: record.priority,
    }))
    .sort((a, b) => a.preference - b.preference || a.host.localeCompare(b.host));
  if (mxHosts.length === 0)
    return { mode: 'mx', mxHosts: [], targets: [], error: `${host} has no MX record` };
  if (mxHosts.length === 1 && mxHosts[0]?.host === '') {
    return {
      mode: 'mx',
      mxHosts: [],
      targets: [],
      error: `${host} publishes a null MX (RFC 7505): it takes no mail`,
    };
  }

  const lookedUp = await Promise.all(mxHosts.map((mx) => addressesOf(resolver, mx.host)));
  const errors = lookedUp.flatMap((found) => (found.error ? [found.error] : []));
  const targets = mxHosts.flatMap((mx, index) =>
    (lookedUp[index]?.addresses ?? []).map((a) => ({ ...a, expectedName: mx.host, mx })),
  );
  return {
    mode: 'mx',
    mxHosts: mxHosts.map((mx, index) => ({
      ...mx,
      addresses: (lookedUp[index]?.addresses ?? []).map((a) => a.address),
    })),
    targets,
    ...(targets.length === 0 ? { error: `no MX host of ${host} has an address: ${errors.join('; ')}` } : {}),
  };
}
