// Which clients may connect: the ranges of the configured SPF records (Google's mail servers),
// refreshed periodically, plus configured extra ranges. The last good resolved set is kept on disk,
// so a DNS failure never empties or opens the allowlist and a restart starts from it. If no set was
// ever loaded, every client is refused and the status says why.
// A resolved set is refused (never used, never written to disk) when it holds more addresses than
// the caps, or is more than four times the size of the last good set: a forged DNS answer must not
// widen the allowlist. A refused set leaves the last good set in force; the next refresh tries again.
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type Cidr,
  embeddedIpv4Range,
  IpRangeSet,
  parseCidr,
  type RangeSize,
  rangeSize,
} from './ip-ranges.ts';
import type { Logger } from './log.ts';
import { DEFAULT_SPF_LIMITS, resolveSpfRanges, type SpfLimits, type TxtLookup } from './spf.ts';

export interface AllowlistSettings {
  spf: string[];
  cidrs: string[];
  refreshSeconds: number;
  lastGoodFile: string;
  /** cap on the SPF set's IPv4 addresses */
  maxAddresses: number;
  /** cap on the SPF set's IPv6 /64 networks */
  maxIpv6Networks: number;
}

/** Why a resolved set was refused. */
export type AllowlistRefusalReason = 'spf-error' | 'too-many-addresses' | 'suspicious-growth';

export const ALLOWLIST_REFUSAL_REASONS: readonly AllowlistRefusalReason[] = [
  'spf-error',
  'too-many-addresses',
  'suspicious-growth',
];

/** Growth beyond this factor (in addresses, per family) is held back as suspicious. */
const SUSPICIOUS_GROWTH = 4;

export interface AllowlistStatus {
  /** false until a set was resolved from DNS or read from disk (always true without SPF names). */
  loaded: boolean;
  /** where the SPF part of the current set came from */
  source: 'dns' | 'disk' | 'none' | 'static';
  spf: string[];
  /** ranges from SPF plus extra ranges */
  size: number;
  spfRanges: number;
  extraRanges: number;
  /** addresses of the SPF part in force: IPv4 addresses and IPv6 /64 networks */
  addresses: RangeSize;
  /** when the SPF part was last resolved from DNS (ISO 8601) */
  refreshedAt?: string;
  lastAttemptAt?: string;
  /** the last refresh error; set while the relay runs on an older set or on none */
  error?: string;
  /** set while the last refresh resolved a set that was refused (too large, or grown suspiciously) */
  heldBack?: { reason: AllowlistRefusalReason; at: string; addresses: RangeSize; message: string };
}

export type AllowDecision = { allowed: true } | { allowed: false; reason: 'not-loaded' | 'not-allowed' };

interface LastGood {
  spf: string[];
  ranges: string[];
  refreshedAt: string;
}

class RefusedSet extends Error {
  constructor(
    readonly reason: AllowlistRefusalReason,
    message: string,
    readonly addresses?: RangeSize,
  ) {
    super(message);
  }
}

export class Allowlist {
  /** Told of every refused refresh (the relay counts them in a metric). */
  onRefused?: (reason: AllowlistRefusalReason) => void;
  private spfRanges: string[] = [];
  private spfSize: RangeSize = { ipv4: 0, ipv6Networks: 0 };
  private heldBack?: AllowlistStatus['heldBack'];
  private extra: IpRangeSet;
  private combined: IpRangeSet;
  private source: AllowlistStatus['source'] = 'none';
  private refreshedAt?: string;
  private lastAttemptAt?: string;
  private error?: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<AllowlistStatus>;

  constructor(
    private settings: AllowlistSettings,
    private readonly lookupTxt: TxtLookup,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
    private readonly limits: SpfLimits = DEFAULT_SPF_LIMITS,
  ) {
    this.extra = IpRangeSet.fromStrings(settings.cidrs);
    this.combined = this.extra;
    if (settings.spf.length === 0) this.source = 'static';
  }

