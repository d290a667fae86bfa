import type { PreflightRecord } from '../../domain/change-request.ts';
import { OPTION_LABEL } from '../../tls/option-labels.ts';
import { copy } from '../copy.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { type AnyBlock, section } from './kit.ts';

export function preflightHeadline(preflight: PreflightRecord): string {
  return copy.preflight[preflight.verdict](preflight.summary);
}

export function preflightBlocks(preflight: PreflightRecord | null): AnyBlock[] {
  if (!preflight) return [section(copy.proposal.noPreflight)];
  const blocks: AnyBlock[] = [section(preflightHeadline(preflight))];
  if (preflight.causes.length > 0) {
    blocks.push(
      section(
        `*${copy.preflight.causes}*\n${preflight.causes.map((c) => `• *${causeLabel(c.option)}*: ${escapeMrkdwn(c.message)}`).join('\n')}`,
      ),
    );
  }
  if (preflight.remedies.length > 0 && preflight.verdict !== 'deliver') {
    blocks.push(
      section(
        `*${copy.preflight.remedies}*\n${preflight.remedies.map((r) => `• ${escapeMrkdwn(r)}`).join('\n')}`,
      ),
    );
  }
  return blocks;
}

/** The Admin console's name of the option that causes a bounce, or "Connection" when none does. */
function causeLabel(option: string): string {
  return Object.hasOwn(OPTION_LABEL, option)
    ? OPTION_LABEL[option as keyof typeof OPTION_LABEL]
    : copy.preflight.connection;
}
