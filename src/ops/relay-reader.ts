// Reads a relay through its control API into a RelaySnapshot (the domain's view). A relay that does
// not answer becomes an "unreachable" snapshot carrying the client's safe error message.
import type { DeferredDestination, RelaySnapshot, ScanFinding } from '../domain/ops/relay-snapshot.ts';
import type { GatewayClient, RelayQueue, RelayStatus } from '../gateway-client/client.ts';
import { GatewayError } from '../gateway-client/errors.ts';

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
      ...(error instanceof GatewayError ? { problem: error.problem } : {}),
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
    ...(status.scan?.configured ? { scan: scanOf(status.scan) } : {}),
    ...(status.archive?.configured ? { archive: archiveOf(status.archive) } : {}),
  };
}

function scanOf(scan: NonNullable<RelayStatus['scan']>): NonNullable<RelaySnapshot['scan']> {
  const findings: ScanFinding[] = [];
  for (const entry of scan.findings ?? []) {
    const at = Date.parse(entry.at);
    if (Number.isNaN(at)) continue;
    for (const f of entry.findings) {
      if (f.kind !== 'virus' && f.kind !== 'spam') continue;
      findings.push({
        at,
        sender: entry.sender,
        kind: f.kind,
        detail: `${f.engine}: ${f.detail}`,
        refused: entry.refused,
      });
    }
  }
  return {
    scanners: (scan.scanners ?? []).map((s) => ({
      name: s.name,
      ok: s.ok,
      ...(s.error ? { error: s.error } : {}),
    })),
    ...(scan.lastDay ? { lastDay: { ...scan.lastDay } } : {}),
    findings,
  };
}

function archiveOf(archive: NonNullable<RelayStatus['archive']>): NonNullable<RelaySnapshot['archive']> {
  const since = archive.failingSince ? Date.parse(archive.failingSince) : Number.NaN;
  return {
    ...(archive.destination ? { destination: archive.destination } : {}),
    archived: archive.archived,
    pending: archive.pending,
    failing: archive.failing,
    alert: archive.alert,
    ...(archive.lastError ? { lastError: archive.lastError } : {}),
    ...(Number.isNaN(since) ? {} : { failingSince: since }),
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
