// The diagnose report: a fixed list of checks that fill in as they finish, each with a status, a
// remedy when it is not a pass, and how long it took. Pure: the runner passes times in. Titles and
// outcomes are phrases: whoever shows the report words them in its reader's language.
import type { Phrase } from '../../i18n/phrase.ts';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export type CheckOutcome =
  | { status: 'pass'; summary: Phrase; details?: Phrase[] }
  | { status: 'warn' | 'fail'; summary: Phrase; details?: Phrase[]; remedies: Phrase[] };

export interface CheckRecord {
  id: string;
  title: Phrase;
  state: 'pending' | 'done';
  outcome?: CheckOutcome;
  durationMs?: number;
}

/** What a report is about, as facts (the catalogue words them). */
export type DiagnoseAbout =
  | { kind: 'route'; name: string }
  | { kind: 'target'; host: string; port: number }
  | { kind: 'relays' };

/** host:port as typed, with an IPv6 address in brackets. */
export function targetText(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export interface DiagnoseReport {
  subject: DiagnoseAbout;
  startedAt: number;
  finishedAt?: number;
  checks: CheckRecord[];
}

export type ReportStatus = CheckStatus | 'running';

export function newReport(
  subject: DiagnoseAbout,
  checks: Array<{ id: string; title: Phrase }>,
  at: number,
): DiagnoseReport {
  return { subject, startedAt: at, checks: checks.map((c) => ({ ...c, state: 'pending' })) };
}

export function finishCheck(
  report: DiagnoseReport,
  id: string,
  outcome: CheckOutcome,
  durationMs: number,
  at: number,
): DiagnoseReport {
  if (!report.checks.some((c) => c.id === id)) throw new Error(`diagnose: no check "${id}" in this report`);
  const checks = report.checks.map((c) =>
    c.id === id
      ? { ...c, state: 'done' as const, outcome, durationMs: Math.max(0, Math.round(durationMs)) }
      : c,
  );
  const done = checks.every((c) => c.state === 'done');
  return { ...report, checks, ...(done ? { finishedAt: at } : {}) };
}

const RANK: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

/** The worst finished status, or 'running' while any check is pending. */
export function reportStatus(report: DiagnoseReport): ReportStatus {
  if (report.checks.some((c) => c.state === 'pending')) return 'running';
  return report.checks.reduce<CheckStatus>((worst, c) => {
    const s = c.outcome?.status ?? 'pass';
    return RANK[s] > RANK[worst] ? s : worst;
  }, 'pass');
}

export function countByStatus(report: DiagnoseReport): Record<CheckStatus | 'pending', number> {
  const counts = { pass: 0, warn: 0, fail: 0, pending: 0 };
  for (const c of report.checks) counts[c.state === 'pending' ? 'pending' : (c.outcome?.status ?? 'pass')]++;
  return counts;
}
