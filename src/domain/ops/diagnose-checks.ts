// The rules of each diagnose check: facts in, a pass/warn/fail outcome with remedies out, as phrases
// (codes and facts; the catalogue words them in the reader's language). Pure.
import { age, list, type Phrase, phrase, raw } from '../../i18n/phrase.ts';
import type { CheckOutcome, CheckStatus } from './diagnose-report.ts';
import type { DeferredDestination, RelaySnapshot } from './relay-snapshot.ts';

/** The parts of the TLS connection test's result that the diagnose check reads. */
export interface TlsResultView {
  verdict: 'deliver' | 'bounce';
  summary: Phrase;
  remedies: Phrase[];
  warnings: Phrase[];
  targets: Array<{ label: string; certificate?: { daysToExpiry: number } }>;
}

export const CERT_WARNING_DAYS = 14;

/**
 * `pausedRelay`: the tested host is one of our relays and it is paused. A paused relay answers 421,
 * which the TLS test cannot tell from a server that turns Google away: the pause is the cause.
 * The TLS result's own summary, remedies and warnings are the TLS test's text, shown as they are.
 */
export function tlsCheck(result: TlsResultView, facts: { pausedRelay?: string } = {}): CheckOutcome {
  const details = result.targets.map((t) =>
    t.certificate
      ? phrase('check.tls.certValid', { target: t.label, days: t.certificate.daysToExpiry })
      : raw(t.label),
  );
  if (result.verdict === 'bounce' && facts.pausedRelay) {
    return {
      status: 'fail',
      summary: phrase('check.tls.paused', { summary: result.summary, relay: facts.pausedRelay }),
      details,
      remedies: [phrase('check.tls.pausedRemedy', { relay: facts.pausedRelay })],
    };
  }
  if (result.verdict === 'bounce') {
    return {
      status: 'fail',
      summary: result.summary,
      details,
      remedies: result.remedies.length > 0 ? result.remedies : [phrase('check.tls.seeTestTls')],
    };
  }
  const expiring = result.targets.filter(
    (t) => t.certificate !== undefined && t.certificate.daysToExpiry < CERT_WARNING_DAYS,
  );
  if (expiring.length > 0) {
    return {
      status: 'warn',
      summary: phrase('check.tls.expiring', { summary: result.summary, days: CERT_WARNING_DAYS }),
      details,
      remedies: [phrase('check.tls.renew', { targets: list(expiring.map((t) => raw(t.label))) })],
    };
  }
  if (result.warnings.length > 0) {
    const first = result.remedies[0];
    return {
      status: 'warn',
      summary: result.summary,
      details: [...details, ...result.warnings],
      remedies: [first ?? phrase('check.tls.lookAt', { warnings: list(result.warnings, 'parts') })],
    };
  }
  return { status: 'pass', summary: result.summary, details };
}

export interface HostLookup {
  host: string;
  isIp: boolean;
  mxLookup: boolean;
  mx?: Array<{ exchange: string; priority: number }>;
  addresses: string[];
  /** Why no address was found (NXDOMAIN, SERVFAIL, a timeout...). */
  error?: Phrase;
}

export function dnsCheck(lookup: HostLookup): CheckOutcome {
  const host = lookup.host;
  if (lookup.isIp) return { status: 'pass', summary: phrase('check.dns.ip', { host }) };
  if (lookup.error || lookup.addresses.length === 0) {
    const error = lookup.error;
    return {
      status: 'fail',
      summary: lookup.mxLookup
        ? error
          ? phrase('check.dns.noMxError', { host, error })
          : phrase('check.dns.noMx', { host })
        : error
          ? phrase('check.dns.noAddressError', { host, error })
          : phrase('check.dns.noAddress', { host }),
      remedies: [
        lookup.mxLookup
          ? phrase('check.dns.publishMx', { host })
          : phrase('check.dns.publishAddress', { host }),
      ],
    };
  }
  return {
    status: 'pass',
    summary: phrase('check.dns.resolves', { host, addresses: list(lookup.addresses.map(raw)) }),
    details:
      lookup.mx?.map((m) => phrase('check.dns.mx', { priority: m.priority, exchange: m.exchange })) ?? [],
  };
}

