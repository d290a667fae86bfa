// Which clients may connect: the ranges of the configured SPF records (Google's mail servers),
// refreshed periodically, plus configured extra ranges. The last good resolved set is kept on disk,
// so a DNS failure never empties or opens the allowlist and a restart starts from it. If no set was
// ever loaded, every client is refused and the status says why.
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { IpRangeSet } from './ip-ranges.ts';
import type { Logger } from './log.ts';
import { DEFAULT_SPF_LIMITS, resolveSpfRanges, type SpfLimits, type TxtLookup } from './spf.ts';

export interface AllowlistSettings {
  spf: string[];
  cidrs: string[];
  refreshSeconds: number;
  lastGoodFile: string;
}

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
  /** when the SPF part was last resolved from DNS (ISO 8601) */
  refreshedAt?: string;
  lastAttemptAt?: string;
  /** the last refresh error; set while the relay runs on an older set or on none */
  error?: string;
}

export type AllowDecision = { allowed: true } | { allowed: false; reason: 'not-loaded' | 'not-allowed' };

interface LastGood {
  spf: string[];
  ranges: string[];
  refreshedAt: string;
}

export class Allowlist {
  private spfRanges: string[] = [];
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
      refreshedAt: this.refreshedAt,
      lastAttemptAt: this.lastAttemptAt,
      error: this.error,
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
      for (const name of names)
        ranges.push(...(await resolveSpfRanges(name, this.lookupTxt, this.limits)).ranges);
      if (ranges.length === 0)
        throw new Error(`the SPF records of ${names.join(', ')} list no ip4:/ip6: ranges`);
      if (!sameList(names, this.settings.spf)) return this.status(); // reconfigured meanwhile
      this.spfRanges = [...new Set(ranges)];
      this.source = 'dns';
      this.refreshedAt = this.lastAttemptAt;
      this.error = undefined;
      this.rebuild();
      await this.saveLastGood({ spf: names, ranges: this.spfRanges, refreshedAt: this.refreshedAt });
      this.log.info({ spf: names, ranges: this.spfRanges.length }, 'allowlist refreshed from DNS');
    } catch (error) {
      this.error = (error as Error).message;
      const keeping = this.isLoaded()
        ? `keeping the ${this.source} set from ${this.refreshedAt ?? 'earlier'}`
        : 'no set was ever loaded: refusing all mail until a refresh succeeds';
      this.log.error({ spf: names, err: this.error }, `allowlist refresh failed, ${keeping}`);
    }
    return this.status();
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
    try {
      IpRangeSet.fromStrings(saved.ranges);
    } catch (error) {
      this.log.warn(
        { file: this.settings.lastGoodFile, err: String(error) },
        'allowlist: last good set is damaged',
      );
      return;
    }
    this.spfRanges = saved.ranges;
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
