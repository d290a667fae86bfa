// A small SMTP server on loopback for TLS connection tests: it greets, answers EHLO, and upgrades
// with STARTTLS using whatever certificate chain it is given. Each misbehaviour a test needs is an
// option: a rejecting greeting, no STARTTLS, STARTTLS refused, or total silence.
import { createServer, type Server, type Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';

export interface StarttlsServerOptions {
  host?: '127.0.0.1' | '::1';
  port?: number;
  /** PEM: the leaf, then whatever else the server should send. */
  certChainPem?: string;
  keyPem?: string;
  /** The greeting line, e.g. "554 5.7.1 go away". Default "220 mail.test.example ESMTP". */
  banner?: string;
  offerStarttls?: boolean;
  /** Answer STARTTLS with this line instead of upgrading, e.g. "454 4.7.0 TLS not available". */
  refuseStarttls?: string;
  /** Accept the connection and never send a byte. */
  silent?: boolean;
}

export interface StarttlsServer {
  port: number;
  host: string;
  /** How many connections were accepted. */
  connections: number;
  /** How many TLS handshakes completed. */
  handshakes: number;
  close(): Promise<void>;
}

function serve(socket: Socket | TLSSocket, options: StarttlsServerOptions, upgrade: () => void) {
  let buffer = '';
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    let end = buffer.indexOf('\n');
    while (end >= 0) {
      const line = buffer.slice(0, end).replace(/\r$/, '');
      buffer = buffer.slice(end + 1);
      const verb = line.split(' ')[0]?.toUpperCase();
      if (verb === 'EHLO') {
        const tls = socket instanceof TLSSocket;
        const extensions = [
          'PIPELINING',
          'SIZE 10240000',
          ...(options.offerStarttls !== false && !tls ? ['STARTTLS'] : []),
          '8BITMIME',
        ];
        socket.write(
          ['mail.test.example greets you', ...extensions]
            .map((text, index, all) => `250${index === all.length - 1 ? ' ' : '-'}${text}\r\n`)
            .join(''),
        );
      } else if (verb === 'HELO') socket.write('250 mail.test.example\r\n');
      else if (verb === 'STARTTLS') {
        if (options.refuseStarttls) socket.write(`${options.refuseStarttls}\r\n`);
        else {
          socket.off('data', onData);
          socket.write('220 2.0.0 go ahead\r\n', upgrade);
          return;
        }
      } else if (verb === 'QUIT') {
        socket.end('221 2.0.0 bye\r\n');
        return;
      } else socket.write('502 5.5.2 not implemented here\r\n');
      end = buffer.indexOf('\n');
    }
  };
  socket.on('data', onData);
}

export async function startStarttlsServer(options: StarttlsServerOptions = {}): Promise<StarttlsServer> {
  const sockets = new Set<Socket>();
  const secureContext =
    options.certChainPem && options.keyPem
      ? createSecureContext({ cert: options.certChainPem, key: options.keyPem })
      : undefined;
  const state: StarttlsServer = {
    port: 0,
    host: options.host ?? '127.0.0.1',
    connections: 0,
    handshakes: 0,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (options.silent) return;
    const banner = options.banner ?? '220 mail.test.example ESMTP';
    socket.write(`${banner}\r\n`);
    if (!banner.startsWith('220')) {
      socket.on('data', () => socket.end('221 2.0.0 bye\r\n'));
      return;
    }
    serve(socket, options, () => {
      if (!secureContext) {
        socket.destroy();
        return;
      }
      const secure = new TLSSocket(socket, { isServer: true, secureContext });
      secure.on('error', () => {});
      secure.on('secure', () => state.handshakes++);
      serve(secure, options, () => secure.destroy());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, state.host, () => resolve());
  });
  const address = server.address();
  state.port = typeof address === 'object' && address ? address.port : 0;
  return state;
}
