// Resolves the IP ranges an SPF record authorises, following include: and redirect= (RFC 7208),
// with a loop check, a nesting depth limit and the RFC's limit of 10 DNS-querying terms.
// Only pass-qualified ip4:/ip6: terms add ranges; a:, mx:, ptr and exists: are not followed, so the
// set can only be smaller than what SPF allows, never larger. Any lookup failure fails the whole
// resolution: a partial set is never returned. An ip6: range that embeds IPv4 (IPv4-mapped,
// IPv4-compatible, NAT64, 6to4) fails it too: it would let IPv4 clients in past the IPv4 limits.
import { embeddedIpv4Range, formatCidr, parseCidr } from './ip-ranges.ts';

export type TxtLookup = (name: string) => Promise<string[][]>;

export interface SpfLimits {
  /** include:/redirect= nesting below the starting record. */
  maxDepth: number;
  /** DNS lookups after the first one (RFC 7208 section 4.6.4: 10). */
  maxLookups: number;
}

export const DEFAULT_SPF_LIMITS: SpfLimits = { maxDepth: 5, maxLookups: 10 };

/** The widest pass range accepted from DNS. A forged or broken answer such as `ip4:0.0.0.0/0` would
 *  otherwise make the relay open to everyone; real senders' SPF ranges are far narrower (Google's
 *  widest is a /16). */
const WIDEST_PREFIX = { ipv4: 8, ipv6: 16 } as const;

export interface SpfResult {
  ranges: string[];
  /** Every record name looked up, in order. */
  visited: string[];
  /** Terms that were not followed (a, mx, ptr, exists), so the operator can see what is missing. */
  ignored: string[];
}

export class SpfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpfError';
  }
}

export async function resolveSpfRanges(
  domain: string,
  lookupTxt: TxtLookup,
  limits: SpfLimits = DEFAULT_SPF_LIMITS,
): Promise<SpfResult> {
  const result: SpfResult = { ranges: [], visited: [], ignored: [] };
  const seen = new Set<string>();
  let lookups = 0;

  async function walk(name: string, path: string[]): Promise<void> {
    const key = name.toLowerCase().replace(/\.$/, '');
    if (path.includes(key)) throw new SpfError(`SPF loop: ${[...path, key].join(' -> ')}`);
    if (path.length > limits.maxDepth) {
      throw new SpfError(`SPF nesting deeper than ${limits.maxDepth}: ${[...path, key].join(' -> ')}`);
    }
    if (seen.has(key)) return; // already counted through another branch
    if (path.length > 0 && ++lookups > limits.maxLookups) {
      throw new SpfError(`SPF needs more than ${limits.maxLookups} lookups (at ${key})`);
    }
    seen.add(key);
    result.visited.push(key);
    const record = await fetchSpfRecord(key, lookupTxt);
    let redirect: string | undefined;
    let hasAll = false;
    for (const term of record.split(/\s+/).slice(1)) {
      if (term === '') continue;
      const qualified = /^[+\-~?]/.test(term);
      const qualifier = qualified ? term[0] : '+';
      const mechanism = qualified ? term.slice(1) : term;
      const lower = mechanism.toLowerCase();
      if (lower.startsWith('ip4:') || lower.startsWith('ip6:')) {
        const cidr = parseCidr(mechanism.slice(4));
        const family = lower.startsWith('ip4:') ? 'ipv4' : 'ipv6';
        if (!cidr || cidr.family !== family) throw new SpfError(`${key}: bad range in SPF term "${term}"`);
        if (qualifier === '+' && cidr.prefix < WIDEST_PREFIX[family]) {
          throw new SpfError(
            `${key}: SPF term "${term}" is wider than /${WIDEST_PREFIX[family]}: refusing to let that much of the Internet relay`,
          );
        }
        const embedding = qualifier === '+' ? embeddedIpv4Range(cidr) : undefined;
        if (embedding) {
          throw new SpfError(
            `${key}: SPF term "${term}" overlaps the ${embedding} range, whose addresses stand for IPv4 ones: refusing it (list IPv4 ranges as ip4:)`,
          );
        }
        if (qualifier === '+') result.ranges.push(formatCidr(cidr));
      } else if (lower.startsWith('include:')) {
        if (qualifier === '+') await walk(mechanism.slice('include:'.length), [...path, key]);
      } else if (lower.startsWith('redirect=')) {
        redirect = mechanism.slice('redirect='.length);
      } else if (lower === 'all') {
        hasAll = true;
      } else if (!lower.includes('=')) {
        result.ignored.push(`${key}: ${term}`);
      }
    }
    // RFC 7208 section 6.1: redirect= is ignored when the record has an "all" mechanism.
    if (redirect && !hasAll) await walk(redirect, [...path, key]);
  }

  await walk(domain, []);
  result.ranges = [...new Set(result.ranges)];
  return result;
}

async function fetchSpfRecord(name: string, lookupTxt: TxtLookup): Promise<string> {
  let records: string[][];
  try {
    records = await lookupTxt(name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new SpfError(`TXT lookup of ${name} failed: ${code}`);
  }
  const spf = records.map((chunks) => chunks.join('')).filter((r) => /^v=spf1(\s|$)/i.test(r));
  if (spf.length === 0) throw new SpfError(`${name} has no SPF record (no TXT "v=spf1 ...")`);
  if (spf.length > 1) throw new SpfError(`${name} has ${spf.length} SPF records; RFC 7208 allows one`);
  return spf[0] as string;
}
