// The inbound side's metrics on the shared registry.
import type { Counter, MetricsRegistry } from '../metrics.ts';
import { REFUSAL_REASONS, type RefusalReason } from './refusal.ts';

export interface InboundMetrics {
  connections: Counter;
  accepted: Counter;
  acceptedBytes: Counter;
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
  const rejections = registry.counter(
    'relay_inbound_rejections_total',
    'Refused connections, commands and messages',
  );
  for (const reason of REFUSAL_REASONS) rejections.inc({ reason }, 0);
  return { connections, accepted, acceptedBytes, rejections, reject: (reason) => rejections.inc({ reason }) };
}