export function relayHealthCheck(snapshots: RelaySnapshot[]): CheckOutcome {
  if (snapshots.length === 0) {
    return {
      status: 'warn',
      summary: phrase('check.relay.none'),
      remedies: [phrase('check.relay.noneRemedy')],
    };
  }
  const details: Phrase[] = [];
  const remedies: Phrase[] = [];
  let status: CheckStatus = 'pass';
  let needAttention = 0;
  for (const s of snapshots) {
    const relay = s.relay;
    let relayStatus: CheckStatus = 'pass';
    const worse = (next: CheckStatus) => {
      if (RANK[next] > RANK[relayStatus]) relayStatus = next;
    };
    if (!s.reachable) {
      needAttention++;
      status = 'fail';
      details.push(
        phrase('check.relay.unreachable', {
          relay,
          error: s.problem ?? (s.error ? raw(s.error) : phrase('check.relay.noAnswer')),
        }),
      );
      remedies.push(phrase('check.relay.unreachableRemedy', { relay }));
      continue;
    }
    const parts: Phrase[] = [phrase('check.relay.up', { age: age(s.uptimeSeconds ?? 0) })];
    if (s.allowlist?.size === 0) {
      worse('fail');
      parts.push(phrase('check.relay.noAllowlist'));
      remedies.push(phrase('check.relay.noAllowlistRemedy', { relay }));
    } else if (s.allowlist?.error) {
      worse('warn');
      parts.push(
        phrase('check.relay.allowlistFailing', {
          error: raw(s.allowlist.error),
          count: s.allowlist.size ?? 0,
        }),
      );
      remedies.push(phrase('check.relay.allowlistFailingRemedy', { relay }));
    } else if (s.allowlist?.size !== undefined) {
      parts.push(phrase('check.relay.ranges', { count: s.allowlist.size }));
    }
    if (s.tenant && !s.tenant.bound) {
      worse('warn');
      parts.push(phrase('check.relay.unbound'));
      remedies.push(phrase('check.relay.unboundRemedy', { relay }));
    }
    if (s.paused) {
      worse('warn');
      parts.push(phrase('check.relay.paused'));
      remedies.push(phrase('check.relay.pausedRemedy', { relay }));
    }
    if (s.certNotAfter !== undefined) {
      const days = Math.floor((s.certNotAfter - s.at) / 86_400_000);
      if (days < 0) {
        worse('fail');
        parts.push(phrase('check.relay.certExpired', { count: -days }));
      } else if (days < CERT_WARNING_DAYS) {
        worse('warn');
        parts.push(phrase('check.relay.certExpires', { count: days }));
      }
      if (days < CERT_WARNING_DAYS) remedies.push(phrase('check.relay.certRemedy', { relay }));
    }
    if (s.queue) {
      parts.push(
        s.queue.oldestAgeSeconds
          ? phrase('check.relay.queuedOldest', { n: s.queue.messages, age: age(s.queue.oldestAgeSeconds) })
          : phrase('check.relay.queued', { n: s.queue.messages }),
      );
    }
    details.push(phrase('check.relay.line', { relay, parts: list(parts) }));
    if (relayStatus !== 'pass') needAttention++;
    if (RANK[relayStatus] > RANK[status]) status = relayStatus;
  }
  if (status === 'pass') {
    return {
      status,
      summary:
        snapshots.length === 1
          ? phrase('check.relay.ok')
          : phrase('check.relay.allOk', { count: snapshots.length }),
      details,
    };
  }
  return {
    status,
    summary: phrase('check.relay.attention', { n: needAttention, count: snapshots.length }),
    details,
    remedies,
  };
}

const RANK: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

