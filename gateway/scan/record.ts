// What the scanners said over the last day, for /status (and the bot's /gateway diagnose), and the
// list of findings (viruses, spam, other rspamd actions, scanner errors) the bot turns into alerts.
// Kept in memory: it restarts empty with the relay.

export interface Finding {
  engine: 'clamd' | 'rspamd';
  /** virus: clamd signature; spam: rspamd reject; action: another rspamd action (recorded only);
   *  error: the scanner failed. */
  kind: 'virus' | 'spam' | 'action' | 'error';
  detail: string;
}

export interface ScanEntry {
  sender: string;
  outcome: 'clean' | 'virus' | 'spam' | 'error';
  findings: Finding[];
  refused: boolean;
}

export interface RecordedFinding extends ScanEntry {
  /** Increases by one per recorded finding: the bot asks for those after the last it saw. */
  seq: number;
  at: string;
}

export interface ScanSummary {
  /** Messages scanned in the last 24 hours, by outcome. */
  lastDay: Record<ScanEntry['outcome'], number>;
  /** The most recent findings (newest last), at most FINDINGS_KEPT. */
  findings: RecordedFinding[];
}

const DAY_MS = 24 * 3600 * 1000;
const FINDINGS_KEPT = 200;
const HOUR_MS = 3600 * 1000;

export class ScanRecord {
  /** Counts per hour of the last day, keyed by the hour's start. */
  private readonly hours = new Map<number, Record<ScanEntry['outcome'], number>>();
  private readonly findings: RecordedFinding[] = [];
  private seq = 0;

  add(at: Date, entry: ScanEntry): void {
    const hour = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
    const counts = this.hours.get(hour) ?? { clean: 0, virus: 0, spam: 0, error: 0 };
    counts[entry.outcome]++;
    this.hours.set(hour, counts);
    this.prune(at);
    if (entry.findings.length > 0) {
      this.findings.push({ ...entry, seq: ++this.seq, at: at.toISOString() });
      if (this.findings.length > FINDINGS_KEPT) this.findings.splice(0, this.findings.length - FINDINGS_KEPT);
    }
  }

  summary(now: Date): ScanSummary {
    this.prune(now);
    const lastDay = { clean: 0, virus: 0, spam: 0, error: 0 };
    for (const counts of this.hours.values()) {
      for (const key of Object.keys(lastDay) as ScanEntry['outcome'][]) lastDay[key] += counts[key];
    }
    const since = now.getTime() - DAY_MS;
    return { lastDay, findings: this.findings.filter((f) => Date.parse(f.at) >= since) };
  }

  private prune(now: Date): void {
    const oldest = now.getTime() - DAY_MS;
    for (const hour of this.hours.keys()) if (hour + HOUR_MS <= oldest) this.hours.delete(hour);
  }
}
