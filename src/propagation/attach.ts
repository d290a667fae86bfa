// Wires the tracker to the change service: an approval starts confirmation polling at once, and a
// timer runs a round every minute until stopped. With several replicas, a round runs only on the one
// holding the propagation lease (taken or renewed before each round; released on stop).
import type { ChangeService } from '../changes/change-service.ts';
import type { PropagationTracker } from './tracker.ts';

export interface TrackingHandle {
  stop(): Promise<void>;
}

/** One replica at a time: acquire() takes or renews the lease, true while this replica holds it. */
export interface TrackingLease {
  acquire(): Promise<boolean>;
  release(): Promise<void>;
}

export function attachTracker(
  service: Pick<ChangeService, 'onTransition'>,
  tracker: PropagationTracker,
  options: { intervalMs?: number; lease?: TrackingLease; onError?: (error: unknown) => void } = {},
): TrackingHandle {
  let stopped = false;
  const lease = options.lease;
  const run = () => {
    if (stopped) return;
    const mine = lease ? lease.acquire() : Promise.resolve(true);
    mine
      .then((held) => (held && !stopped ? tracker.tick() : undefined))
      .catch((error: unknown) => options.onError?.(error));
  };
  service.onTransition((notice) => {
    if (notice.to === 'approved' || (notice.to === 'applied' && !notice.request.appliedVerified)) {
      tracker.watch(notice.request.id);
      setImmediate(run);
    }
  });
  const timer = setInterval(run, options.intervalMs ?? 60_000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await tracker.settled();
      // Another replica takes over at its next round instead of waiting for the lease to run out.
      await lease?.release().catch((error: unknown) => options.onError?.(error));
    },
  };
}
