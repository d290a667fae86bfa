import type { PreflightRecord } from '../../domain/change-request.ts';
import { OPTION_KEYS } from '../../tls/option-labels.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import type { Words } from '../words.ts';
import { type AnyBlock, section } from './kit.ts';

export function preflightHeadline(w: Words, preflight: PreflightRecord): string {
  return w.t(`preflight.${preflight.verdict}`, { summary: preflight.summary });
}

export function preflightBlocks(w: Words, preflight: PreflightRecord | null): AnyBlock[] {
  if (!preflight) return [section(w.t('proposal.noPreflight'))];
  const blocks: AnyBlock[] = [section(preflightHeadline(w, preflight))];
  if (preflight.causes.length > 0) {
    blocks.push(
      section(
        `*${w.t('preflight.causes')}*\n${preflight.causes.map((c) => `• *${causeLabel(w, c.option)}*: ${escapeMrkdwn(c.message)}`).join('\n')}`,
      ),
    );
  }
  if (preflight.remedies.length > 0 && preflight.verdict !== 'deliver') {
    blocks.push(
      section(
        `*${w.t('preflight.remedies')}*\n${preflight.remedies.map((r) => `• ${escapeMrkdwn(r)}`).join('\n')}`,
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
