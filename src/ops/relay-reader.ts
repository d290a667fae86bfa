// Reads a relay through its control API into a RelaySnapshot (the domain's view). A relay that does
// not answer becomes an "unreachable" snapshot carrying the client's safe error message.
import type { DeferredDestination, RelaySnapshot } from '../domain/ops/relay-snapshot.ts';
import type { GatewayClient, RelayQueue, RelayStatus } from '../gateway-client/client.ts';

export interface ReadOptions {
  /** Also read /queue for deferred mail by destination (one more request). */
  withQueue?: boolean;
}

export async function readRelay(
  client: GatewayClient,
  at: number,
  options: ReadOptions = {},
): Promise<RelaySnapshot> {
  try {
    const [status, queue] = await Promise.all([
      client.status(),
      options.withQueue ? client.queue(1000) : Promise.resolve(undefined),
    ]);
    return snapshotOf(client.name, at, status, queue);
  } catch (error) {
    return {
      relay: client.name,
      at,
      reachable: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

export function snapshotOf(
  relay: string,
  at: number,
  status: RelayStatus,
  queue?: RelayQueue,
): RelaySnapshot {
  const delivery = status.delivery;
  const allowlist = status.allowlist;
  return {
    relay,
    at,
    reachable: true,
    version: status.version,
    uptimeSeconds: status.uptimeSeconds,
    paused: status.paused,
    ...(delivery ? { deliveryMode: delivery.mode } : {}),
    queue: {
      messages: status.queue.messages,
      ...(status.queue.oldestAgeSeconds !== undefined
        ? { oldestAgeSeconds: status.queue.oldestAgeSeconds }
        : {}),
    },
    counters: {
      accepted: status.inbound.accepted,
      delivered: delivery?.delivered ?? 0,
      deferred: delivery?.deferred ?? 0,
      bounced: delivery?.bounced ?? 0,
      rejected: { ...status.inbound.rejected },
    },
    ...(delivery ? { dkim: { pass: delivery.dkim.pass, fail: delivery.dkim.fail } } : {}),
    allowlist: {
      size: allowlist.loaded ? allowlist.size : 0,
      source: allowlist.source,
      ...(allowlist.refreshedAt ? { refreshedAt: Date.parse(allowlist.refreshedAt) } : {}),
      ...(allowlist.error ? { error: allowlist.error } : {}),
    },
    ...(status.tenant
      ? {
          tenant: {
            bound: status.tenant.bound,
            ...(status.tenant.header ? { header: status.tenant.header } : {}),
          },
        }
      : {}),
    ...(queue ? { deferred: deferredOf(queue, at) } : {}),
  };
}

function deferredOf(queue: RelayQueue, at: number): DeferredDestination[] {
  return (queue.deferred ?? []).map((group) => ({
    destination: group.destination,
    messages: group.messages,
    oldestAgeSeconds: Math.max(0, Math.round((at - Date.parse(group.oldestReceivedAt)) / 1000)),
    lastError: group.lastError,
  }));
}

/** The delivery mode a relay reports (mx or smarthost), if it has delivery. */
export function deliveryMode(status: RelayStatus): string | undefined {
  return status.delivery?.mode;
}