type RejectionCode =
  | 'senderDomain'
  | 'allowlistNotLoaded'
  | 'clientNotAllowed'
  | 'bareNewline'
  | 'messageTooLarge'
  | 'paused'
  | 'other';

/** The relay's refusal reasons this check knows, with how bad each is. */
const REJECTION_RULES: Record<string, { status: CheckStatus; code: RejectionCode }> = {
  'sender-domain': { status: 'fail', code: 'senderDomain' },
  'allowlist-not-loaded': { status: 'fail', code: 'allowlistNotLoaded' },
  'client-not-allowed': { status: 'warn', code: 'clientNotAllowed' },
  'bare-newline': { status: 'warn', code: 'bareNewline' },
  'message-too-large': { status: 'warn', code: 'messageTooLarge' },
  paused: { status: 'warn', code: 'paused' },
};

const OTHER_REJECTION = { status: 'warn' as CheckStatus, code: 'other' as RejectionCode };

/** The period the refusal counts cover. */
export type RejectionPeriod = 'day' | 'sinceStart';

/** `rejected`: refusals by reason over the period the caller chose (the last 24 hours, or since start). */
export function rejectionsCheck(rejected: Record<string, number>, period: RejectionPeriod): CheckOutcome {
  const during = phrase(`check.rejections.period.${period}`);
  const seen = Object.entries(rejected)
    .filter(([, n]) => n > 0)
    .sort((a, b) => RANK[rule(b[0]).status] - RANK[rule(a[0]).status] || b[1] - a[1]);
  if (seen.length === 0)
    return { status: 'pass', summary: phrase('check.rejections.none', { period: during }) };
  const status = seen.reduce<CheckStatus>(
    (w, [r]) => (RANK[rule(r).status] > RANK[w] ? rule(r).status : w),
    'pass',
  );
  const details = seen.map(([reason, n]) =>
    phrase('check.rejections.detail', {
      n,
      label: phrase(`check.rejections.label.${rule(reason).code}`),
      reason,
    }),
  );
  const codes = [...new Set(seen.map(([reason]) => rule(reason).code))];
  const total = seen.reduce((sum, [, n]) => sum + n, 0);
  return {
    status,
    summary: phrase('check.rejections.summary', {
      count: total,
      period: during,
      reasons: list(seen.map(([reason, n]) => phrase('check.rejections.reasonCount', { n, reason }))),
    }),
    details,
    remedies: codes.map((code) => phrase(`check.rejections.remedy.${code}`)),
  };
}

function rule(reason: string): { status: CheckStatus; code: RejectionCode } {
  return REJECTION_RULES[reason] ?? OTHER_REJECTION;
}

export function deferredCheck(destinations: DeferredDestination[]): CheckOutcome {
  if (destinations.length === 0) return { status: 'pass', summary: phrase('check.deferred.none') };
  const messages = destinations.reduce((sum, d) => sum + d.messages, 0);
  const details = destinations.map((d) => {
    const error = d.lastError ? raw(d.lastError) : phrase('check.deferred.noError');
    return d.oldestAgeSeconds !== undefined
      ? phrase('check.deferred.detailOldest', {
          destination: d.destination,
          count: d.messages,
          age: age(d.oldestAgeSeconds),
          error,
        })
      : phrase('check.deferred.detail', { destination: d.destination, count: d.messages, error });
  });
  // One remedy per kind of error and destination, in order (phrases compare by their content).
  const remedies = [
    ...new Map(destinations.map((d) => deferralRemedy(d)).map((r) => [JSON.stringify(r), r])).values(),
  ];
  return {
    status: 'fail',
    summary: phrase('check.deferred.summary', {
      count: messages,
      destinations: list(destinations.map((d) => raw(d.destination))),
    }),
    details,
    remedies: [...remedies, phrase('check.deferred.flush')],
  };
}

