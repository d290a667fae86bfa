// One SMTP client connection to a next hop, on nodemailer's SMTPConnection. nodemailer dot-stuffs
// the DATA stream and turns bare CR/LF into CRLF; the spool only holds CRLF lines, so the bytes that
// arrive are the bytes we send (test/gateway/delivery-bytes.test.ts checks this with sha256).
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { TlsMode } from './config.ts';
import { daneMismatch, peerChain, type TlsaRecord } from './dane.ts';

export interface SessionOptions {
  /** Name to connect to and to verify the certificate against. */
  host: string;
  /** The IP address of `host` to connect to. */
  address: string;
  port: number;
  tls: TlsMode;
  /** Our name in EHLO. */
  heloName: string;
  timeoutMs: number;
  /** Extra trust anchors (PEM) for `verified` TLS; tests and private PKIs. */
  ca?: string | string[];
  /** DANE (RFC 7672): the certificate must match one of these records, checked before MAIL. */
  dane?: { records: TlsaRecord[]; names: string[] };
}

export interface TlsInfo {
  protocol: string;
  cipher: string;
  authorized: boolean;
}

/** A failure before the next hop answered anything about the message itself. */
export class SessionError extends Error {
  constructor(
    message: string,
    /** The next hop's reply, when the failure is one (a 421 or 554 greeting, a refused STARTTLS). */
    readonly reply: string | undefined,
    readonly tlsFailure: boolean,
    /** A short reason for /status when a TLS policy refused the next hop ("dane-mismatch"). */
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface SendResult {
  accepted: string[];
  rejected: { address: string; reply: string }[];
  /** The reply to the end of DATA. */
  reply: string;
}

/** A send that failed as a whole: MAIL FROM refused, every recipient refused, or DATA refused. */
export class TransactionError extends Error {
  constructor(
    message: string,
    readonly reply: string | undefined,
    readonly rejected: { address: string; reply: string }[],
    /** Whether the session can carry another message. */
    readonly sessionUsable: boolean,
  ) {
    super(message);
  }
}

interface NodemailerError extends Error {
  code?: string;
  response?: string;
  responseCode?: number;
  command?: string;
  recipient?: string;
  rejectedErrors?: NodemailerError[];
}

export class Session {
  private readonly connection: SMTPConnection;
  private closed = false;
  private lastError: NodemailerError | undefined;
  readonly key: string;
  /** Messages sent on this connection. */
  sent = 0;

  private constructor(
    readonly options: SessionOptions,
    connection: SMTPConnection,
  ) {
    this.connection = connection;
    this.key = sessionKey(options);
    connection.on('error', (error: NodemailerError) => {
      this.lastError = error;
    });
    connection.on('end', () => {
      this.closed = true;
    });
  }

  static open(options: SessionOptions): Promise<Session> {
    const servername = isIP(options.host) ? undefined : options.host;
    const connection = new SMTPConnection({
      host: options.address,
      port: options.port,
      servername,
      name: options.heloName,
      requireTLS: options.tls !== 'opportunistic',
      opportunisticTLS: options.tls === 'opportunistic',
      tls: {
        servername,
        rejectUnauthorized: options.tls === 'verified',
        minVersion: 'TLSv1.2',
        ...(options.ca ? { ca: options.ca } : {}),
      },
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
      logger: false,
    });
    const session = new Session(options, connection);
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: NodemailerError) => {
        if (settled) return;
        settled = true;
        connection.close();
        reject(toSessionError(error, options));
      };
      connection.once('error', fail);
      connection.once('end', () =>
        fail(session.lastError ?? new Error('connection closed before EHLO completed')),
      );
      connection.connect((error?: NodemailerError) => {
        if (error) return fail(error);
        if (settled) return;
        // Node checks names only after its own chain check passed, so DANE is checked here, on the
        // certificate the next hop presented, after STARTTLS and before MAIL.
        const mismatch = options.dane ? session.daneMismatch(options.dane) : undefined;
        settled = true;
        connection.removeListener('error', fail);
        if (mismatch) {
          connection.close();
          const where = `${options.host}[${options.address}]:${options.port}`;
          reject(
            new SessionError(`DANE with ${where} failed: ${mismatch}`, undefined, true, 'dane-mismatch'),
          );
          return;
        }
        resolve(session);
      });
    });
  }

  get usable(): boolean {
    return !this.closed && !this.connection.destroyed;
  }

  /** The SMTP extensions the next hop advertised (after STARTTLS, the ones it advertised over TLS). */
  get extensions(): string[] {
    // nodemailer keeps the parsed EHLO keywords in a field it does not type.
    return [
      ...((this.connection as unknown as { _supportedExtensions?: string[] })._supportedExtensions ?? []),
    ];
  }

  private get socket(): TLSSocket | undefined {
    const socket = (this.connection as unknown as { _socket?: TLSSocket })._socket;
    return this.connection.secure && socket && typeof socket.getPeerCertificate === 'function'
      ? socket
      : undefined;
  }

  private daneMismatch(dane: NonNullable<SessionOptions['dane']>): string | undefined {
    const socket = this.socket;
    if (!socket) return 'the session is not encrypted (STARTTLS is mandatory with DANE)';
    return daneMismatch(peerChain(socket.getPeerCertificate(true)), dane.records, dane.names, new Date());
  }

  /** Why the certificate would fail PKIX validation for `name` (MTA-STS testing), or undefined. */
  pkixProblem(name: string): string | undefined {
    const socket = this.socket;
    if (!socket) return 'no STARTTLS';
    if (!socket.getPeerX509Certificate()?.checkHost(name)) return `certificate is not for ${name}`;
    if (!socket.authorized) return `certificate not trusted: ${String(socket.authorizationError)}`;
    return undefined;
  }

  get tls(): TlsInfo | null {
    const socket = (this.connection as unknown as { _socket?: TLSSocket })._socket;
    if (!this.connection.secure || !socket || typeof socket.getProtocol !== 'function') return null;
    return {
      protocol: socket.getProtocol() ?? 'unknown',
      cipher: socket.getCipher()?.name ?? 'unknown',
      authorized: socket.authorized === true,
    };
  }

  send(
    envelope: { from: string; to: string[]; size: number; eightBit: boolean },
    message: Readable,
  ): Promise<SendResult> {
    return new Promise((resolve, reject) => {
      this.connection.send(
        { from: envelope.from, to: envelope.to, size: envelope.size, use8BitMime: envelope.eightBit },
        message,
        (error, info) => {
          if (error) {
            const err = error as NodemailerError;
            const rejected = (err.rejectedErrors ?? []).map((e) => ({
              address: e.recipient ?? '',
              reply: e.response ?? e.message,
            }));
            if (err.code === 'EMESSAGE' && !err.response && /larger than allowed/i.test(err.message)) {
              // Refused before sending: the next hop's EHLO SIZE is below the message size.
              message.destroy();
              const reply = `552 5.3.4 ${this.options.host} takes at most ${err.message.replace(/\D+/g, '')} bytes (EHLO SIZE); the message is ${envelope.size}`;
              reject(new TransactionError(err.message, reply, [], true));
              return;
            }
            const isReply = err.code === 'EENVELOPE' || err.code === 'EMESSAGE';
            if (!isReply || !err.response) {
              message.destroy();
              reject(toSessionError(err, this.options));
              return;
            }
            reject(new TransactionError(err.message, err.response, rejected, false));
            return;
          }
          this.sent++;
          resolve({
            accepted: info.accepted,
            rejected: (info.rejectedErrors ?? []).map((e) => ({
              address: (e as NodemailerError).recipient ?? '',
              reply: (e as NodemailerError).response ?? e.message,
            })),
            reply: info.response,
          });
        },
      );
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.connection.quit();
    } catch {
      this.connection.close();
    }
  }
}

export function sessionKey(options: Pick<SessionOptions, 'host' | 'port' | 'tls' | 'dane'>): string {
  const base = `${options.host.toLowerCase()}:${options.port}:${options.tls}`;
  if (!options.dane) return base;
  const pins = options.dane.records.map(
    (r) => `${r.usage}${r.selector}${r.matchingType}${r.data.toString('hex')}`,
  );
  return `${base}:dane:${pins.sort().join(',')}`;
}

function toSessionError(error: NodemailerError, options: SessionOptions): SessionError {
  const tlsFailure = error.code === 'ETLS' || /certificate|TLS|SSL/i.test(error.message);
  const where = `${options.host}[${options.address}]:${options.port}`;
  let detail = error.response ? `${error.response}` : `${error.code ?? 'error'}: ${error.message}`;
  if (error.command === 'STARTTLS' && error.response)
    detail = `the next hop refused STARTTLS (${error.response})`;
  const message = tlsFailure ? `TLS (${options.tls}) with ${where} failed: ${detail}` : `${where}: ${detail}`;
  return new SessionError(message, error.response, tlsFailure);
}
