// Wires the tracker to the change service: an approval starts confirmation polling at once, and a
// timer runs a round every minute until stopped.
import type { ChangeService } from '../changes/change-service.ts';
import type { PropagationTracker } from './tracker.ts';

export interface TrackingHandle {
  stop(): Promise<void>;
}

export function attachTracker(
  service: Pick<ChangeService, 'onTransition'>,
  tracker: PropagationTracker,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): TrackingHandle {
  let stopped = false;
  const run = () => {
    if (stopped) return;
    tracker.tick().catch((error: unknown) => options.onError?.(error));
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
    },
  };
}
