// Turns a next-hop host name into IP addresses with the relay's own DNS servers (or the system
// resolver, /etc/hosts included, when none are configured).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { dnsErrorCode } from './next-hop.ts';

export interface AddressLookup {
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
}

export type AddressResult =
  | { ok: true; addresses: string[] }
  | { ok: false; permanent: boolean; reason: string };

export type ResolveAddresses = (host: string) => Promise<AddressResult>;

export function addressResolver(dns: AddressLookup | null): ResolveAddresses {
  return async (host) => {
    if (isIP(host)) return { ok: true, addresses: [host] };
    if (!dns) {
      try {
        const found = await lookup(host, { all: true });
        return { ok: true, addresses: found.map((a) => a.address) };
      } catch (error) {
        const code = dnsErrorCode(error);
        return {
          ok: false,
          permanent: code === 'ENOTFOUND',
          reason: `address lookup for ${host} failed: ${code}`,
        };
      }
    }
    const [v4, v6] = await Promise.allSettled([dns.resolve4(host), dns.resolve6(host)]);
    const addresses = [
      ...(v4.status === 'fulfilled' ? v4.value : []),
      ...(v6.status === 'fulfilled' ? v6.value : []),
    ];
    if (addresses.length > 0) return { ok: true, addresses };
    const codes = [v4, v6].map((r) => (r.status === 'rejected' ? dnsErrorCode(r.reason) : 'ENODATA'));
    const permanent = codes.every((c) => c === 'ENOTFOUND' || c === 'ENODATA');
    return { ok: false, permanent, reason: `no address for ${host} (A: ${codes[0]}, AAAA: ${codes[1]})` };
  };
}
