// Slack may deliver the same interaction or event more than once: Events API retries (same event_id),
// Socket Mode redelivering to another of the app's connections, a load balancer retrying on another
// replica. Each delivery is claimed by its key in the shared store before any listener runs; a
// delivery claimed before (by this replica or another) is acknowledged and not acted on again.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { DeliveryRepository } from '../../store/repositories.ts';

/** The key Slack keeps across deliveries of one thing: event_id for events, trigger_id otherwise. */
export function deliveryKey(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const fields = body as Record<string, unknown>;
  if (typeof fields.event_id === 'string' && fields.event_id.length > 0) return `event:${fields.event_id}`;
  if (typeof fields.trigger_id === 'string' && fields.trigger_id.length > 0) {
    return `trigger:${fields.trigger_id}`;
  }
  // block_suggestion (options) carries neither: it only reads, so acting twice does no harm.
  return undefined;
}

export function oncePerDelivery(
  deliveries: Pick<DeliveryRepository, 'claim'>,
  now: () => number = Date.now,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const key = deliveryKey(args.body);
    if (key && !(await deliveries.claim(key, now()))) {
      args.logger.info(`Slack delivered ${key} again: acknowledged, not acted on twice`);
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      return;
    }
    await args.next();
  };
}
