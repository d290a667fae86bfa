// The relay's control API: HTTP on loopback, every request authorised by a bearer token compared in
// constant time. Routes are plain data, so other modules (delivery, probes) add their own.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from './log.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ControlRequest {
  method: HttpMethod;
  url: URL;
  /** `:name` segments of the route path */
  params: Record<string, string>;
  /** parsed JSON body; undefined when empty */
  body: unknown;
}

/** A handler returns a JSON-able value, a TextResponse, or throws a ControlError. */
export type RouteHandler = (request: ControlRequest) => unknown;

export interface ControlRoute {
  method: HttpMethod;
  /** e.g. `/status` or `/probes/:token` */
  path: string;
  handler: RouteHandler;
}

export class TextResponse {
  constructor(
    readonly body: string,
    readonly contentType = 'text/plain; charset=utf-8',
  ) {}
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

export interface ControlServerOptions {
  token: string;
  routes?: ControlRoute[];
  /** Where handler failures are logged; silent when absent. */
  log?: Logger;
}

const MAX_BODY_BYTES = 64 * 1024;

export class ControlServer {
  private readonly server: Server;
  private readonly routes: ControlRoute[] = [];
  private readonly tokenDigest: Buffer;
  private readonly log: Logger;

  constructor(options: ControlServerOptions) {
    this.tokenDigest = digest(options.token);
    this.log = options.log ?? createLogger({ level: 'silent' });
    for (const route of options.routes ?? []) this.addRoute(route);
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  addRoute(route: ControlRoute): void {
    if (this.routes.some((r) => r.method === route.method && r.path === route.path)) {
      throw new Error(`control route ${route.method} ${route.path} is defined twice`);
    }
    this.routes.push(route);
  }

  listen(host: string, port: number): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  address(): AddressInfo {
    return this.server.address() as AddressInfo;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private authorised(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    // Compare fixed-length digests: no early exit on the first differing byte, no length leak.
    return timingSafeEqual(digest(match?.[1] ?? ''), this.tokenDigest) && match !== null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET') as HttpMethod;
    const url = new URL(req.url ?? '/', 'http://control.invalid');
    try {
      if (!this.authorised(req)) {
        res.setHeader('www-authenticate', 'Bearer');
        throw new ControlError(
          401,
          'missing or wrong bearer token: send "Authorization: Bearer <control.token>"',
        );
      }
      const found = this.match(method, url.pathname);
      const body = await readJsonBody(req);
      const result = await found.route.handler({ method, url, params: found.params, body });
      if (result instanceof TextResponse) return send(res, 200, result.body, result.contentType);
      send(res, 200, JSON.stringify(result ?? { ok: true }), 'application/json');
    } catch (error) {
      if (error instanceof ControlError) {
        const payload = error.details
          ? { error: error.message, details: error.details }
          : { error: error.message };
        return send(res, error.status, JSON.stringify(payload), 'application/json');
      }
      this.log.error({ err: (error as Error).message, path: url.pathname }, 'control API handler failed');
      send(res, 500, JSON.stringify({ error: 'internal error, see the relay log' }), 'application/json');
    }
  }

  private match(method: HttpMethod, path: string): { route: ControlRoute; params: Record<string, string> } {
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchPath(route.path, path);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method) return { route, params };
    }
    if (pathMatched) throw new ControlError(405, `method ${method} is not allowed on ${path}`);
    throw new ControlError(404, `no such endpoint: ${path}`);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith(':')) {
      if (g === '') return undefined;
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        throw new ControlError(400, `"${g.slice(0, 80)}" in the path is not valid percent-encoding`);
      }
    } else if (w !== g) return undefined;
  }
  return params;
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ControlError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlError(400, 'request body is not valid JSON');
  }
}

function send(res: ServerResponse, status: number, body: string, contentType: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}
