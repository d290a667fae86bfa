// Where archive copies go. A destination writes one message with its envelope. It may be asked again
// for the same message (a retry after a crash or a lost reply): a directory then overwrites the same
// files, an archive server receives a second identical copy it can recognise by the queue id.
import type { QueuedEnvelope } from '../spool.ts';

export interface ArchiveDestination {
  /** For logs and /status, e.g. dir:/var/archive or smtp:archive.example.com:25. */
  readonly name: string;
  write(envelope: QueuedEnvelope, bytes: Buffer): Promise<void>;
}

/** The envelope stored or sent beside the message. */
export function archiveEnvelope(envelope: QueuedEnvelope, archivedAt: Date) {
  return {
    queueId: envelope.id,
    mailFrom: envelope.mailFrom,
    rcptTo: envelope.rcptTo,
    receivedAt: envelope.receivedAt,
    archivedAt: archivedAt.toISOString(),
    client: envelope.client,
    tls: envelope.tls,
    size: envelope.size,
  };
}
