// The rules of each diagnose check: facts in, a pass/warn/fail outcome with a remedy out. Pure.
import { formatAge } from './alerts.ts';
import type { CheckOutcome, CheckStatus } from './diagnose-report.ts';
import type { DeferredDestination, RelaySnapshot } from './relay-snapshot.ts';

/** The parts of the TLS connection test's result that the diagnose check reads. */
export interface TlsResultView {
  verdict: 'deliver' | 'bounce';
  summary: string;
  remedies: string[];
  warnings: string[];
  targets: Array<{ label: string; certificate?: { daysToExpiry: number } }>;
}

export const CERT_WARNING_DAYS = 14;

export function tlsCheck(result: TlsResultView): CheckOutcome {
  const details = result.targets.map((t) =>
    t.certificate ? `${t.label}: certificate valid ${t.certificate.daysToExpiry} more days` : t.label,
  );
  if (result.verdict === 'bounce') {
    return {
      status: 'fail',
      summary: result.summary,
      details,
      remedy:
        result.remedies.length > 1
          ? result.remedies.map((r, i) => `\n${i + 1}. ${r}`).join('')
          : result.remedies[0] || 'see /gateway test-tls for the full report',
    };
  }
  const expiring = result.targets.filter(
    (t) => t.certificate !== undefined && t.certificate.daysToExpiry < CERT_WARNING_DAYS,
  );
  if (expiring.length > 0) {
    return {
      status: 'warn',
      summary: `${result.summary}; a certificate expires within ${CERT_WARNING_DAYS} days`,
      details,
      remedy: `renew the certificate of ${expiring.map((t) => t.label).join(', ')} before it expires, with the same names`,
    };
  }
  if (result.warnings.length > 0) {
    return {
      status: 'warn',
      summary: result.summary,
      details: [...details, ...result.warnings],
      remedy: result.remedies[0] ?? `look at: ${result.warnings.join('; ')}`,
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
  /** e.g. "NXDOMAIN", "SERVFAIL", "timeout" */
  error?: string;
}

export function dnsCheck(lookup: HostLookup): CheckOutcome {
  if (lookup.isIp)
    return { status: 'pass', summary: `${lookup.host} is an IP address: no DNS lookup needed` };
  if (lookup.error || lookup.addresses.length === 0) {
    const what = lookup.mxLookup ? 'MX records' : 'A/AAAA records';
    return {
      status: 'fail',
      summary: `${lookup.host}: no usable ${what}${lookup.error ? ` (${lookup.error})` : ''}`,
      remedy: lookup.mxLookup
        ? `publish MX records for ${lookup.host} that point at the relay's host names (each with A/AAAA records), or turn MX lookup off and give the relay's own name`
        : `publish an A or AAAA record for ${lookup.host} with the relay's public address, or use the relay's IP address in the route`,
    };
  }
  const mx = lookup.mx?.map((m) => `MX ${m.priority} ${m.exchange}`) ?? [];
  return {
    status: 'pass',
    summary: `${lookup.host} resolves to ${lookup.addresses.join(', ')}`,
    details: mx,
  };
}

export function relayHealthCheck(snapshots: RelaySnapshot[]): CheckOutcome {
  if (snapshots.length === 0) {
    return {
      status: 'warn',
      summary: 'no relay is configured',
      remedy: 'set GATEWAY_CONTROL_URL and GATEWAY_CONTROL_TOKEN (or GATEWAYS) so the bot can read the relay',
    };
  }
  const details: string[] = [];
  const remedies: string[] = [];
  let status: CheckStatus = 'pass';
  const worse = (s: CheckStatus) => {
    if (RANK[s] > RANK[status]) status = s;
  };
  for (const s of snapshots) {
    if (!s.reachable) {
      worse('fail');
      details.push(`${s.relay}: unreachable: ${s.error ?? 'no answer'}`);
      remedies.push(
        `${s.relay}: start the relay (or check its log), and check its control URL and token in the bot's configuration`,
      );
      continue;
    }
    const parts = [`${s.relay}: up ${formatAge(s.uptimeSeconds ?? 0)}`];
    if (s.allowlist?.size === 0) {
      worse('fail');
      parts.push('no allowlist loaded: all mail is refused');
      remedies.push(
        `${s.relay}: check that the relay can resolve _spf.google.com (its dns.servers), then reload it`,
      );
    } else if (s.allowlist?.error) {
      worse('warn');
      parts.push(
        `allowlist refresh failing (${s.allowlist.error}), last good set of ${s.allowlist.size} ranges kept`,
      );
      remedies.push(
        `${s.relay}: check the relay's DNS servers; it keeps working on the last good set meanwhile`,
      );
    } else if (s.allowlist?.size !== undefined) {
      parts.push(`${s.allowlist.size} allowed range${s.allowlist.size === 1 ? '' : 's'}`);
    }
    if (s.tenant && !s.tenant.bound) {
      worse('warn');
      parts.push('mail bound only by sender domain (no tenant binding)');
      remedies.push(
        `${s.relay}: set tenant.dkimDomains and/or tenant.header in the relay's configuration (docs/relay.md, "Tenant binding"), or any Google Workspace customer can route mail through it`,
      );
    }
    if (s.paused) {
      worse('warn');
      parts.push('PAUSED: refusing mail with 421 (Gmail retries)');
      remedies.push(`${s.relay}: /gateway relay resume --relay ${s.relay} when maintenance is over`);
    }
    if (s.certNotAfter !== undefined) {
      const days = Math.floor((s.certNotAfter - s.at) / 86_400_000);
      if (days < 0) {
        worse('fail');
        parts.push(`certificate EXPIRED ${-days} days ago`);
      } else if (days < CERT_WARNING_DAYS) {
        worse('warn');
        parts.push(`certificate expires in ${days} days`);
      }
      if (days < CERT_WARNING_DAYS) {
        remedies.push(
          `${s.relay}: renew its certificate (same names), install it at tls.cert/tls.key and reload the relay`,
        );
      }
    }
    if (s.queue) {
      parts.push(
        `${s.queue.messages} queued${s.queue.oldestAgeSeconds ? `, oldest ${formatAge(s.queue.oldestAgeSeconds)}` : ''}`,
      );
    }
    details.push(parts.join(', '));
  }
  const summary =
    status === 'pass'
      ? snapshots.length === 1
        ? 'the relay answers and accepts mail'
        : `all ${snapshots.length} relays answer and accept mail`
      : `${details.filter((d) => /unreachable|PAUSED|allowlist|certificate|tenant binding/.test(d)).length} of ${snapshots.length} relays need attention`;
  return status === 'pass'
    ? { status, summary, details }
    : { status, summary, details, remedy: remedies.join(' ') };
}

const RANK: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

interface RejectionRule {
  status: CheckStatus;
  label: string;
  remedy: string;
}

const REJECTION_RULES: Record<string, RejectionRule> = {
  'sender-domain': {
    status: 'fail',
    label: 'sender domain not accepted by the relay',
    remedy:
      "if the domain is yours, add it to `senders` in the relay's configuration and run /gateway relay reload; if it is not, another Workspace tenant routes mail to your relay: nothing to fix on your side",
  },
  'allowlist-not-loaded': {
    status: 'fail',
    label: "refused because Google's ranges were never loaded",
    remedy: 'check that the relay resolves _spf.google.com (dns.servers), then /gateway relay reload',
  },
  'client-not-allowed': {
    status: 'warn',
    label: "connections from outside Google's ranges",
    remedy:
      "a few are internet scanners; many while Gmail's mail bounces mean the allowlist is stale: /gateway relay reload, and add your own servers to allow.cidrs",
  },
  'bare-newline': {
    status: 'warn',
    label: 'messages with a bare CR or LF (SMTP smuggling guard)',
    remedy: 'the sending application or a filter before the relay writes lines without CRLF: fix it there',
  },
  'message-too-large': {
    status: 'warn',
    label: 'messages over the size limit',
    remedy: "raise maxMessageBytes in the relay's configuration to at least 36700160 (Gmail's 35 MB)",
  },
  paused: {
    status: 'warn',
    label: 'refused while paused',
    remedy: 'resume the relay when maintenance is over: /gateway relay resume',
  },
};

const OTHER_REJECTION: RejectionRule = {
  status: 'warn',
  label: 'other refusals',
  remedy: "look at the relay's log for these refusals",
};

/** `rejected`: refusals by reason over the period the caller chose (e.g. the last 24 hours). */
export function rejectionsCheck(rejected: Record<string, number>, period: string): CheckOutcome {
  const seen = Object.entries(rejected)
    .filter(([, n]) => n > 0)
    .sort((a, b) => RANK[rule(b[0]).status] - RANK[rule(a[0]).status] || b[1] - a[1]);
  if (seen.length === 0) return { status: 'pass', summary: `no refusals ${period}` };
  const status = seen.reduce<CheckStatus>(
    (w, [r]) => (RANK[rule(r).status] > RANK[w] ? rule(r).status : w),
    'pass',
  );
  const details = seen.map(([reason, n]) => `${n} × ${rule(reason).label} (${reason})`);
  const remedies = [...new Set(seen.map(([reason]) => rule(reason).remedy))];
  const total = seen.reduce((sum, [, n]) => sum + n, 0);
  return {
    status,
    summary: `${total} refusal${total === 1 ? '' : 's'} ${period}: ${seen.map(([r, n]) => `${n} ${r}`).join(', ')}`,
    details,
    remedy: remedies.join('. '),
  };
}

function rule(reason: string): RejectionRule {
  return REJECTION_RULES[reason] ?? OTHER_REJECTION;
}

export function deferredCheck(destinations: DeferredDestination[]): CheckOutcome {
  if (destinations.length === 0) return { status: 'pass', summary: 'no deferred mail' };
  const messages = destinations.reduce((sum, d) => sum + d.messages, 0);
  const details = destinations.map(
    (d) =>
      `${d.destination}: ${d.messages} message${d.messages === 1 ? '' : 's'}${d.oldestAgeSeconds !== undefined ? `, oldest ${formatAge(d.oldestAgeSeconds)}` : ''}: ${d.lastError ?? 'no error recorded'}`,
  );
  const remedies = [...new Set(destinations.map((d) => deferralRemedy(d)))];
  return {
    status: 'fail',
    summary: `${messages} message${messages === 1 ? '' : 's'} deferred to ${destinations.map((d) => d.destination).join(', ')}`,
    details,
    remedy: `${remedies.join('. ')}. When fixed, /gateway relay flush retries at once`,
  };
}

export function deferralRemedy(d: DeferredDestination): string {
  const error = d.lastError ?? '';
  if (/certificate|tls|ssl|handshake/i.test(error)) {
    return `${d.destination}: TLS to the destination fails: check its certificate, or relax delivery.tlsPolicies for it if your policy allows`;
  }
  if (/ENOTFOUND|ENODATA|SERVFAIL|NXDOMAIN|no MX|dns/i.test(error)) {
    return `${d.destination}: its DNS does not resolve from the relay: check the domain's MX records and the relay's dns.servers`;
  }
  if (/ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|timed? ?out|connect/i.test(error)) {
    return `${d.destination}: the relay cannot connect: check outbound port 25 from the relay host (firewall, provider blocks) and the destination's servers`;
  }
  if (/^\s*4\d\d/.test(error) || /\b4\.\d+\.\d+\b/.test(error)) {
    return `${d.destination}: the destination answers "try later" (greylisting, rate limits): the relay retries by itself; if it lasts, contact that domain's postmaster`;
  }
  return `${d.destination}: read the last error above and fix its cause`;
}

export function dkimCheck(dkim: { pass: number; fail: number }): CheckOutcome {
  const total = dkim.pass + dkim.fail;
  if (total === 0) return { status: 'pass', summary: 'no DKIM-signed mail relayed yet' };
  const rate = dkim.pass / total;
  const percent = Math.floor(rate * 1000) / 10;
  const summary = `${percent}% of DKIM signatures verify after the relay (${dkim.pass} pass, ${dkim.fail} fail)`;
  if (rate >= 0.98) return { status: 'pass', summary };
  return {
    status: rate >= 0.9 ? 'warn' : 'fail',
    summary,
    remedy:
      'signatures break when something changes a message after Gmail signed it: a filter, footer or disclaimer tool, or a relay that rewrites headers or line endings before this one. This relay only prepends Received; remove or reconfigure the step that modifies messages',
  };
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
  const details = findings.map((f) => `${f.domain} from ${f.address}: ${f.result}`);
  if (findings.length > 0 && bad.length === 0) {
    return {
      status: 'pass',
      summary: `the SPF of ${[...new Set(findings.map((f) => f.domain))].join(', ')} allows the relay's outbound addresses`,
      details,
    };
  }
  const status: CheckStatus =
    bad.some((f) => f.result === 'temperror') && bad.every((f) => f.result === 'temperror') ? 'warn' : 'fail';
  return {
    status,
    summary: `SPF does not allow the relay for ${[...new Set(bad.map((f) => f.domain))].join(', ')}: receivers may reject or junk its mail`,
    details,
    remedy: bad
      .map(
        (f) =>
          `add ${f.address.includes(':') ? 'ip6' : 'ip4'}:${f.address} to the SPF record of ${f.domain} (keep include:_spf.google.com)`,
      )
      .join('; '),
  };
}

export interface PropagationView {
  change: string;
  state: 'proposed' | 'approved' | 'applied' | 'live' | 'stalled' | 'rejected' | 'expired';
  /** ms since the epoch of the last transition */
  since: number;
}

export function propagationCheck(view: PropagationView | undefined, now: number): CheckOutcome {
  if (!view) return { status: 'pass', summary: 'no route change in progress' };
  const age = formatAge((now - view.since) / 1000);
  switch (view.state) {
    case 'live':
      return { status: 'pass', summary: `${view.change}: live (a probe came through ${age} ago)` };
    case 'applied':
      return {
        status: 'warn',
        summary: `${view.change}: applied ${age} ago, no probe seen yet (Google takes up to 24 hours)`,
        remedy: 'wait for the propagation window; /gateway probe sends a probe now',
      };
    case 'approved':
      return {
        status: 'warn',
        summary: `${view.change}: approved ${age} ago but not yet made in the Admin console`,
        remedy:
          'the approver follows the console steps in the approval message and presses "Done in the console"',
      };
    case 'stalled':
      return {
        status: 'fail',
        summary: `${view.change}: no probe arrived within 24 hours of the change`,
        remedy:
          'check in the Admin console that the route and the routing setting are saved for the right organizational unit, and that the route host resolves to this relay; then /gateway probe',
      };
    default:
      return { status: 'pass', summary: `${view.change}: ${view.state}` };
  }
}
