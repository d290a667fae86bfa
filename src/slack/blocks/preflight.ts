import type { PreflightRecord } from '../../domain/change-request.ts';
import { copy } from '../copy.ts';
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
        `*${copy.preflight.causes}*\n${preflight.causes.map((c) => `• \`${c.option}\`: ${c.message}`).join('\n')}`,
      ),
    );
  }
  if (preflight.remedies.length > 0 && preflight.verdict !== 'deliver') {
    blocks.push(
      section(`*${copy.preflight.remedies}*\n${preflight.remedies.map((r) => `• ${r}`).join('\n')}`),
    );
  }
  return blocks;
}
