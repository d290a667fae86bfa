// Bolt checks the signature and refuses timestamps older than 5 minutes; within those 5 minutes a
// captured request could be sent again. This remembers signatures seen and refuses a second one.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

const WINDOW_MS = 6 * 60_000;

export function withReplayGuard(listener: RequestListener, now: () => number = Date.now): RequestListener {
  const seen = new Map<string, number>();
  let lastSweep = now();
  return (req: IncomingMessage, res: ServerResponse) => {
    const signature = req.headers['x-slack-signature'];
    const timestamp = req.headers['x-slack-request-timestamp'];
    if (req.method === 'POST' && typeof signature === 'string' && typeof timestamp === 'string') {
      const at = now();
      if (at - lastSweep > 60_000) {
        for (const [key, when] of seen) if (at - when > WINDOW_MS) seen.delete(key);
        lastSweep = at;
      }
      // The signature covers the timestamp and the body: the same pair means the same request.
      const key = `${timestamp}:${signature}`;
      if (seen.has(key)) {
        res.writeHead(401, { 'content-type': 'text/plain' });
        res.end('replayed request refused');
        return;
      }
      seen.set(key, at);
    }
    listener(req, res);
  };
}
