// Makes the delivery queue's in-memory record of each message durable, and keeps trying when the
// spool cannot take it (a full disk, an I/O error). The queue changes its memory first and then asks
// for a save; what is saved is whatever the memory holds when the write starts, so a retry always
// writes the latest state. One write per message at a time (the spool's state file is created
// exclusively); a request during a write makes another write follow it.
import type { Counter, MetricsRegistry } from '../metrics.ts';

export interface PersisterOptions {
  /** Writes the current record of `id` (state file, or removal of a finished message). */
  save: (id: string) => Promise<void>;
  onFailure: (id: string, error: unknown, retryInMs: number) => void;
  metrics: MetricsRegistry;
  initialRetryMs?: number;
  maxRetryMs?: number;
}

interface Entry {
  running: boolean;
  /** Asked again while a write ran: write once more after it. */
  again: boolean;
  failures: number;
  timer?: NodeJS.Timeout;
  /** Settled when the current write (and any write asked for during it) is done, ok or not. */
  waiters: (() => void)[];
}

export interface PersisterStatus {
  /** Messages whose latest state is not on disk yet (a write failed and is being retried). */
  unsaved: number;
  /** Failed writes since start. */
  failures: number;
  lastError?: string;
  lastErrorAt?: string;
}

export class StatePersister {
  private readonly entries = new Map<string, Entry>();
  private readonly failed = new Set<string>();
  private readonly failuresTotal: Counter;
  private lastError?: string;
  private lastErrorAt?: string;
  private stopped = false;

  constructor(private readonly options: PersisterOptions) {
    this.failuresTotal = options.metrics.counter(
      'relay_delivery_state_write_failures_total',
      'Failed writes of delivery state (or removals of finished messages) to the spool; retried with backoff',
    );
    options.metrics.gauge(
      'relay_delivery_state_unsaved',
      'Messages whose delivery state is held in memory only, waiting for a write that failed to be retried',
      () => this.failed.size,
    );
  }

  /** Writes `id`'s current record; resolves (never rejects) when that first try is over. A failed
   *  try is retried with backoff until one succeeds. */
  save(id: string): Promise<void> {
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { running: false, again: false, failures: 0, waiters: [] };
      this.entries.set(id, entry);
    }
    const done = new Promise<void>((resolve) => (entry as Entry).waiters.push(resolve));
    if (entry.running) entry.again = true;
    else {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = undefined;
      void this.run(id, entry);
    }
    return done;
  }

  /** Whether `id` has a record in memory that is not on disk yet. */
  isUnsaved(id: string): boolean {
    return this.failed.has(id);
  }

  status(): PersisterStatus {
    return {
      unsaved: this.failed.size,
      failures: this.failuresTotal.get(),
      ...(this.lastError ? { lastError: this.lastError, lastErrorAt: this.lastErrorAt } : {}),
    };
  }

  /** Tries once more to write every record still unsaved (at shutdown, so that a restart finds them). */
  async saveUnsaved(): Promise<void> {
    await Promise.all([...this.failed].map((id) => this.save(id)));
  }

  /** No more retries (shutdown); what is unsaved stays so, and the spool has the last good state. */
  stop(): void {
    this.stopped = true;
    for (const entry of this.entries.values()) {
      if (entry.timer) clearTimeout(entry.timer);
      if (!entry.running) for (const resolve of entry.waiters.splice(0)) resolve();
    }
  }

  private async run(id: string, entry: Entry): Promise<void> {
    entry.running = true;
    const waiters = entry.waiters.splice(0);
    let ok = false;
    try {
      await this.options.save(id);
      ok = true;
    } catch (error) {
      entry.failures++;
      this.failed.add(id);
      this.failuresTotal.inc();
      const code = (error as NodeJS.ErrnoException).code;
      const message = (error as Error).message ?? String(error);
      // Node's file errors already start with their code ("ENOSPC: no space left on device, write").
      this.lastError = code && !message.startsWith(code) ? `${code}: ${message}` : message;
      this.lastErrorAt = new Date().toISOString();
      const initial = this.options.initialRetryMs ?? 1000;
      const delay = Math.min(
        this.options.maxRetryMs ?? 60_000,
        initial * 2 ** Math.min(entry.failures - 1, 20),
      );
      this.options.onFailure(id, error, delay);
      if (!this.stopped && !entry.again) {
        entry.timer = setTimeout(() => {
          entry.timer = undefined;
          void this.run(id, entry);
        }, delay);
        entry.timer.unref();
      }
    }
    entry.running = false;
    for (const resolve of waiters) resolve();
    if (this.stopped) for (const resolve of entry.waiters.splice(0)) resolve();
    if (entry.again && !this.stopped) {
      entry.again = false;
      void this.run(id, entry);
      return;
    }
    if (ok) {
      this.failed.delete(id);
      if (!entry.timer && entry.waiters.length === 0) this.entries.delete(id);
    }
  }
}
