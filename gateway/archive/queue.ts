// The archive copy of each queued message, tracked like one more recipient: a message leaves the
// spool only when its recipients are all final (delivery) and its archive copy is written (here),
// whichever comes last removes it. Failed copies are retried with backoff and never dropped; the
// recipients never wait for the archive.
//
// Durable state: <spool>/archive/<queue id>.done, written (and its directory fsync'd) once a copy is
// in the archive. At start every queued message without that marker is pending again, so a crash
// loses no copy (at worst one is written twice); a marker whose message has left is deleted.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { retryDelaySeconds } from '../delivery/schedule.ts';
import type { Logger } from '../log.ts';
import { isQueueId, type QueuedEnvelope, type Spool } from '../spool.ts';
import { fsyncDirectory, unlinkIfPresent, writeFileDurably } from '../spool-files.ts';
import type { ArchiveConfig } from './config.ts';
import type { ArchiveDestination } from './destination.ts';

interface Pending {
  attempts: number;
  /** ms */
  nextAt: number;
  lastError?: string;
  /** ms of the first failed attempt */
  failingSince?: number;
}

export interface ArchiveStatus {
  configured: boolean;
  destination?: string;
  /** Copies written since start. */
  archived: number;
  /** Copies not yet written (failing included). */
  pending: number;
  /** Pending copies whose last attempt failed. */
  failing: number;
  lastError?: string;
  /** When the longest-failing copy first failed. */
  failingSince?: string;
  /** A copy has failed for longer than alertAfterMinutes. */
  alert: boolean;
  alertAfterMinutes?: number;
}

export class ArchiveQueue {
  private readonly pending = new Map<string, Pending>();
  private readonly inFlight = new Set<string>();
  /** Messages whose recipients are all final, waiting for their copy. */
  private readonly recipientsDone = new Set<string>();
  private readonly markerDir: string;
  private archived = 0;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private alerted = false;

  constructor(
    private readonly spool: Spool,
    private config: ArchiveConfig | undefined,
    private destination: ArchiveDestination | undefined,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
    private readonly random: () => number = Math.random,
  ) {
    this.markerDir = join(spool.dir, 'archive');
  }

  async start(): Promise<void> {
    await mkdir(this.markerDir, { recursive: true });
    this.running = true;
    this.spool.on('queued', this.onQueued);
    const markers = new Set(
      (await readdir(this.markerDir)).filter((n) => n.endsWith('.done')).map((n) => n.slice(0, -5)),
    );
    // The spool's index, not its files: a long queue is not read at start (an unreadable message is
    // met, and quarantined, when its copy is made).
    for (const id of markers) if (!this.spool.isQueued(id)) unlinkIfPresent(this.markerPath(id));
    if (this.destination) {
      for (const id of this.spool.queuedIds())
        if (!markers.has(id)) this.pending.set(id, { attempts: 0, nextAt: 0 });
    }
    this.log.info({ destination: this.destination?.name, pending: this.pending.size }, 'archive started');
    this.pump();
  }

