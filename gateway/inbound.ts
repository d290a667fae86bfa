// The SMTP listener Gmail delivers to. Stages: connection policy (allowlist, pause) -> envelope
// policy (sender domains, recipient syntax, limits) -> data checks (bare CR/LF, size) -> tenant
// binding (DKIM / routing-rule header) -> spool.
// The 250 reply is sent only after the spool has made the message durable.
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type {
  SMTPServerAddress,
  SMTPServerDataStream,
  SMTPServerOptions,
  SMTPServerSession,
} from 'smtp-server';
import type { AllowDecision } from './allowlist.ts';
import { checkRecipient, checkSender } from './inbound/address-policy.ts';
import { checkBody } from './inbound/checked-body.ts';
import {
  BareLineEndingCheck,
  SizeExceededFlagCheck,
  SizeLimitCheck,
  tooLarge,
} from './inbound/data-checks.ts';
import type { InboundMetrics } from './inbound/metrics.ts';
import { type Refusal, RefusalError, refusal, spoolFull } from './inbound/refusal.ts';
import { AdmittingSmtpServer } from './inbound/smtp-listener.ts';
import { bindTenant, type DnsResolve, type TenantSettings } from './inbound/tenant-binding.ts';
import type { Logger } from './log.ts';
import type { MessageLogger } from './message-log.ts';
import type { ScanDecision, ScanSession } from './scan/scanner.ts';
import type { QueuedEnvelope, Spool } from './spool.ts';

export interface InboundSettings {
  hostname?: string;
  /** PEM file paths; STARTTLS is offered when set. */
  tls?: { key: string; cert: string };
  senders: string[];
  allowNullSender: boolean;
  maxMessageBytes: number;
  reverseLookup: boolean;
  tenant: TenantSettings;
  limits: {
    maxClients: number;
    maxConnectionsPerIp: number;
    maxRecipients: number;
    maxMessagesPerConnection: number;
    socketTimeoutSeconds: number;
    closeTimeoutSeconds: number;
    dataSeconds: number;
    sessionSeconds: number;
  };
}

export interface InboundDeps {
  allowlist: { check(address: string): AllowDecision };
  spool: Pick<Spool, 'accept' | 'nextId'>;
  metrics: InboundMetrics;
  log: Logger;
  /** Makes the logger of each message, at DATA (message-log.ts). */
  messageLog: MessageLogger;
  isPaused(): boolean;
  /** False while the spool lacks room for new mail: MAIL gets 452 4.3.1 (spool-full). */
  spoolHasRoom?: () => boolean;
  /** DNS for DKIM keys (tenant binding) */
  resolveDns: DnsResolve;
  /** The content scan (gateway/scan/); none when no scanner is configured. */
  scanner?: { begin(envelope: Omit<QueuedEnvelope, 'id' | 'size'>): ScanSession | undefined };
  clock?: () => Date;
}

export class InboundServer {
  private readonly server: AdmittingSmtpServer;
  private settings: InboundSettings;

  private constructor(
    settings: InboundSettings,
    options: SMTPServerOptions,
    private readonly deps: InboundDeps,
  ) {
    this.settings = settings;
    this.server = new AdmittingSmtpServer(
      {
        ...options,
        // Admission is decided at accept time (AdmittingSmtpServer); answering at once here lets the
        // greeting go out before the client's first bytes are read.
        onConnect: (_session, cb) => cb(),
        onMailFrom: (address, session, cb) => this.onMailFrom(address, session, cb),
        onRcptTo: (address, session, cb) => this.onRcptTo(address, session, cb),
        onData: (stream, session, cb) => void this.onData(stream, session, cb),
      },
      {
        check: (address, open) => this.connectionRefusal(address, open),
        refused: (address, r) => this.countRefusal(r, { client: address }),
        sessionMs: () => this.settings.limits.sessionSeconds * 1000,
      },
    );
    this.server.on('error', (error) => this.deps.log.error({ err: error.message }, 'smtp listener error'));
  }

  static async create(settings: InboundSettings, deps: InboundDeps): Promise<InboundServer> {
    const tls = settings.tls ? await readTls(settings.tls) : undefined;
    const options: SMTPServerOptions = {
      name: settings.hostname,
      banner: 'outbound relay',
      // No AUTH: clients are authorised by address. No STARTTLS without a certificate.
      disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      authOptional: true,
      // Enhanced status codes are written by the relay itself (RFC 3463), suited to each refusal.
      hideENHANCEDSTATUSCODES: true,
      hideDSN: true,
      size: settings.maxMessageBytes,
      disableReverseLookup: !settings.reverseLookup,
      maxClients: settings.limits.maxClients,
      socketTimeout: settings.limits.socketTimeoutSeconds * 1000,
      closeTimeout: settings.limits.closeTimeoutSeconds * 1000,
      logger: false,
      ...tls,
    };
    return new InboundServer(settings, options, deps);
  }

