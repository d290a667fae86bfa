import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { GatewayClient } from '../../src/gateway-client/client.ts';
import { GatewayError } from '../../src/gateway-client/errors.ts';

const TOKEN = 'control-token-0123456789abcdef';

function status(paused: boolean) {
  return {
    version: '0.1.0',
    startedAt: '2026-01-01T00:00:00Z',
    uptimeSeconds: 5,
    paused,
    accepting: true,
    allowlist: {
      loaded: true,
      source: 'dns',
      spf: ['_spf.google.com'],
      size: 10,
      spfRanges: 9,
      extraRanges: 1,
    },
    queue: { messages: 3, oldestAgeSeconds: 120 },
    inbound: { connections: 4, accepted: 3, acceptedBytes: 300, rejected: { 'sender-domain': 1 } },
    extra: { kept: true },
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function listen(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('GatewayClient against a control API on loopback', () => {
  let server: Server;
  let url: string;
  const seen: Array<{ method: string; url: string; auth?: string }> = [];
  let paused = false;

  before(async () => {
    ({ server, url } = await listen((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization });
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
        return;
      }
      const json = (body: unknown) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method === 'GET' && req.url === '/healthz') return json({ ok: true });
      if (req.method === 'GET' && req.url === '/status') return json(status(paused));
      if (req.method === 'GET' && req.url === '/queue?limit=5') return json({ total: 'many', messages: [] });
      if (req.method === 'GET' && req.url === '/metrics')
        return res.writeHead(200, { 'content-type': 'text/plain' }).end('relay_accepted_total 4\n');
      if (req.method === 'POST' && req.url === '/pause') {
        let text = '';
        req.on('data', (c) => {
          text += c;
        });
        req.on('end', () => {
          paused = true;
          json({ paused, pausedReason: JSON.parse(text).reason });
        });
        return;
      }
      if (req.url === '/resume') return res.writeHead(200).end('<html>');
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'configuration invalid', details: ['senders: needs one'] }));
    }));
  });
  after(() => close(server));

  it('sends the bearer token and validates the status', async () => {
    const client = new GatewayClient({ name: 'a', url, token: TOKEN });
    const status = await client.status();
    assert.equal(status.paused, false);
    assert.equal(status.queue?.messages, 3);
    assert.equal(status.delivery, undefined, 'a relay without delivery still parses');
    assert.deepEqual((status as Record<string, unknown>).extra, { kept: true });
    assert.equal(seen.at(-1)?.auth, `Bearer ${TOKEN}`);
  });

  it('posts actions and reads metrics text', async () => {
    const client = new GatewayClient({ name: 'a', url: `${url}/`, token: TOKEN });
    const result = await client.pause('maintenance');
    assert.deepEqual(result, { paused: true, pausedReason: 'maintenance' });
    assert.equal(seen.at(-1)?.method, 'POST');
    assert.equal((await client.status()).paused, true);
    assert.match(await client.metrics(), /relay_accepted_total 4/);
    assert.deepEqual(await client.healthz(), { ok: true });
  });

  it('says the token was refused, without showing it', async () => {
    const client = new GatewayClient({ name: 'edge-1', url, token: 'wrong-token-value' });
    await assert.rejects(client.status(), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.kind, 'unauthorized');
      assert.match(
        error.message,
        /relay "edge-1": `GET \/status` failed: the relay refused the token \(HTTP 401\)/,
      );
      assert.match(error.message, /control\.token/);
      assert.doesNotMatch(error.message, /wrong-token-value/);
      return true;
    });
  });

  it('reports a response of the wrong shape', async () => {
    const client = new GatewayClient({ name: 'a', url, token: TOKEN });
    await assert.rejects(client.queue(5), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.kind, 'invalid-response');
      assert.match(error.message, /`GET \/queue` failed: .*total/);
      return true;
    });
    await assert.rejects(client.resume(), /`POST \/resume` failed: the answer is not JSON/);
  });

  it('reports HTTP errors with the reason the relay gave', async () => {
    const client = new GatewayClient({ name: 'a', url, token: TOKEN });
    await assert.rejects(client.reload(), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.kind, 'http');
      assert.match(error.message, /HTTP 500 \(configuration invalid: senders: needs one\)/);
      return true;
    });
  });
});

describe('GatewayClient against a relay that never answers', () => {
  it('times out with the relay name and the limit', async (t) => {
    const { server, url } = await listen(() => {});
    t.after(() => close(server));
    const client = new GatewayClient({ name: 'slow', url, token: TOKEN }, { timeoutMs: 150 });
    await assert.rejects(client.flush(), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.kind, 'timeout');
      assert.match(
        error.message,
        /relay "slow": `POST \/flush` failed: no answer from http:\/\/127\.0\.0\.1:\d+ within 150 ms/,
      );
      return true;
    });
  });
});

describe('GatewayClient when nothing listens', () => {
  it('says it cannot connect and what to check', async () => {
    const { server, url } = await listen(() => {});
    await close(server);
    const client = new GatewayClient({ name: 'gone', url, token: TOKEN });
    await assert.rejects(client.healthz(), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.kind, 'unreachable');
      assert.match(error.message, /cannot connect to http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
      assert.match(error.message, /`control\.host`\/`control\.port`/);
      assert.doesNotMatch(error.message, new RegExp(TOKEN));
      return true;
    });
  });
});
