// Plugs the archive copy into the relay: builds the destination from `archive:`, adds the `archive`
// section of /status and takes delivery's hand-over of finished messages (DeliveryQueueDeps.finisher).
import { hostname as osHostname } from 'node:os';
import type { RelayConfig } from '../config.ts';
import type { Relay, RelayExtension } from '../relay.ts';
import type { ArchiveDestination } from './destination.ts';
import { DirDestination } from './dir.ts';
import { ArchiveQueue } from './queue.ts';
import { SmtpDestination } from './smtp.ts';

export interface ArchiveExtensionOptions {
  /** Extra trust anchors for archive.smtp with `verified` TLS (tests, private PKIs). */
  tlsCa?: string | string[];
  clock?: () => Date;
}

export class ArchiveExtension implements RelayExtension {
  readonly name = 'archive';
  queue: ArchiveQueue | undefined;

  constructor(private readonly options: ArchiveExtensionOptions = {}) {}

  async start(relay: Relay): Promise<void> {
    const queue = new ArchiveQueue(
      relay.spool,
      relay.config.archive,
      this.destinationFor(relay.config),
      relay.log.child({ component: 'archive' }),
      this.options.clock,
    );
    this.queue = queue;
    relay.statusSections.set('archive', () => queue.status());
    relay.metrics.gauge(
      'relay_archive_pending',
      'Archive copies not yet written',
      () => queue.status().pending,
    );
    relay.metrics.gauge(
      'relay_archive_failing',
      'Archive copies whose last attempt failed',
      () => queue.status().failing,
    );
    await queue.start();
  }

  stop(): void {
    this.queue?.stop();
  }

  async reload(config: RelayConfig): Promise<void> {
    await this.queue?.reconfigure(config.archive, this.destinationFor(config));
  }

  /** Delivery hands over each message whose recipients are all final. */
  finish(id: string, keepState: () => Promise<void>): Promise<void> {
    if (!this.queue) throw new Error('archive extension not started');
    return this.queue.finish(id, keepState);
  }

  private destinationFor(config: RelayConfig): ArchiveDestination | undefined {
    const archive = config.archive;
    if (archive?.dir) return new DirDestination(archive.dir, this.options.clock);
    if (archive?.smtp)
      return new SmtpDestination(
        archive.smtp,
        config.hostname ?? osHostname(),
        this.options.tlsCa,
        this.options.clock,
      );
    return undefined;
  }
}