/** What to do about mail deferred to one destination, by the kind of its last error. */
export function deferralRemedy(d: DeferredDestination): Phrase {
  const error = d.lastError ?? '';
  const destination = d.destination;
  if (/certificate|tls|ssl|handshake/i.test(error))
    return phrase('check.deferred.remedy.tls', { destination });
  if (/ENOTFOUND|ENODATA|SERVFAIL|NXDOMAIN|no MX|dns/i.test(error)) {
    return phrase('check.deferred.remedy.dns', { destination });
  }
  if (/ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|timed? ?out|connect/i.test(error)) {
    return phrase('check.deferred.remedy.connect', { destination });
  }
  if (/^\s*4\d\d/.test(error) || /\b4\.\d+\.\d+\b/.test(error)) {
    return phrase('check.deferred.remedy.tryLater', { destination });
  }
  return phrase('check.deferred.remedy.other', { destination });
}

export function dkimCheck(dkim: { pass: number; fail: number }): CheckOutcome {
  const total = dkim.pass + dkim.fail;
  if (total === 0) return { status: 'pass', summary: phrase('check.dkim.none') };
  const rate = dkim.pass / total;
  const percent = Math.floor(rate * 1000) / 10;
  const summary = phrase('check.dkim.summary', { percent, pass: dkim.pass, fail: dkim.fail });
  if (rate >= 0.98) return { status: 'pass', summary };
  return { status: rate >= 0.9 ? 'warn' : 'fail', summary, remedies: [phrase('check.dkim.remedy')] };
}

export interface SpfFinding {
  domain: string;
  /** The relay's outbound address that was checked. */
  address: string;
  /** SPF result for that address: pass, fail, softfail, neutral, none, temperror, permerror. */
  result: string;
}

export function spfCheck(findings: SpfFinding[]): CheckOutcome {
  const bad = findings.filter((f) => f.result !== 'pass');
  const details = findings.map((f) =>
    phrase('check.spf.detail', { domain: f.domain, address: f.address, result: f.result }),
  );
  const domains = (of: SpfFinding[]) => list([...new Set(of.map((f) => f.domain))].map(raw));
  if (findings.length > 0 && bad.length === 0) {
    return { status: 'pass', summary: phrase('check.spf.ok', { domains: domains(findings) }), details };
  }
  const status: CheckStatus =
    bad.some((f) => f.result === 'temperror') && bad.every((f) => f.result === 'temperror') ? 'warn' : 'fail';
  return {
    status,
    summary: phrase('check.spf.notAllowed', { domains: domains(bad) }),
    details,
    remedies: bad.map((f) =>
      phrase('check.spf.add', {
        mechanism: `${f.address.includes(':') ? 'ip6' : 'ip4'}:${f.address}`,
        domain: f.domain,
      }),
    ),
  };
}

export interface PropagationView {
  /** The change request's number. */
  change: number;
  state: 'proposed' | 'approved' | 'applied' | 'live' | 'stalled' | 'rejected' | 'expired';
  /** ms since the epoch of the last transition */
  since: number;
}

export function propagationCheck(view: PropagationView | undefined, now: number): CheckOutcome {
  if (!view) return { status: 'pass', summary: phrase('check.propagation.none') };
  const id = view.change;
  const ago = age((now - view.since) / 1000);
  switch (view.state) {
    case 'live':
      return { status: 'pass', summary: phrase('check.propagation.live', { id, age: ago }) };
    case 'applied':
      return {
        status: 'warn',
        summary: phrase('check.propagation.applied', { id, age: ago }),
        remedies: [phrase('check.propagation.appliedRemedy')],
      };
    case 'approved':
      return {
        status: 'warn',
        summary: phrase('check.propagation.approved', { id, age: ago }),
        remedies: [phrase('check.propagation.approvedRemedy')],
      };
    case 'stalled':
      return {
        status: 'fail',
        summary: phrase('check.propagation.stalled', { id }),
        remedies: [phrase('check.propagation.stalledRemedy')],
      };
    default:
      return {
        status: 'pass',
        summary: phrase('check.propagation.other', { id, state: phrase(`audit.state.${view.state}`) }),
      };
  }
}
