import type { PreflightRecord, PreflightText } from '../../domain/change-request.ts';
import { createTranslator } from '../../i18n/translator.ts';
import { renderTlsMessage } from '../../tls/messages.ts';
import { OPTION_KEYS } from '../../tls/option-labels.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import type { Words } from '../words.ts';
import { type AnyBlock, section } from './kit.ts';

/**
 * One sentence of the TLS test in the reader's language, as plain text: worded without escaping,
 * then escaped once where it goes into mrkdwn (the catalogue's `{{summary}}` does, or escapeMrkdwn).
 */
export function tlsSentence(w: Words, text: PreflightText): string {
  return renderTlsMessage(createTranslator(w.locale, 'plain'), text);
}

export function preflightHeadline(w: Words, preflight: PreflightRecord): string {
  return w.t(`preflight.${preflight.verdict}`, { summary: tlsSentence(w, preflight.summary) });
}

export function preflightBlocks(w: Words, preflight: PreflightRecord | null): AnyBlock[] {
  if (!preflight) return [section(w.t('proposal.noPreflight'))];
  const blocks: AnyBlock[] = [section(preflightHeadline(w, preflight))];
  if (preflight.causes.length > 0) {
    blocks.push(
      section(
        `*${w.t('preflight.causes')}*\n${preflight.causes.map((c) => `• *${causeLabel(w, c.option)}*: ${escapeMrkdwn(tlsSentence(w, c.message))}`).join('\n')}`,
      ),
    );
  }
  if (preflight.remedies.length > 0 && preflight.verdict !== 'deliver') {
    blocks.push(
      section(
        `*${w.t('preflight.remedies')}*\n${preflight.remedies.map((r) => `• ${escapeMrkdwn(tlsSentence(w, r))}`).join('\n')}`,
      ),
    );
  }
  return blocks;
}

/** The Admin console's name of the option that causes a bounce, or "Connection" when none does. */
function causeLabel(w: Words, option: string): string {
  const key = OPTION_KEYS.find((k) => k === option);
  return key ? w.t(`label.${key}`) : w.t('preflight.connection');
}