  /** Loads the last good set from disk, resolves from DNS, and refreshes periodically. */
  async start(): Promise<AllowlistStatus> {
    await this.loadLastGood();
    const status = await this.refresh();
    this.schedule();
    return status;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** New settings from a reload: extra ranges apply at once, SPF names on the next refresh. */
  async reconfigure(settings: AllowlistSettings): Promise<AllowlistStatus> {
    // A refresh still running resolves the old names; the refresh() below would only join it, leaving
    // new names unresolved (and, with no last good set for them, all mail refused) until the next one.
    await this.running;
    const spfChanged = sameList(settings.spf, this.settings.spf) === false;
    this.settings = settings;
    this.extra = IpRangeSet.fromStrings(settings.cidrs);
    if (spfChanged) {
      this.spfRanges = [];
      this.spfSize = { ipv4: 0, ipv6Networks: 0 };
      this.heldBack = undefined;
      this.refreshedAt = undefined;
      this.source = settings.spf.length === 0 ? 'static' : 'none';
      await this.loadLastGood();
    }
    this.rebuild();
    const status = await this.refresh();
    this.schedule();
    return status;
  }

  check(address: string): AllowDecision {
    if (!this.isLoaded()) return { allowed: false, reason: 'not-loaded' };
    return this.combined.has(address) ? { allowed: true } : { allowed: false, reason: 'not-allowed' };
  }

  isLoaded(): boolean {
    return this.source !== 'none';
  }

  status(): AllowlistStatus {
    return {
      loaded: this.isLoaded(),
      source: this.source,
      spf: [...this.settings.spf],
      size: this.combined.size,
      spfRanges: this.spfRanges.length,
      extraRanges: this.extra.size,
      addresses: { ...this.spfSize },
      refreshedAt: this.refreshedAt,
      lastAttemptAt: this.lastAttemptAt,
      error: this.error,
      ...(this.heldBack ? { heldBack: this.heldBack } : {}),
    };
  }

  /** Resolves the SPF names again. On failure the current set stays as it is. */
  refresh(): Promise<AllowlistStatus> {
    this.running ??= this.resolveNow().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async resolveNow(): Promise<AllowlistStatus> {
    const names = [...this.settings.spf];
    if (names.length === 0) return this.status();
    this.lastAttemptAt = this.clock().toISOString();
    try {
      const ranges: string[] = [];
      try {
        for (const name of names)
          ranges.push(...(await resolveSpfRanges(name, this.lookupTxt, this.limits)).ranges);
        if (ranges.length === 0)
          throw new Error(`the SPF records of ${names.join(', ')} list no ip4:/ip6: ranges`);
      } catch (error) {
        throw new RefusedSet('spf-error', (error as Error).message);
      }
      if (!sameList(names, this.settings.spf)) return this.status(); // reconfigured meanwhile
      const unique = [...new Set(ranges)];
      const size = this.checkSet(unique.map((r) => parseCidr(r) as Cidr));
      this.checkGrowth(size);
      this.spfRanges = unique;
      this.spfSize = size;
      this.source = 'dns';
      this.refreshedAt = this.lastAttemptAt;
      this.error = undefined;
      this.heldBack = undefined;
      this.rebuild();
      await this.saveLastGood({ spf: names, ranges: this.spfRanges, refreshedAt: this.refreshedAt });
      this.log.info(
        { spf: names, ranges: this.spfRanges.length, addresses: size },
        'allowlist refreshed from DNS',
      );
    } catch (error) {
      this.error = (error as Error).message;
      const reason = error instanceof RefusedSet ? error.reason : 'spf-error';
      this.heldBack =
        error instanceof RefusedSet && error.addresses
          ? { reason, at: this.lastAttemptAt ?? '', addresses: error.addresses, message: this.error }
          : undefined;
      this.onRefused?.(reason);
      const keeping = this.isLoaded()
        ? `keeping the ${this.source} set from ${this.refreshedAt ?? 'earlier'}`
        : 'no set was ever loaded: refusing all mail until a refresh succeeds';
      this.log.error({ spf: names, reason, err: this.error }, `allowlist refresh failed, ${keeping}`);
    }
    return this.status();
  }

  /** The size of a set that is within the caps; throws RefusedSet otherwise. */
  private checkSet(cidrs: readonly Cidr[]): RangeSize {
    for (const cidr of cidrs) {
      const embedding = embeddedIpv4Range(cidr);
      if (embedding)
        throw new RefusedSet('spf-error', `${cidr.network}/${cidr.prefix} overlaps the ${embedding} range`);
    }
    const size = rangeSize(cidrs);
    const { maxAddresses, maxIpv6Networks } = this.settings;
    if (size.ipv4 > maxAddresses || size.ipv6Networks > maxIpv6Networks) {
      throw new RefusedSet(
        'too-many-addresses',
        `the SPF ranges hold ${size.ipv4} IPv4 addresses and ${size.ipv6Networks} IPv6 /64 networks, more than allow.maxAddresses (${maxAddresses}) or allow.maxIpv6Networks (${maxIpv6Networks}): refused as a likely forged DNS answer; raise the cap if the records are genuine`,
        size,
      );
    }
    return size;
  }

  private checkGrowth(size: RangeSize): void {
    if (!this.isLoaded() || this.spfRanges.length === 0) return;
    const before = this.spfSize;
    const grew = (now: number, was: number) => now > SUSPICIOUS_GROWTH * was;
    if (grew(size.ipv4, before.ipv4) || grew(size.ipv6Networks, before.ipv6Networks)) {
      throw new RefusedSet(
        'suspicious-growth',
        `the SPF ranges grew from ${before.ipv4} to ${size.ipv4} IPv4 addresses and from ${before.ipv6Networks} to ${size.ipv6Networks} IPv6 /64 networks, more than ${SUSPICIOUS_GROWTH} times the last good set: held back as suspicious, the last good set stays in force; if the change is genuine, delete ${this.settings.lastGoodFile} and restart the relay`,
        size,
      );
    }
  }

  private rebuild(): void {
    this.combined = IpRangeSet.fromStrings([...this.spfRanges, ...this.settings.cidrs]);
  }

  private schedule(): void {
    this.stop();
    if (this.settings.spf.length === 0) return;
    this.timer = setInterval(() => void this.refresh(), this.settings.refreshSeconds * 1000);
    this.timer.unref();
  }

  private async loadLastGood(): Promise<void> {
    let saved: LastGood;
    try {
      saved = JSON.parse(await readFile(this.settings.lastGoodFile, 'utf8')) as LastGood;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.log.warn(
          { file: this.settings.lastGoodFile, err: String(error) },
          'allowlist: cannot read last good set',
        );
      }
      return;
    }
    if (
      !sameList(saved.spf ?? [], this.settings.spf) ||
      !Array.isArray(saved.ranges) ||
      saved.ranges.length === 0
    ) {
      this.log.warn(
        { file: this.settings.lastGoodFile },
        'allowlist: last good set is for other SPF names, ignored',
      );
      return;
    }
    let size: RangeSize;
    try {
      size = this.checkSet(IpRangeSet.fromStrings(saved.ranges).cidrs);
    } catch (error) {
      this.log.warn(
        { file: this.settings.lastGoodFile, err: (error as Error).message },
        'allowlist: last good set is damaged or refused, ignored',
      );
      return;
    }
    this.spfRanges = saved.ranges;
    this.spfSize = size;
    this.refreshedAt = saved.refreshedAt;
    this.source = 'disk';
    this.rebuild();
    this.log.info(
      { ranges: saved.ranges.length, refreshedAt: saved.refreshedAt },
      'allowlist loaded from disk',
    );
  }

  private async saveLastGood(lastGood: LastGood): Promise<void> {
    const tmp = `${this.settings.lastGoodFile}.tmp`;
    await mkdir(dirname(tmp), { recursive: true });
    const file = await open(tmp, 'w', 0o644);
    try {
      await file.writeFile(`${JSON.stringify(lastGood, null, 2)}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, this.settings.lastGoodFile);
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
