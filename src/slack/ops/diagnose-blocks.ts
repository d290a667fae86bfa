// The diagnose report as one message: a line per check (status, title, time), details, and the remedy,
// each phrase worded in the reader's language.
import {
  type CheckOutcome,
  countByStatus,
  type DiagnoseReport,
  reportStatus,
  targetText,
} from '../../domain/ops/diagnose-report.ts';
import { renderPhrase } from '../../i18n/phrase.ts';
import { createTranslator, type Translator } from '../../i18n/translator.ts';
import { type AnyBlock, context, header, type SlackMessage, section } from '../blocks/kit.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import type { Words } from '../words.ts';

const ICON = {
  pass: ':white_check_mark:',
  warn: ':warning:',
  fail: ':x:',
  pending: ':hourglass_flowing_sand:',
};

/** An outcome as plain text in the translator's language (plain: escape it where it goes into mrkdwn). */
export function outcomeText(
  t: Translator,
  outcome: CheckOutcome,
): { summary: string; details: string[]; remedies: string[] } {
  return {
    summary: renderPhrase(t, outcome.summary),
    details: (outcome.details ?? []).map((d) => renderPhrase(t, d)),
    remedies: outcome.status === 'pass' ? [] : outcome.remedies.map((r) => renderPhrase(t, r)),
  };
}

/** One remedy inline; several as a numbered list. */
function remedyText(remedies: string[]): string {
  if (remedies.length === 1) return escapeMrkdwn(remedies[0] ?? '');
  return remedies.map((r, i) => `\n${i + 1}. ${escapeMrkdwn(r)}`).join('');
}

export function diagnoseMessage(w: Words, report: DiagnoseReport): SlackMessage {
  const about = report.subject;
  const title =
    about.kind === 'route'
      ? w.t('diagnose.titleRoute', { name: about.name })
      : about.kind === 'target'
        ? w.t('diagnose.title', { subject: targetText(about.host, about.port) })
        : w.t('diagnose.titleRelays');
  const blocks: AnyBlock[] = [header(title)];
  // Outcomes quote remote answers, DNS records and error texts: worded plain, escaped once here.
  const plain = createTranslator(w.locale, 'plain');
  for (const check of report.checks) {
    const outcome = check.outcome;
    const status = check.state === 'pending' || !outcome ? 'pending' : outcome.status;
    const time = check.durationMs !== undefined ? ` _(${formatMs(w, check.durationMs)})_` : '';
    const checkTitle = escapeMrkdwn(renderPhrase(plain, check.title));
    const lines = [`${ICON[status]} *${w.t(`check.status.${status}`)}* ${checkTitle}${time}`];
    if (outcome) {
      const text = outcomeText(plain, outcome);
      lines.push(escapeMrkdwn(text.summary));
      for (const detail of text.details.slice(0, 8)) lines.push(`• ${escapeMrkdwn(detail)}`);
      if (text.remedies.length > 0) lines.push(`*${w.t('diagnose.remedy')}:* ${remedyText(text.remedies)}`);
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
    overall === 'running'
      ? w.t('check.fallbackRunning')
      : w.t('check.fallback', { pass: counts.pass, warn: counts.warn, fail: counts.fail });
  return { text: `${title}: ${summary}`, blocks };
}

function formatMs(w: Words, ms: number): string {
  return ms < 1000 ? w.t('check.ms', { n: ms }) : w.t('check.seconds', { n: (ms / 1000).toFixed(1) });
}
