// The diagnose report as one message: a line per check (status, title, time), details, and the remedy.

import { countByStatus, type DiagnoseReport, reportStatus } from '../../domain/ops/diagnose-report.ts';
import { type AnyBlock, context, header, type SlackMessage, section } from '../blocks/kit.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { opsCopy } from './copy.ts';

const ICON = {
  pass: ':white_check_mark:',
  warn: ':warning:',
  fail: ':x:',
  pending: ':hourglass_flowing_sand:',
};
export const STATUS_WORD = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', pending: '…' };

export function diagnoseMessage(report: DiagnoseReport): SlackMessage {
  const title = opsCopy.diagnose.title(report.subject);
  const blocks: AnyBlock[] = [header(title)];
  for (const check of report.checks) {
    const outcome = check.outcome;
    const status = check.state === 'pending' || !outcome ? 'pending' : outcome.status;
    const time = check.durationMs !== undefined ? ` _(${formatMs(check.durationMs)})_` : '';
    const lines = [`${ICON[status]} *${STATUS_WORD[status]}* ${check.title}${time}`];
    if (outcome) {
      // Check outcomes are plain text that quote remote answers, DNS records and error texts.
      lines.push(escapeMrkdwn(outcome.summary));
      for (const detail of (outcome.details ?? []).slice(0, 8)) lines.push(`• ${escapeMrkdwn(detail)}`);
      if (outcome.status !== 'pass') {
        lines.push(`*${opsCopy.diagnose.remedy}:* ${escapeMrkdwn(outcome.remedy)}`);
      }
    }
    blocks.push(section(lines.join('\n'), `check_${check.id}`));
  }
  const counts = countByStatus(report);
  const overall = reportStatus(report);
  blocks.push(
    context(
      overall === 'running'
        ? opsCopy.diagnose.running(counts.pending)
        : opsCopy.diagnose.done(
            counts.pass,
            counts.warn,
            counts.fail,
            (((report.finishedAt ?? report.startedAt) - report.startedAt) / 1000).toFixed(1),
          ),
    ),
  );
  const summary =
    overall === 'running' ? 'running' : `${counts.pass} pass, ${counts.warn} warn, ${counts.fail} fail`;
  return { text: `${title}: ${summary}`, blocks };
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
