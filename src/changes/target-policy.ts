// Which hosts test-tls and diagnose may reach for whoever asks: configured routes always; other hosts
// only when every address they resolve to is public unicast (src/domain/public-address.ts), unless
// ALLOW_PRIVATE_TARGETS=true. Otherwise their answers (refused, timeout, banner) would scan the
// network the bot runs in.
import { nonPublicReason } from '../domain/public-address.ts';
import { dnsResolver, lookupHost } from '../ops/dns-lookup.ts';

export type TargetDecision = { allowed: true } | { allowed: false; reason: string };

export interface TargetPolicy {
  /** mx: the names' MX hosts are reached too (true), or when the name has MX records ('auto'). */
  check(host: string, mx: boolean | 'auto'): Promise<TargetDecision>;
}

export interface TargetPolicyOptions {
  allowPrivate: boolean;
  dnsServers?: string[];
  timeoutMs?: number;
}

export function targetPolicy(options: TargetPolicyOptions): TargetPolicy {
  const resolver = dnsResolver(options.dnsServers ?? [], options.timeoutMs ?? 3000);
  return {
    async check(host, mx) {
      if (options.allowPrivate) return { allowed: true };
      if (/^localhost\.?$|\.localhost\.?$/i.test(host)) return refuse(host, host, 'loopback');
      const lookup = await lookupHost(resolver, host, mx);
      // A name that does not resolve reaches nothing: the test itself reports the DNS problem.
      for (const address of lookup.addresses) {
        const why = nonPublicReason(address);
        if (why) return refuse(host, address, why);
      }
      return { allowed: true };
    },
  };
}

function refuse(host: string, address: string, why: string): TargetDecision {
  const what = address === host ? host : `${host} resolves to ${address}, which`;
  return {
    allowed: false,
    reason: `${what} is not a public address (${why}): test-tls and diagnose reach only public addresses and configured routes (ALLOW_PRIVATE_TARGETS=true lifts this)`,
  };
}
