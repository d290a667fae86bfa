// The inbound side's metrics on the shared registry.
import type { Counter, Histogram, MetricsRegistry } from '../metrics.ts';
import { REFUSAL_REASONS, type RefusalReason } from './refusal.ts';

/** Upper bounds (bytes): 1 KiB to 64 MiB, by factors of four. */
export const SIZE_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16_384, 65_536].map((k) => k * 1024);

export interface InboundMetrics {
  connections: Counter;
  accepted: Counter;
  acceptedBytes: Counter;
  /** Size of each spooled message. */
  messageSize: Histogram;
  rejections: Counter;
  reject(reason: RefusalReason): void;
}

export function registerInboundMetrics(
  registry: MetricsRegistry,
  activeConnections: () => number,
): InboundMetrics {
  const connections = registry.counter(
    'relay_inbound_connections_total',
    'SMTP connections accepted by the listener',
  );
  registry.gauge('relay_inbound_connections_active', 'SMTP connections open now', activeConnections);
  const accepted = registry.counter(
    'relay_inbound_messages_accepted_total',
    'Messages spooled (answered 250)',
  );
  const acceptedBytes = registry.counter('relay_inbound_bytes_accepted_total', 'Bytes of spooled messages');
  const messageSize = registry.histogram(
    'relay_inbound_message_size_bytes',
    'Size of spooled messages in bytes',
    SIZE_BUCKETS,
  );
  const rejections = registry.counter(
    'relay_inbound_rejections_total',
    'Refused connections, commands and messages',
  );
  for (const reason of REFUSAL_REASONS) rejections.inc({ reason }, 0);
  return {
    connections,
    accepted,
    acceptedBytes,
    messageSize,
    rejections,
    reject: (reason) => rejections.inc({ reason }),
  };
}