  listen(host: string, port: number): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.server.off('error', onError);
        resolve(this.server.server.address() as AddressInfo);
      });
    });
  }

  address(): AddressInfo {
    return this.server.server.address() as AddressInfo;
  }

  /** The tenant binding in force. */
  get tenant(): TenantSettings {
    return this.settings.tenant;
  }

  get activeConnections(): number {
    return this.server.connections.size;
  }

  /** New settings from a reload; the certificate files are read again (renewed certificates). */
  async update(settings: InboundSettings): Promise<void> {
    if (settings.tls) this.server.updateSecureContext(await readTls(settings.tls));
    this.server.options.size = settings.maxMessageBytes;
    this.server.options.maxClients = settings.limits.maxClients;
    this.server.options.socketTimeout = settings.limits.socketTimeoutSeconds * 1000;
    this.server.options.closeTimeout = settings.limits.closeTimeoutSeconds * 1000;
    this.settings = settings;
  }

  /** Stops listening; open sessions get 421 (smtp-server) and are closed after closeTimeout. */
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private refuse(
    session: SMTPServerSession,
    r: Refusal,
    details: Record<string, unknown> = {},
    log: Logger = this.deps.log,
  ): RefusalError {
    this.countRefusal(r, { session: session.id, client: session.remoteAddress, ...details }, log);
    return new RefusalError(r);
  }

  private countRefusal(r: Refusal, details: Record<string, unknown>, log: Logger = this.deps.log): void {
    this.deps.metrics.reject(r.reason);
    log.info({ component: 'inbound', event: 'refused', reason: r.reason, code: r.code, ...details }, r.text);
  }

  /** Decided when the connection is accepted, before a session (and its slot) exists. */
  private connectionRefusal(
    address: string,
    open: { total: number; fromAddress: number },
  ): Refusal | undefined {
    this.deps.metrics.connections.inc();
    const r = this.allowlistRefusal(address);
    if (r) return r;
    if (this.deps.isPaused()) return paused();
    const { maxClients, maxConnectionsPerIp } = this.settings.limits;
    if (open.fromAddress >= maxConnectionsPerIp) {
      return refusal(
        'too-many-connections-per-ip',
        421,
        '4.7.0',
        `Too many connections from ${address} (limit ${maxConnectionsPerIp}), try again in a moment`,
      );
    }
    if (open.total >= maxClients) {
      return refusal(
        'too-many-clients',
        421,
        '4.3.2',
        `Too many connected clients (limit ${maxClients}), try again in a moment`,
      );
    }
    return undefined;
  }

  private allowlistRefusal(address: string): Refusal | undefined {
    const decision = this.deps.allowlist.check(address);
    if (decision.allowed) return undefined;
    if (decision.reason === 'not-loaded') {
      return refusal(
        'allowlist-not-loaded',
        421,
        '4.3.0',
        'Relay not ready: its allowlist of client ranges was never loaded, try again later',
      );
    }
    return refusal(
      'client-not-allowed',
      554,
      '5.7.1',
      `Client address ${address} is not allowed to use this relay`,
    );
  }

  private onMailFrom(
    address: SMTPServerAddress,
    session: SMTPServerSession,
    cb: (err?: Error | null) => void,
  ): void {
    const r = this.senderRefusal(address, session);
    cb(r && this.refuse(session, r, { from: address.address }));
  }

  private senderRefusal(address: SMTPServerAddress, session: SMTPServerSession): Refusal | undefined {
    if (this.deps.isPaused()) return paused();
    if (this.deps.spoolHasRoom && !this.deps.spoolHasRoom()) return spoolFull();
    const { maxMessagesPerConnection } = this.settings.limits;
    if (session.transaction > maxMessagesPerConnection) {
      return refusal(
        'too-many-messages',
        421,
        '4.7.0',
        `Too many messages in one connection (limit ${maxMessagesPerConnection}), reconnect`,
      );
    }
    const declared = address.args && typeof address.args.SIZE === 'string' ? Number(address.args.SIZE) : 0;
    if (declared > this.settings.maxMessageBytes) return tooLarge(this.settings.maxMessageBytes);
    return checkSender(address.address, this.settings);
  }

  private onRcptTo(
    address: SMTPServerAddress,
    session: SMTPServerSession,
    cb: (err?: Error | null) => void,
  ): void {
    const { maxRecipients } = this.settings.limits;
    const r =
      session.envelope.rcptTo.length >= maxRecipients
        ? refusal(
            'too-many-recipients',
            452,
            '4.5.3',
            `Too many recipients (limit ${maxRecipients}), send the rest in another message`,
          )
        : checkRecipient(address.address);
    cb(r && this.refuse(session, r, { to: address.address }));
  }

  private async onData(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    cb: (err?: Error | null, message?: string) => void,
  ): Promise<void> {
    // The message's logger is made here, with its queue id, so refusals of its content carry it too.
    const queueId = this.deps.spool.nextId();
    const log = this.deps.messageLog(queueId);
    stream.on('error', (error) =>
      log.warn({ component: 'inbound', session: session.id, err: error.message }, 'DATA stream error'),
    );
    const { dataSeconds } = this.settings.limits;
    const dataLimit = setTimeout(() => {
      const r = refusal(
        'data-timeout',
        421,
        '4.4.2',
        `DATA took longer than ${dataSeconds} seconds, closing; the message was not queued`,
      );
      this.countRefusal(r, { session: session.id, client: session.remoteAddress }, log);
      this.server.expire(session.id, r);
    }, dataSeconds * 1000);
    dataLimit.unref();
    try {
      await this.receive(stream, session, cb, queueId, log);
    } finally {
      clearTimeout(dataLimit);
    }
  }

  private async receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    cb: (err?: Error | null, message?: string) => void,
    queueId: string,
    log: Logger,
  ): Promise<void> {
    const envelope = envelopeOf(session, (this.deps.clock ?? (() => new Date()))());
    // The scan is the last check: it sees only bytes the others passed, while the spool writes them;
    // the spool commits only once the scanners' decision allows it (gateway/scan/scanner.ts).
    const scan = this.deps.scanner?.begin(envelope);
    const checked = checkBody(stream, [
      new SizeLimitCheck(this.settings.maxMessageBytes),
      new BareLineEndingCheck(),
      new SizeExceededFlagCheck(() => stream.sizeExceeded, this.settings.maxMessageBytes),
      ...(scan ? [scan] : []),
    ]);
    const bound = bindTenant(checked.body, this.settings.tenant, this.deps.resolveDns, log);
    let queued: QueuedEnvelope | undefined;
    let spoolError: Error | undefined;
    let decision: ScanDecision | undefined;
    const beforeCommit = scan
      ? async () => {
          decision = await scan.result();
          if (decision.refusal) throw new RefusalError(decision.refusal);
        }
      : undefined;
    try {
      queued = await this.deps.spool.accept(envelope, bound.body, { id: queueId, log, beforeCommit });
    } catch (error) {
      spoolError = error as Error;
    }
    scan?.abort();
    const refused = (await checked.done) ?? (await bound.done);
    const details = { from: envelope.mailFrom, to: envelope.rcptTo, ...scanDetails(decision) };
    if (refused) {
      cb(this.refuse(session, refused, details, log));
      return;
    }
    if (!queued && decision?.refusal) {
      cb(this.refuse(session, decision.refusal, details, log));
      return;
    }
    const clientError = checked.clientError();
    if (!queued && clientError) {
      log.info(
        { component: 'inbound', session: session.id, err: clientError.message, ...details },
        'client left during DATA',
      );
      cb(clientError);
      return;
    }
    if (!queued) {
      const code = (spoolError as NodeJS.ErrnoException | undefined)?.code;
      log.error(
        { component: 'inbound', session: session.id, err: spoolError?.message, code, ...details },
        'spool write failed',
      );
      const r =
        code === 'ENOSPC' || code === 'EDQUOT'
          ? spoolFull()
          : refusal('spool-error', 451, '4.3.0', 'Message not queued: local error, try again later');
      cb(this.refuse(session, r, details, log));
      return;
    }
    this.deps.metrics.accepted.inc();
    this.deps.metrics.acceptedBytes.inc({}, queued.size);
    this.deps.metrics.messageSize.observe(queued.size);
    log.info(
      {
        component: 'inbound',
        event: 'queued',
        from: queued.mailFrom,
        to: queued.rcptTo,
        size: queued.size,
        client: queued.client.address,
        helo: queued.client.helo,
        tls: queued.tls,
        session: session.id,
        ...scanDetails(decision),
      },
      'message queued',
    );
    cb(null, `2.0.0 Ok: queued as ${queued.id}`);
  }
}

