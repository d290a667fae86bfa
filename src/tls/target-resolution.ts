// Which addresses a route sends to: the IP itself; the host's A/AAAA addresses; or, with MX lookup,
// every MX host of the name in preference order and each of their addresses. DNS goes through a
// resolver whose servers can be set (tests point it at a DNS server on loopback).
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { type TlsMessage, tlsMessage } from './messages.ts';
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

const DNS_ERRORS = {
  ENOTFOUND: 'dns.notFound',
  ESERVFAIL: 'dns.servfail',
  EREFUSED: 'dns.refused',
  ETIMEOUT: 'dns.timeout',
  ECONNREFUSED: 'dns.connRefused',
} as const;

function dnsError(name: string, error: unknown): TlsMessage {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const known = Object.hasOwn(DNS_ERRORS, code) ? DNS_ERRORS[code as keyof typeof DNS_ERRORS] : undefined;
  return known
    ? tlsMessage(known, { name })
    : tlsMessage('dns.other', { name, detail: code || (error as Error).message });
}

export function createResolver(settings: ResolutionSettings): Resolver {
  const resolver = new Resolver({ timeout: Math.max(100, Math.min(settings.timeoutMs, 5000)), tries: 2 });
  if (settings.dnsServers && settings.dnsServers.length > 0) resolver.setServers(settings.dnsServers);
  return resolver;
}

interface Addresses {
  addresses: { address: string; family: 4 | 6 }[];
  error?: TlsMessage;
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
  if (!failure || code === 'ENODATA') return { addresses, error: tlsMessage('dns.noAddress', { name }) };
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
    const message = code === 'ENODATA' ? tlsMessage('dns.noMx', { name: host }) : dnsError(host, error);
    return { mode: 'mx', mxHosts: [], targets: [], error: message };
  }
  const mxHosts = records
    .map((record) => ({
      host: record.exchange.toLowerCase().replace(/\.$/, ''),
      preference: record.priority,
    }))
    .sort((a, b) => a.preference - b.preference || a.host.localeCompare(b.host));
  if (mxHosts.length === 0)
    return { mode: 'mx', mxHosts: [], targets: [], error: tlsMessage('dns.noMx', { name: host }) };
  if (mxHosts.length === 1 && mxHosts[0]?.host === '') {
    return {
      mode: 'mx',
      mxHosts: [],
      targets: [],
      error: tlsMessage('dns.nullMx', { name: host }),
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
    ...(targets.length === 0
      ? { error: tlsMessage('dns.noMxAddress', { name: host, reasons: errors }) }
      : {}),
  };
}
