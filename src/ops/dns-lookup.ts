// DNS of a route host for diagnose: MX (when asked) and A/AAAA, through the configured servers.
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { HostLookup } from '../domain/ops/diagnose-checks.ts';
import { type Phrase, phrase, raw } from '../i18n/phrase.ts';

export function dnsResolver(servers: string[], timeoutMs = 3000): Resolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  if (servers.length > 0) resolver.setServers(servers);
  return resolver;
}

/** With mxLookup 'auto', MX is used when the name has MX records. */
export async function lookupHost(
  resolver: Resolver,
  host: string,
  mxLookup: boolean | 'auto',
): Promise<HostLookup> {
  if (isIP(host)) return { host, isIp: true, mxLookup: false, addresses: [host] };
  let mx: Array<{ exchange: string; priority: number }> | undefined;
  if (mxLookup !== false) {
    try {
      mx = (await resolver.resolveMx(host)).sort((a, b) => a.priority - b.priority);
    } catch (error) {
      if (mxLookup === true)
        return { host, isIp: false, mxLookup: true, addresses: [], error: dnsError(error) };
    }
    if (mx && mx.length === 0) mx = undefined;
  }
  const useMx = mx !== undefined;
  const names = useMx ? (mx ?? []).map((m) => m.exchange) : [host];
  const addresses: string[] = [];
  let lastError: Phrase | undefined;
  for (const name of names) {
    const results = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name)]);
    for (const r of results) {
      if (r.status === 'fulfilled') addresses.push(...r.value);
      else lastError = dnsError(r.reason);
    }
  }
  return {
    host,
    isIp: false,
    mxLookup: useMx,
    ...(mx ? { mx } : {}),
    addresses,
    ...(addresses.length === 0 && lastError ? { error: lastError } : {}),
  };
}

const DNS_ERRORS: Record<string, Phrase> = {
  ENOTFOUND: phrase('check.dns.lookupError.nxdomain'),
  ENODATA: phrase('check.dns.lookupError.nodata'),
  ESERVFAIL: phrase('check.dns.lookupError.servfail'),
  EREFUSED: phrase('check.dns.lookupError.refused'),
  ETIMEOUT: phrase('check.dns.lookupError.timeout'),
};

function dnsError(error: unknown): Phrase {
  const code = (error as { code?: string }).code;
  return (code && DNS_ERRORS[code]) || raw(code ?? String(error));
}
