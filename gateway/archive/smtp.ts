// archive.smtp: each copy goes to the journaling address as a journal report (journal.ts), with the
// null sender (an archive that refuses it must not bounce to the original sender), over the same
// SMTP client and TLS modes as delivery.
import { Readable } from 'node:stream';
import { addressResolver } from '../delivery/addresses.ts';
import { Session } from '../delivery/session.ts';
import type { QueuedEnvelope } from '../spool.ts';
import type { ArchiveConfig } from './config.ts';
import type { ArchiveDestination } from './destination.ts';
import { journalReport } from './journal.ts';

type SmtpConfig = NonNullable<ArchiveConfig['smtp']>;

export class SmtpDestination implements ArchiveDestination {
  readonly name: string;
  private readonly resolve = addressResolver(null);

  constructor(
    private readonly config: SmtpConfig,
    private readonly hostname: string,
    private readonly ca?: string | string[],
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.name = `smtp:${config.host}:${config.port}`;
  }

  async write(envelope: QueuedEnvelope, bytes: Buffer): Promise<void> {
    const found = await this.resolve(this.config.host);
    if (!found.ok) throw new Error(found.reason);
    const report = journalReport(envelope, bytes, {
      from: `postmaster@${this.hostname}`,
      to: this.config.to,
      hostname: this.hostname,
      now: this.clock(),
    });
    let lastError: unknown;
    for (const address of found.addresses) {
      let session: Session | undefined;
      try {
        session = await Session.open({
          host: this.config.host,
          address,
          port: this.config.port,
          tls: this.config.tls,
          heloName: this.hostname,
          timeoutMs: this.config.timeoutSeconds * 1000,
          ...(this.ca ? { ca: this.ca } : {}),
        });
        const result = await session.send(
          { from: '', to: [this.config.to], size: report.length, eightBit: report.some((b) => b > 0x7f) },
          Readable.from([report]),
        );
        if (result.accepted.length === 0) throw new Error(`${this.name} refused ${this.config.to}`);
        return;
      } catch (error) {
        lastError = error;
      } finally {
        session?.close();
      }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }
}
