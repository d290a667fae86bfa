// smtp-server with the relay's admission at accept time. A client that is refused (outside the
// allowlist, too many sessions) gets its one-line reply and is closed before an SMTP session exists:
// it takes no maxClients slot and no timer. An admitted client is greeted at once: smtp-server waits
// a fixed 100 ms before every greeting to catch early talkers, but only the allowlist's clients
// (Google's servers) get this far. Each session is also bounded in total time.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { SMTPConnection, type SMTPConnectionOptions } from 'smtp-server/lib/smtp-connection';
import { unmapIpv4 } from '../ip-ranges.ts';
import type { Refusal } from './refusal.ts';

export interface Admission {
  /** The refusal for a new connection from `address`, given the sessions open now. */
  check(address: string, open: { total: number; fromAddress: number }): Refusal | undefined;
  /** Called for every refusal made here (to count and log it). */
  refused(address: string, refusal: Refusal): void;
  /** The longest a session may last, in ms. */
  sessionMs(): number;
}

/** How long a refused socket may linger for the client to read its reply before it is cut. */
const REFUSED_LINGER_MS = 2000;

class PromptConnection extends SMTPConnection {
  override init(): void {
    this._setListeners(() => this.connectionReady());
  }
}

export class AdmittingSmtpServer extends SMTPServer {
  private readonly admission: Admission;

  constructor(options: SMTPServerOptions, admission: Admission) {
    super(options);
    this.admission = admission;
  }

  override connect(socket: Socket | TLSSocket, socketOptions?: SMTPConnectionOptions | null): void {
    const address = unmapIpv4(socketOptions?.remoteAddress ?? socket.remoteAddress ?? '');
    let fromAddress = 0;
    for (const connection of this.connections)
      if (unmapIpv4(connection.remoteAddress) === address) fromAddress++;
    const refusal = this.admission.check(address, { total: this.connections.size, fromAddress });
    if (refusal) {
      this.admission.refused(address, refusal);
      refuseSocket(socket, refusal);
      return;
    }
    const connection = new PromptConnection(this, socket, socketOptions);
    this.connections.add(connection);
    connection.on('error', (error: Error) => this.emit('error', error));
    connection.on('connect', (data: unknown) => this.emit('connect', data));
    const limit = setTimeout(() => this.onSessionTimeout(connection), this.admission.sessionMs());
    limit.unref();
    socket.once('close', () => clearTimeout(limit));
    connection.init();
  }

  /** Ends the session with `id` with a 421 reply (a DATA phase or the session took too long). */
  expire(id: string, refusal: Refusal): boolean {
    for (const connection of this.connections) {
      if (connection.id !== id) continue;
      connection.send(refusal.code, `${refusal.status} ${refusal.text}`);
      connection.close();
      return true;
    }
    return false;
  }

  private onSessionTimeout(connection: SMTPConnection): void {
    if (!this.connections.has(connection)) return;
    const refusal: Refusal = {
      reason: 'session-timeout',
      code: 421,
      status: '4.4.2',
      text: `Session lasted longer than ${Math.round(this.admission.sessionMs() / 1000)} seconds, closing; reconnect to go on`,
    };
    this.admission.refused(unmapIpv4(connection.remoteAddress), refusal);
    this.expire(connection.id, refusal);
  }
}

function refuseSocket(socket: Socket, refusal: Refusal): void {
  socket.on('error', () => {});
  socket.end(`${refusal.code} ${refusal.status} ${refusal.text.replace(/[\r\n]/g, ' ')}\r\n`);
  // Whatever the client sends is read and dropped, so its FIN (or a reset) closes the socket.
  socket.resume();
  const linger = setTimeout(() => socket.destroy(), REFUSED_LINGER_MS);
  linger.unref();
  socket.once('close', () => clearTimeout(linger));
}
