// Matching client addresses against IPv4 and IPv6 ranges with node's BlockList.
// IPv4-mapped IPv6 clients (::ffff:192.0.2.1, seen on dual-stack listeners) match IPv4 ranges.
import { BlockList, isIP } from 'node:net';

export interface Cidr {
  family: 'ipv4' | 'ipv6';
  network: string;
  prefix: number;
}

/** `192.0.2.0/24`, `2001:db8::/32`, or a single address (a /32 or /128). */
export function parseCidr(text: string): Cidr | undefined {
  const [address = '', prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  const version = isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return undefined;
  return { family: version === 4 ? 'ipv4' : 'ipv6', network: address, prefix };
}

export function formatCidr(cidr: Cidr): string {
  return `${cidr.network}/${cidr.prefix}`;
}

/** `::ffff:192.0.2.1` (and its hex form) as `192.0.2.1`; anything else unchanged. */
export function unmapIpv4(address: string): string {
  const dotted = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i.exec(address);
  if (dotted?.[1]) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex?.[1] && hex[2]) {
    const high = Number.parseInt(hex[1], 16);
    const low = Number.parseInt(hex[2], 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return address;
}

export class IpRangeSet {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(readonly cidrs: readonly Cidr[]) {
    for (const cidr of cidrs) this.list.addSubnet(cidr.network, cidr.prefix, cidr.family);
    this.size = cidrs.length;
  }

  static fromStrings(texts: readonly string[]): IpRangeSet {
    return new IpRangeSet(
      texts.map((t) => {
        const cidr = parseCidr(t);
        if (!cidr) throw new Error(`not an IP range: ${t}`);
        return cidr;
      }),
    );
  }

  has(address: string): boolean {
    const plain = unmapIpv4(address);
    const version = isIP(plain);
    if (version === 0) return false;
    return this.list.check(plain, version === 4 ? 'ipv4' : 'ipv6');
  }
}
