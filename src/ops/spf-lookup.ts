// SPF of a sender domain for one of the relay's outbound addresses, evaluated by mailauth through the
// configured DNS servers. mailauth is loaded on the first lookup (it holds about 20 MB once loaded).
import type { Resolver } from 'node:dns/promises';
import type { SpfFinding } from '../domain/ops/diagnose-checks.ts';

export async function spfFor(resolver: Resolver, domain: string, address: string): Promise<SpfFinding> {
  try {
    const { spf } = await import('mailauth/lib/spf/index.js');
    const result = await spf({
      sender: `postmaster@${domain}`,
      ip: address,
      helo: domain,
      mta: 'gateway-bot',
      resolver: (name: string, rrtype: string) =>
        resolver.resolve(name, rrtype) as Promise<string[][] | string[]>,
    });
    return {
      domain,
      address,
      result: result.status.result === 'temperr' ? 'temperror' : result.status.result,
    };
  } catch {
    return { domain, address, result: 'temperror' };
  }
}
