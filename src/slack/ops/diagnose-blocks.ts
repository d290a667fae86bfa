// The diagnose report as one message: a line per check (status, title, time), details, and the remedy.
import {
  countByStatus,
  type DiagnoseReport,
  reportStatus,
  targetText,
} from '../../domain/ops/diagnose-report.ts';
import { type AnyBlock, context, header, type SlackMessage, section } from '../blocks/kit.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import type { Words } from '../words.ts';

const ICON = {
  pass: ':white_check_mark:',
  warn: ':warning:',
  fail: ':x:',
  pending: ':hourglass_flowing_sand:',
};
export const STATUS_WORD = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', pending: '…' };

export function diagnoseMessage(w: Words, report: DiagnoseReport): SlackMessage {
  const about = report.subject;
  const title =
    about.kind === 'route'
      ? w.t('diagnose.titleRoute', { name: about.name })
      : about.kind === 'target'
        ? w.t('diagnose.title', { subject: targetText(about.host, about.port) })
        : w.t('diagnose.titleRelays');
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
      if (outcome.status !== 'pass')
        lines.push(`*${w.t('diagnose.remedy')}:* ${escapeMrkdwn(outcome.remedy)}`);
    }
    blocks.push(section(lines.join('\n'), `check_${check.id}`));
  }
  const counts = countByStatus(report);
  const overall = reportStatus(report);
  blocks.push(
    context(
      overall === 'running'
        ? w.t('diagnose.running', { count: counts.pending })
        : w.t('diagnose.done', {
            pass: counts.pass,
            warn: counts.warn,
            fail: counts.fail,
            seconds: (((report.finishedAt ?? report.startedAt) - report.startedAt) / 1000).toFixed(1),
          }),
    ),
  );
  const summary =
    overall === 'running' ? 'running' : `${counts.pass} pass, ${counts.warn} warn, ${counts.fail} fail`;
  return { text: `${title}: ${summary}`, blocks };
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
