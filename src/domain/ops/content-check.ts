// The diagnose check of the relays' own jobs: content scanners (health, the last day's verdicts) and
// the archive copy. Facts in, a pass/warn/fail outcome with a remedy out. Pure.
import type { CheckOutcome, CheckStatus } from './diagnose-report.ts';
import type { RelaySnapshot } from './relay-snapshot.ts';

const RANK: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

export function contentCheck(snapshots: RelaySnapshot[]): CheckOutcome {
  const watched = snapshots.filter((s) => s.reachable && (s.scan || s.archive));
  if (watched.length === 0) {
    // Scanning and archiving are optional (docs/relay.md, "Scanning" and "Archive"): nothing to fix.
    return { status: 'pass', summary: 'no relay scans or archives mail (not configured)', details: [] };
  }
  let status: CheckStatus = 'pass';
  const worse = (next: CheckStatus) => {
    if (RANK[next] > RANK[status]) status = next;
  };
  const details: string[] = [];
  const remedies: string[] = [];
  for (const s of watched) {
    const parts: string[] = [];
    for (const scanner of s.scan?.scanners ?? []) {
      if (scanner.ok) {
        parts.push(`${scanner.name} answers`);
        continue;
      }
      worse('fail');
      parts.push(`${scanner.name} DOWN${scanner.error ? ` (${scanner.error})` : ''}`);
      remedies.push(
        `${s.relay}: start ${scanner.name} or fix scan.${scanner.name} in its configuration; meanwhile mail gets 451 4.7.1 (scan.onError: tempfail) or passes unscanned (accept)`,
      );
    }
    const day = s.scan?.lastDay;
    if (day) {
      parts.push(
        `last day: ${Object.entries(day)
          .map(([verdict, n]) => `${n} ${verdict}`)
          .join(', ')}`,
      );
    }
    const findings = s.scan?.findings ?? [];
    if (findings.length > 0) {
      worse('warn');
      const senders = [...new Set(findings.map((f) => f.sender))];
      parts.push(`malware or spam from ${senders.join(', ')}`);
      remedies.push(
        `${s.relay}: check the accounts of ${senders.join(', ')} for compromise (reset the password, sign out their sessions)`,
      );
    }
    if (s.archive) {
      const a = s.archive;
      parts.push(`archive: ${a.archived} copied, ${a.pending} pending, ${a.failing} failing`);
      if (a.alert || a.failing > 0) {
        worse(a.alert ? 'fail' : 'warn');
        if (a.lastError) parts.push(`last archive error: ${a.lastError}`);
        remedies.push(
          `${s.relay}: make the archive destination${a.destination ? ` ${a.destination}` : ''} reachable; copies are kept and retried, nothing is lost`,
        );
      }
    } else {
      parts.push('no archive copy');
    }
    details.push(`${s.relay}: ${parts.join('; ')}`);
  }
  const summary =
    status === 'pass'
      ? 'scanners answer and archive copies are up to date'
      : status === 'fail'
        ? 'a scanner or the archive is failing'
        : 'scanning found malware or spam, or archive copies are waiting';
  return status === 'pass'
    ? { status, summary, details }
    : { status, summary, details, remedy: remedies.join(' ') };
}

/** What Google says of "Allow per-user outbound gateways" (read by src/workspace/setup-check.ts). */
export interface BypassFinding {
  /** false: the setting is on somewhere, or could not be read; `detail` says which and what to do. */
  ok: boolean;
  detail: string;
}

/** Mail sent through users' own SMTP servers never reaches the relays: neither archived nor scanned. */
export function bypassCheck(finding: BypassFinding): CheckOutcome {
  return finding.ok
    ? { status: 'pass', summary: finding.detail }
    : {
        status: 'warn',
        summary: 'mail may bypass the gateway (not archived, not scanned)',
        details: [finding.detail],
        remedy:
          'turn "Allow per-user outbound gateways" off in the Admin console (Apps > Google Workspace > Gmail > End User Access), or grant the policies scope if it could not be read (/gateway google check)',
      };
}
