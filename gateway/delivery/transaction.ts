// One delivery attempt of one message to one destination: through the next hops in order, each
// through its addresses, until a next hop answers for the recipients. Returns an outcome per recipient.
import type { ResolveAddresses } from './addresses.ts';
import type { TlsMode } from './config.ts';
import { hasEightBitBytes, messageStream, needsSmtpUtf8 } from './message-file.ts';
import type { NextHop } from './next-hop.ts';
import { allRecipients, type RecipientOutcome, replyCode, resultOfReply } from './outcome.ts';
import type { SessionPool } from './pool.ts';
import { type Session, SessionError, type TlsInfo, TransactionError } from './session.ts';
import type { HopTls } from './tls-decision.ts';

export interface GroupDelivery {
  /** In mode mx each hop carries the TLS decided for it (tls-decision.ts); otherwise `tls` applies. */
  hops: (NextHop & { tls?: HopTls })[];
  tls: TlsMode;
  mailFrom: string;
  recipients: string[];
  /** Bytes of the spooled file. */
  size: number;
  messagePath: string;
  /** The spooled file's bytes when the spool still holds them in memory (saves reading the file). */
  messageBytes?: Buffer;
  /** Header lines the relay prepends (Received:, DKIM-Signature:). */
  prefix: Buffer;
  /** Sees the first chunk of the spooled file as it is sent. */
  onFirstChunk?: (chunk: Buffer) => void;
}

export interface TransactionDeps {
  pool: SessionPool;
  resolveAddresses: ResolveAddresses;
  heloName: string;
  timeoutMs: number;
  ca?: string | string[];
}

export interface GroupResult {
  outcomes: RecipientOutcome[];
  /** The host that answered for the message, and the TLS it was reached with. */
  host?: string;
  tls?: TlsInfo | null;
  /** Why each host that did not answer was skipped (connection, TLS, DNS), oldest first. */
  failures: string[];
  /** The TLS policy of the host that answered, and why it applied. */
  policy?: { policy: string; why: string };
  /** Short reasons of TLS policy failures ("dane-mismatch"), for /status. */
  tlsFailures: string[];
  /** MTA-STS testing: what enforce mode would have refused. */
  mtaStsTesting: string[];
}

interface Failure {
  permanent: boolean;
  reason: string;
}

export async function deliverGroup(group: GroupDelivery, deps: TransactionDeps): Promise<GroupResult> {
  const failures: string[] = [];
  const tlsFailures: string[] = [];
  const mtaStsTesting: string[] = [];
  let last: Failure = { permanent: false, reason: '4.4.4 no next hop to try' };
  let eightBit: boolean | undefined;

  for (const hop of group.hops) {
    const hopTls = hop.tls;
    const target = {
      host: hop.host,
      port: hop.port,
      tls: hopTls?.mode ?? group.tls,
      ...(hopTls?.dane ? { dane: { records: hopTls.dane, names: hopTls.daneNames ?? [hop.host] } } : {}),
    };
    let addresses: (string | undefined)[];
    if (deps.pool.hasIdle(target)) addresses = [undefined];
    else {
      const found = await deps.resolveAddresses(hop.host);
      if (!found.ok) {
        last = { permanent: found.permanent && group.hops.length === 1, reason: `4.4.3 ${found.reason}` };
        failures.push(last.reason);
        continue;
      }
      addresses = found.addresses;
    }

    for (let i = 0; i < addresses.length; i++) {
      const address = addresses[i];
      let session: Session;
      try {
        session = await deps.pool.acquire({
          ...target,
          address: address ?? hop.host,
          heloName: deps.heloName,
          timeoutMs: deps.timeoutMs,
          ...(deps.ca ? { ca: deps.ca } : {}),
        });
      } catch (error) {
        last = sessionFailure(error);
        failures.push(last.reason);
        const code = tlsFailureCode(error, hopTls);
        if (code) tlsFailures.push(code);
        continue;
      }
      const reused = session.sent > 0;
      if (hopTls?.mtaStsTesting && !reused) {
        const problems = [
          ...(hopTls.mtaStsTesting.mxMismatch ? ['MX not listed in the policy'] : []),
          ...[session.pkixProblem(hop.host)].filter((p): p is string => p !== undefined),
        ];
        if (problems.length > 0) mtaStsTesting.push(`${hop.host}: ${problems.join('; ')}`);
      }
      const policy = hopTls ? { policy: hopTls.policy, why: hopTls.why } : undefined;

      const missing = await missingExtension(session, group, async () => {
        eightBit ??= await hasEightBitBytes(group.messagePath);
        return eightBit;
      });
      if (missing) {
        deps.pool.release(session);
        last = { permanent: true, reason: missing };
        failures.push(`${hop.host}: ${missing}`);
        break; // this host will not do; the next MX might
      }

      try {
        const sent = await session.send(
          {
            from: group.mailFrom,
            to: group.recipients,
            size: group.size + group.prefix.length,
            eightBit: session.extensions.includes('8BITMIME'),
          },
          messageStream(group.prefix, group.messagePath, group.onFirstChunk, group.messageBytes),
        );
        deps.pool.release(session);
        const rejected = new Map(sent.rejected.map((r) => [r.address, r.reply]));
        const outcomes = group.recipients.map<RecipientOutcome>((address) => {
          const reply = rejected.get(address);
          if (reply === undefined)
            return { address, result: 'delivered', reason: sent.reply, remoteHost: hop.host };
          return {
            address,
            result: resultOfReply(replyCode(reply) ?? 450),
            reason: reply,
            remoteHost: hop.host,
          };
        });
        return {
          outcomes,
          host: hop.host,
          tls: session.tls,
          failures,
          tlsFailures,
          mtaStsTesting,
          ...(policy ? { policy } : {}),
        };
      } catch (error) {
        session.close();
        if (error instanceof TransactionError) {
          return {
            outcomes: transactionOutcomes(group, error, hop.host),
            host: hop.host,
            tls: session.tls,
            failures,
            tlsFailures,
            mtaStsTesting,
            ...(policy ? { policy } : {}),
          };
        }
        last = sessionFailure(error);
        failures.push(last.reason);
        const code = tlsFailureCode(error, hopTls);
        if (code) tlsFailures.push(code);
        // A cached connection the next hop had already dropped: try again on a new connection.
        if (reused && address !== undefined) i--;
        else if (reused) {
          const found = await deps.resolveAddresses(hop.host);
          if (found.ok) addresses.push(...found.addresses);
        }
      }
    }
  }
  return {
    outcomes: allRecipients(group.recipients, last.permanent ? 'bounced' : 'deferred', last.reason),
    failures,
    tlsFailures,
    mtaStsTesting,
  };
}

