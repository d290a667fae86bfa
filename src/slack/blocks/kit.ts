// Small Block Kit constructors, so builders read as what they show.

import type { types as slackTypes } from '@slack/bolt';
import { unescapeMrkdwn } from '../mrkdwn.ts';

export type KnownBlock = slackTypes.KnownBlock;

export type AnyBlock = KnownBlock;

export interface SlackMessage {
  text: string;
  blocks: AnyBlock[];
}

export const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });
export const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

/** A header is plain_text: titles built for mrkdwn (outside values escaped) show as typed there. */
export function header(text: string): KnownBlock {
  return { type: 'header', text: plain(unescapeMrkdwn(text).slice(0, 150)) };
}

const SECTION_TEXT_LIMIT = 3000;

export function section(text: string, blockId?: string): KnownBlock {
  return {
    type: 'section',
    text: mrkdwn(text.slice(0, SECTION_TEXT_LIMIT)),
    ...(blockId ? { block_id: blockId } : {}),
  };
}

/** Lines as section blocks, as few as fit Slack's 3000-character limit, never splitting a line. */
export function sectionsOf(lines: string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > SECTION_TEXT_LIMIT) {
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push(section(current));
  return blocks;
}

export function fields(pairs: [string, string][]): KnownBlock {
  return { type: 'section', fields: pairs.slice(0, 10).map(([k, v]) => mrkdwn(`*${k}*\n${v}`)) };
}

export function context(...texts: string[]): KnownBlock {
  return { type: 'context', elements: texts.map((t) => mrkdwn(t)) };
}

export const divider = (): KnownBlock => ({ type: 'divider' });

/** A Slack date that every client shows in the reader's time zone, with the ISO time as fallback. */
export function slackDate(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time}|${iso.replace(/\.\d{3}Z$/, 'Z')}>`;
}

export const user = (id: string) => `<@${id}>`;

export function codeBlock(lines: string[]): string {
  return `\`\`\`${lines.join('\n')}\`\`\``;
}
