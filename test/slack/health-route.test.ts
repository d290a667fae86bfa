// GET /healthz (HTTP mode): which store is in use, 200 while it answers, 503 with the reason when not.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { healthRoute } from '../../src/slack/receivers/health.ts';

async function get(route: ReturnType<typeof healthRoute>) {
  // Bolt's HTTPReceiver calls custom routes with the request plus route params; /healthz has none.
  const server = createServer((req, res) => route.handler(Object.assign(req, { params: {} }), res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } finally {
    server.close();
  }
}

describe('/healthz', () => {
  it('says which store is in use and answers 200 while it answers', async () => {
    const { status, body } = await get(
      healthRoute({ kind: 'postgresql', location: 'db.internal:5432/gateway', ping: async () => undefined }),
    );
    assert.equal(status, 200);
    assert.deepEqual(body, {
      ok: true,
      store: 'postgresql',
      location: 'db.internal:5432/gateway',
      description: 'PostgreSQL (db.internal:5432/gateway)',
    });
  });

  it('answers 503 with the reason when the store does not answer', async () => {
    const { status, body } = await get(
      healthRoute({
        kind: 'postgresql',
        location: 'db.internal:5432/gateway',
        ping: async () => {
          throw new Error('connect ECONNREFUSED 10.0.0.5:5432');
        },
      }),
    );
    assert.equal(status, 503);
    assert.equal(body.ok, false);
    assert.equal(body.store, 'postgresql');
    assert.match(String(body.error), /ECONNREFUSED 10\.0\.0\.5:5432/);
  });
});
