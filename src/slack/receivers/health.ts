// GET /healthz beside /slack/events (HTTP mode): 200 when the store answers, 503 when it does not, and
// in both cases which store is in use, so a load balancer and a person can tell the replicas apart.
import type { CustomRoute } from '@slack/bolt';
import { describeStore } from '../../store/open-store.ts';
import type { Store } from '../../store/repositories.ts';
import { safeErrorMessage } from '../safe-error.ts';

export function healthRoute(store: Pick<Store, 'kind' | 'location' | 'ping'>): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      const body = { store: store.kind, location: store.location, description: describeStore(store) };
      store.ping().then(
        () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: true, ...body }));
        },
        (error: unknown) => {
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, ...body, error: safeErrorMessage(error) }));
        },
      );
    },
  };
}