/** What the scanners found, for the log line of the message (a virus names its signature). */
function scanDetails(decision: ScanDecision | undefined): Record<string, unknown> {
  if (!decision) return {};
  return {
    scan: decision.results.map(({ engine, verdict }) => ({ scanner: engine, ...verdict })),
  };
}

function paused(): Refusal {
  return refusal('paused', 421, '4.3.2', 'Relay paused for maintenance, try again later');
}

function envelopeOf(session: SMTPServerSession, now: Date): Omit<QueuedEnvelope, 'id' | 'size'> {
  const hostname = session.clientHostname;
  const cipher = session.secure && session.tlsOptions ? session.tlsOptions : undefined;
  return {
    mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    rcptTo: session.envelope.rcptTo.map((r) => r.address),
    receivedAt: now.toISOString(),
    client: {
      address: session.remoteAddress,
      ...(hostname && !hostname.startsWith('[') ? { hostname } : {}),
      helo: session.hostNameAppearsAs || '',
    },
    tls: cipher ? { protocol: cipher.version, cipher: cipher.name } : null,
  };
}

async function readTls(paths: { key: string; cert: string }): Promise<{ key: Buffer; cert: Buffer }> {
  const [key, cert] = await Promise.all([readFile(paths.key), readFile(paths.cert)]);
  return { key, cert };
}