/** The /status reason for a TLS failure: the session's own ("dane-mismatch") or by policy. */
function tlsFailureCode(error: unknown, hopTls: HopTls | undefined): string | undefined {
  if (!(error instanceof SessionError) || !error.tlsFailure) return undefined;
  return error.code ?? `${hopTls?.policy ?? 'tls'}-tls-failed`;
}

function sessionFailure(error: unknown): Failure {
  if (error instanceof SessionError) {
    const code = replyCode(error.reply);
    const permanent = code !== undefined && code >= 500 && !error.tlsFailure;
    const prefix = error.tlsFailure ? '4.7.5 ' : error.reply ? '' : '4.4.1 ';
    return { permanent, reason: `${prefix}${error.message}` };
  }
  return { permanent: false, reason: `4.4.1 ${(error as Error)?.message ?? String(error)}` };
}

/** A refused MAIL FROM or DATA answers for everyone; all recipients refused answers per recipient. */
function transactionOutcomes(
  group: GroupDelivery,
  error: TransactionError,
  host: string,
): RecipientOutcome[] {
  if (error.rejected.length > 0) {
    const byAddress = new Map(error.rejected.map((r) => [r.address, r.reply]));
    return group.recipients.map((address) => {
      const reply = byAddress.get(address) ?? error.reply ?? error.message;
      return { address, result: resultOfReply(replyCode(reply) ?? 450), reason: reply, remoteHost: host };
    });
  }
  const reply = error.reply ?? error.message;
  return allRecipients(group.recipients, resultOfReply(replyCode(reply) ?? 450), reply, host);
}

/** The reason this next hop cannot take the message unchanged, or undefined when it can. */
async function missingExtension(
  session: Session,
  group: GroupDelivery,
  eightBit: () => Promise<boolean>,
): Promise<string | undefined> {
  const extensions = session.extensions;
  if (needsSmtpUtf8([group.mailFrom, ...group.recipients]) && !extensions.includes('SMTPUTF8')) {
    return `5.6.7 ${session.options.host} does not support SMTPUTF8, which the non-ASCII addresses of this message need`;
  }
  if (!extensions.includes('8BITMIME') && (await eightBit())) {
    return `5.6.3 ${session.options.host} does not support 8BITMIME and the message has 8-bit content; the relay does not rewrite messages`;
  }
  return undefined;
}
