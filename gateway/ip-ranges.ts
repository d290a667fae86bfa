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

/** The IPv6 ranges whose addresses carry an IPv4 address: a client or a matcher may read them as
 *  IPv4, so an SPF answer with such a range could let IPv4 clients in past the IPv4 limits. */
const IPV4_EMBEDDING: readonly { name: string; cidr: string }[] = [
  { name: 'IPv4-mapped', cidr: '::ffff:0:0/96' },
  { name: 'IPv4-compatible', cidr: '::/96' },
  { name: 'NAT64', cidr: '64:ff9b::/96' },
  { name: 'NAT64 local-use', cidr: '64:ff9b:1::/48' },
  { name: '6to4', cidr: '2002::/16' },
];

/** The name of the IPv4-embedding range an IPv6 range overlaps, if any. `::1` (loopback) is not an
 *  IPv4-compatible address (RFC 4291 section 2.5.5.1), so `::1/128` is not refused. */
export function embeddedIpv4Range(cidr: Cidr): string | undefined {
  if (cidr.family !== 'ipv6') return undefined;
  const range = interval(cidr);
  if (cidr.prefix === 128 && range.start === 1n) return undefined;
  for (const embedding of IPV4_EMBEDDING) {
    const other = interval(parseCidr(embedding.cidr) as Cidr);
    if (range.start <= other.end && other.start <= range.end) return `${embedding.name} ${embedding.cidr}`;
  }
  return undefined;
}

export interface RangeSize {
  /** distinct IPv4 addresses */
  ipv4: number;
  /** distinct IPv6 /64 networks (a range narrower than a /64 counts as the /64 it lies in) */
  ipv6Networks: number;
}

/** The size of the union of the ranges, overlaps counted once. */
export function rangeSize(cidrs: readonly Cidr[]): RangeSize {
  const v4: Interval[] = [];
  const v6: Interval[] = [];
  for (const cidr of cidrs) {
    const range = interval(cidr);
    if (cidr.family === 'ipv4') v4.push(range);
    else v6.push({ start: range.start >> 64n, end: range.end >> 64n });
  }
  return { ipv4: Number(unionSize(v4)), ipv6Networks: Number(unionSize(v6)) };
}

interface Interval {
  start: bigint;
  end: bigint;
}

function unionSize(ranges: Interval[]): bigint {
  ranges.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let total = 0n;
  let current: Interval | undefined;
  for (const range of ranges) {
    if (current && range.start <= current.end + 1n) {
      if (range.end > current.end) current.end = range.end;
      continue;
    }
    if (current) total += current.end - current.start + 1n;
    current = { ...range };
  }
  if (current) total += current.end - current.start + 1n;
  return total;
}

function interval(cidr: Cidr): Interval {
  const bits = cidr.family === 'ipv4' ? 32 : 128;
  const value = cidr.family === 'ipv4' ? ipv4Value(cidr.network) : ipv6Value(cidr.network);
  const hostBits = BigInt(bits - cidr.prefix);
  const start = (value >> hostBits) << hostBits;
  return { start, end: start + (1n << hostBits) - 1n };
}

function ipv4Value(address: string): bigint {
  return address.split('.').reduce((sum, part) => (sum << 8n) + BigInt(Number(part)), 0n);
}

/** An address that isIP() accepted as IPv6, as a 128-bit number. */
function ipv6Value(address: string): bigint {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = ipv4Value(dotted[1]);
    text = `${text.slice(0, dotted.index)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups];
  return groups.reduce((sum, group) => (sum << 16n) + BigInt(Number.parseInt(group, 16)), 0n);
}