  stop(): void {
    this.running = false;
    this.spool.off('queued', this.onQueued);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A reload: pending copies go to the new destination; with none, they are dropped (logged). An
   *  archive configured where there was none takes every message still queued. */
  async reconfigure(
    config: ArchiveConfig | undefined,
    destination: ArchiveDestination | undefined,
  ): Promise<void> {
    const added = destination !== undefined && this.destination === undefined;
    this.config = config;
    this.destination = destination;
    if (!destination && this.pending.size > 0) {
      this.log.warn(
        { dropped: this.pending.size },
        'archive removed from the configuration: pending copies dropped',
      );
      const waiting = [...this.recipientsDone].filter((id) => this.pending.has(id));
      this.pending.clear();
      for (const id of waiting) void this.removeMessage(id);
    }
    for (const p of this.pending.values()) p.nextAt = 0;
    if (added) {
      const markers = new Set(await readdir(this.markerDir));
      for (const id of this.spool.queuedIds()) {
        if (!markers.has(`${id}.done`) && !this.pending.has(id))
          this.pending.set(id, { attempts: 0, nextAt: 0 });
      }
    }
    this.pump();
  }

  /**
   * Delivery's hand-over of a message whose recipients are all final: removed now when its copy is
   * written (or none is wanted), else its final state is kept (`keepState`) and it stays until then.
   */
  async finish(id: string, keepState: () => Promise<void>): Promise<void> {
    if (!this.pending.has(id)) return this.removeMessage(id);
    await keepState();
    this.recipientsDone.add(id);
    // The copy may have been written while the state was.
    if (!this.pending.has(id)) await this.removeMessage(id);
  }

  status(): ArchiveStatus {
    const now = this.clock().getTime();
    let failing = 0;
    let failingSince: number | undefined;
    let lastError: string | undefined;
    for (const p of this.pending.values()) {
      if (p.failingSince === undefined) continue;
      failing++;
      if (failingSince === undefined || p.failingSince < failingSince) {
        failingSince = p.failingSince;
        lastError = p.lastError;
      }
    }
    const alert =
      failingSince !== undefined &&
      this.config !== undefined &&
      now - failingSince > this.config.alertAfterMinutes * 60_000;
    return {
      configured: this.destination !== undefined,
      ...(this.destination ? { destination: this.destination.name } : {}),
      archived: this.archived,
      pending: this.pending.size,
      failing,
      ...(lastError ? { lastError } : {}),
      ...(failingSince !== undefined ? { failingSince: new Date(failingSince).toISOString() } : {}),
      alert,
      ...(this.config ? { alertAfterMinutes: this.config.alertAfterMinutes } : {}),
    };
  }

  private readonly onQueued = (envelope: QueuedEnvelope): void => {
    if (!this.destination) return;
    this.pending.set(envelope.id, { attempts: 0, nextAt: 0 });
    this.pump();
  };

  private pump(): void {
    if (!this.running || !this.destination || !this.config) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.clock().getTime();
    let earliest = Number.POSITIVE_INFINITY;
    for (const [id, p] of this.pending) {
      if (this.inFlight.has(id)) continue;
      if (p.nextAt > now) {
        earliest = Math.min(earliest, p.nextAt);
        continue;
      }
      if (this.inFlight.size >= this.config.concurrency) break;
      this.inFlight.add(id);
      void this.copy(id, p).finally(() => {
        this.inFlight.delete(id);
        this.pump();
      });
    }
    if (earliest < Number.POSITIVE_INFINITY) {
      this.timer = setTimeout(() => this.pump(), Math.min(Math.max(0, earliest - now), 2_147_000_000));
      this.timer.unref();
    }
    this.checkAlert();
  }

  private async copy(id: string, p: Pending): Promise<void> {
    const destination = this.destination;
    if (!destination || !this.config) return;
    const message = this.spool.isCommitted(id) ? await this.spool.get(id).catch(() => undefined) : undefined;
    if (!message) {
      // Left the queue without delivery's hand-over (a consumed probe): nothing to archive.
      this.pending.delete(id);
      this.recipientsDone.delete(id);
      return;
    }
    try {
      const bytes = this.spool.recentBytes(id) ?? (await readFile(this.spool.messagePath(id)));
      await destination.write(message.envelope, bytes);
      await writeFileDurably(this.markerPath(id), `${destination.name}\n`);
      await fsyncDirectory(this.markerDir);
    } catch (error) {
      const now = this.clock().getTime();
      p.attempts++;
      p.failingSince ??= now;
      p.lastError = `${destination.name}: ${(error as Error).message}`.slice(0, 500);
      const delay = retryDelaySeconds(
        p.attempts,
        { ...this.config.retry, lifetimeHours: Number.POSITIVE_INFINITY },
        this.random,
      );
      p.nextAt = now + delay * 1000;
      this.log.warn(
        {
          queueId: id,
          attempts: p.attempts,
          err: p.lastError,
          nextAttemptAt: new Date(p.nextAt).toISOString(),
        },
        'archive copy failed; will retry',
      );
      return;
    }
    this.pending.delete(id);
    this.archived++;
    this.log.info(
      { queueId: id, destination: destination.name, attempts: p.attempts + 1 },
      'archive copy written',
    );
    if (this.recipientsDone.has(id)) await this.removeMessage(id);
  }

  private async removeMessage(id: string): Promise<void> {
    this.recipientsDone.delete(id);
    await this.spool.remove(id);
    unlinkIfPresent(this.markerPath(id));
  }

  private checkAlert(): void {
    const status = this.status();
    if (status.alert && !this.alerted) {
      this.log.error(
        {
          event: 'archive-alert',
          failingSince: status.failingSince,
          err: status.lastError,
          failing: status.failing,
        },
        `archive copies failing for more than ${status.alertAfterMinutes} minutes`,
      );
    }
    this.alerted = status.alert;
  }

  private markerPath(id: string): string {
    if (!isQueueId(id)) throw new Error(`not a queue id: ${JSON.stringify(id)}`);
    return join(this.markerDir, `${id}.done`);
  }
}
