// One SMTP conversation with one address, as a sending server would have it: connect, read the
// banner, EHLO, STARTTLS, TLS handshake, QUIT. It records what it saw and never trusts or rejects
// the certificate itself (that is certificate-analysis.ts): the handshake accepts any certificate.
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as connectTls, type PeerCertificate, type TLSSocket } from 'node:tls';
import { type TlsMessage, tlsMessage } from './messages.ts';
import { replyText, SmtpReplyReader } from './smtp-reply-reader.ts';
import type { ConversationFacts, ProbeFailureKind, ProbeStage } from './types.ts';

export interface ProbeTarget {
  address: string;
  port: number;
  /** Sent as SNI when it is a name. */
  serverName?: string;
}

export interface ProbeSettings {
  timeoutMs: number;
  ehloName: string;
}

export interface ProbeOutcome extends ConversationFacts {
  /** DER certificates, leaf first, as the server sent them. */
  chain: Buffer[];
}

class ProbeError extends Error {
  constructor(
    readonly kind: ProbeFailureKind,
    readonly said: TlsMessage,
  ) {
    super(said.code);
  }
}

/** The chain from getPeerCertificate(true), leaf first, each certificate once. */
function peerChain(socket: TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  const seen = new Set<string>();
  let certificate: PeerCertificate | undefined = socket.getPeerCertificate(true);
  while (certificate?.raw && !seen.has(certificate.fingerprint256)) {
    seen.add(certificate.fingerprint256);
    chain.push(certificate.raw);
    certificate = (certificate as { issuerCertificate?: PeerCertificate }).issuerCertificate;
  }
  if (chain.length === 0) {
    const leaf = socket.getPeerX509Certificate();
    if (leaf) chain.push(leaf.raw);
  }
  return chain;
}

function networkFailure(error: NodeJS.ErrnoException, target: ProbeTarget): ProbeError {
  const where = `${target.address}:${target.port}`;
  if (error.code === 'ECONNREFUSED') {
    return new ProbeError('refused', tlsMessage('failure.refused', { where, port: target.port }));
  }
  if (error.code === 'ECONNRESET' || error.message === 'the server closed the connection') {
    return new ProbeError('closed', tlsMessage('failure.closed', { where }));
  }
  const detail = `${error.code ?? ''} ${error.message}`.replace(/\s+/g, ' ').trim();
  return new ProbeError('network', tlsMessage('failure.network', { where, detail }));
}

export async function probeSmtpStarttls(target: ProbeTarget, settings: ProbeSettings): Promise<ProbeOutcome> {
  const started = performance.now();
  const since = (mark: number) => Math.round((performance.now() - mark) * 10) / 10;
  const outcome: ProbeOutcome = { timings: { totalMs: 0 }, extensions: [], chain: [] };
  let stage: ProbeStage = 'connect';
  let plain: Socket | undefined;
  let secure: TLSSocket | undefined;
  let timer: NodeJS.Timeout | undefined;

  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ProbeError(
            'timeout',
            tlsMessage('failure.timeout', {
              ms: settings.timeoutMs,
              waiting: tlsMessage(`waiting.${stage}`),
            }),
          ),
        ),
      settings.timeoutMs,
    );
  });

  const conversation = async () => {
    let mark = performance.now();
    const socket = connectTcp({ host: target.address, port: target.port, family: isIP(target.address) || 0 });
    plain = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    }).catch((error: NodeJS.ErrnoException) => {
      throw networkFailure(error, target);
    });
    socket.removeAllListeners('error');
    socket.on('error', () => {});
    outcome.timings.connectMs = since(mark);

    const reader = new SmtpReplyReader(socket);
    const read = () =>
      reader.next().catch((error: NodeJS.ErrnoException) => {
        throw networkFailure(error, target);
      });
    const quit = () => socket.end('QUIT\r\n');

    stage = 'banner';
    mark = performance.now();
    outcome.banner = await read();
    outcome.timings.bannerMs = since(mark);
    if (outcome.banner.code !== 220) {
      quit();
      throw new ProbeError(
        'banner-rejected',
        tlsMessage('failure.bannerRejected', { reply: replyText(outcome.banner) }),
      );
    }

    stage = 'ehlo';
    mark = performance.now();
    socket.write(`EHLO ${settings.ehloName}\r\n`);
    outcome.ehlo = await read();
    outcome.timings.ehloMs = since(mark);
    if (outcome.ehlo.code !== 250) {
      quit();
      throw new ProbeError(
        'ehlo-rejected',
        tlsMessage('failure.ehloRejected', { reply: replyText(outcome.ehlo) }),
      );
    }
    outcome.extensions = outcome.ehlo.lines.slice(1).map((line) => (line.split(' ')[0] ?? '').toUpperCase());
    outcome.starttlsOffered = outcome.extensions.includes('STARTTLS');

    stage = 'starttls';
    if (!outcome.starttlsOffered) {
      quit();
      throw new ProbeError('starttls-not-offered', tlsMessage('failure.starttlsNotOffered'));
    }
    mark = performance.now();
    socket.write('STARTTLS\r\n');
    outcome.starttlsReply = await read();
    outcome.timings.starttlsMs = since(mark);
    if (outcome.starttlsReply.code !== 220) {
      quit();
      throw new ProbeError(
        'starttls-refused',
        tlsMessage('failure.starttlsRefused', { reply: replyText(outcome.starttlsReply) }),
      );
    }

    stage = 'handshake';
    reader.detach();
    mark = performance.now();
    const tlsSocket = connectTls({
      socket,
      rejectUnauthorized: false,
      ...(target.serverName && !isIP(target.serverName) ? { servername: target.serverName } : {}),
    });
    secure = tlsSocket;
    await new Promise<void>((resolve, reject) => {
      tlsSocket.once('secureConnect', resolve);
      tlsSocket.once('error', reject);
      tlsSocket.once('close', () =>
        reject(new ProbeError('tls-handshake', tlsMessage('failure.handshakeClosed'))),
      );
    }).catch((error: Error) => {
      if (error instanceof ProbeError) throw error;
      throw new ProbeError('tls-handshake', tlsMessage('failure.handshake', { detail: error.message }));
    });
    tlsSocket.removeAllListeners('error');
    tlsSocket.on('error', () => {});
    outcome.timings.handshakeMs = since(mark);
    const cipher = tlsSocket.getCipher();
    outcome.tls = {
      protocol: tlsSocket.getProtocol() ?? 'unknown',
      cipher: cipher.name,
      ...(cipher.standardName ? { standardName: cipher.standardName } : {}),
    };
    outcome.chain = peerChain(tlsSocket);
    tlsSocket.end('QUIT\r\n');
  };

  try {
    await Promise.race([conversation(), timeout]);
  } catch (error) {
    outcome.failure =
      error instanceof ProbeError
        ? { stage, kind: error.kind, message: error.said }
        : {
            stage,
            kind: 'network',
            message: tlsMessage('failure.other', { detail: (error as Error).message }),
          };
  } finally {
    clearTimeout(timer);
    // `secure` wraps `plain`. After a clean QUIT give the server a moment to answer and close;
    // after a failure close at once.
    const sockets = [secure as TLSSocket | undefined, plain as Socket | undefined];
    if (outcome.failure) for (const socket of sockets) socket?.destroy();
    else
      setTimeout(() => {
        for (const socket of sockets) socket?.destroy();
      }, 1000).unref();
    outcome.timings.totalMs = since(started);
  }
  return outcome;
}
