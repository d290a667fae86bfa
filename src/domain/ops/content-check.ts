// The diagnose check of the relays' own jobs: content scanners (health, the last day's verdicts) and
// the archive copy. Facts in, a pass/warn/fail outcome with remedies out, as phrases. Pure.
import { list, type Phrase, phrase, raw } from '../../i18n/phrase.ts';
import type { CheckOutcome, CheckStatus } from './diagnose-report.ts';
import type { RelaySnapshot } from './relay-snapshot.ts';

const RANK: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

export function contentCheck(snapshots: RelaySnapshot[]): CheckOutcome {
  const watched = snapshots.filter((s) => s.reachable && (s.scan || s.archive));
  if (watched.length === 0) {
    // Scanning and archiving are optional (docs/relay.md, "Scanning" and "Archive"): nothing to fix.
    return { status: 'pass', summary: phrase('check.content.none'), details: [] };
  }
  let status: CheckStatus = 'pass';
  const worse = (next: CheckStatus) => {
    if (RANK[next] > RANK[status]) status = next;
  };
  const details: Phrase[] = [];
  const remedies: Phrase[] = [];
  for (const s of watched) {
    const relay = s.relay;
    const parts: Phrase[] = [];
    for (const scanner of s.scan?.scanners ?? []) {
      const name = scanner.name;
      if (scanner.ok) {
        parts.push(phrase('check.content.scannerOk', { name }));
        continue;
      }
      worse('fail');
      parts.push(
        scanner.error
          ? phrase('check.content.scannerDownError', { name, error: raw(scanner.error) })
          : phrase('check.content.scannerDown', { name }),
      );
      remedies.push(phrase('check.content.scannerRemedy', { relay, name }));
    }
    const day = s.scan?.lastDay;
    if (day) {
      parts.push(
        phrase('check.content.lastDay', {
          verdicts: list(Object.entries(day).map(([verdict, n]) => verdictCount(verdict, n))),
        }),
      );
    }
    const findings = s.scan?.findings ?? [];
    if (findings.length > 0) {
      worse('warn');
      const senders = list([...new Set(findings.map((f) => f.sender))].map(raw));
      parts.push(phrase('check.content.findings', { senders }));
      remedies.push(phrase('check.content.findingsRemedy', { relay, senders }));
    }
    if (s.archive) {
      const a = s.archive;
      parts.push(
        phrase('check.content.archive', { archived: a.archived, pending: a.pending, failing: a.failing }),
      );
      if (a.alert || a.failing > 0) {
        worse(a.alert ? 'fail' : 'warn');
        if (a.lastError) parts.push(phrase('check.content.archiveError', { error: raw(a.lastError) }));
        remedies.push(
          a.destination
            ? phrase('check.content.archiveRemedyTo', { relay, destination: a.destination })
            : phrase('check.content.archiveRemedy', { relay }),
        );
      }
    } else {
      parts.push(phrase('check.content.noArchive'));
    }
    details.push(phrase('check.content.line', { relay, parts: list(parts, 'parts') }));
  }
  if (status === 'pass') return { status, summary: phrase('check.content.ok'), details };
  return {
    status,
    summary: phrase(status === 'fail' ? 'check.content.failing' : 'check.content.attention'),
    details,
    remedies,
  };
}

const VERDICTS = ['clean', 'virus', 'spam', 'error'] as const;

/** "120 clean": a verdict the relay reports; one this bot does not know is shown as the relay names it. */
function verdictCount(verdict: string, n: number): Phrase {
  const known = VERDICTS.find((v) => v === verdict);
  return known
    ? phrase('check.content.verdictCount', { n, verdict: phrase(`check.content.verdict.${known}`) })
    : phrase('check.content.verdictCount', { n, verdict });
}

/** What Google says of "Allow per-user outbound gateways" (read by src/workspace/setup-check.ts). */
export interface BypassFinding {
  /** false: the setting is on somewhere, or could not be read; `detail` says which and what to do. */
  ok: boolean;
  detail: Phrase;
}

/** Mail sent through users' own SMTP servers never reaches the relays: neither archived nor scanned. */
export function bypassCheck(finding: BypassFinding): CheckOutcome {
  return finding.ok
    ? { status: 'pass', summary: finding.detail }
    : {
        status: 'warn',
        summary: phrase('check.bypass.summary'),
        details: [finding.detail],
        remedies: [phrase('check.bypass.remedy')],
      };
}
