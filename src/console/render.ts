// Block Kit as terminal text: sections, fields, context lines and numbered buttons.
import type { ButtonElement } from './local-slack/payloads.ts';
import type { SlackBlock } from './local-slack/types.ts';

export interface RenderedButton {
  button: ButtonElement;
  blockId: string;
}

export interface Names {
  user(id: string): string;
  channel(id: string): string;
}

const EMOJI: Record<string, string> = {
  ':rotating_light:': '(!!)',
  ':white_check_mark:': '(ok)',
  ':warning:': '(!)',
};

/**
 * Slack mrkdwn to plain terminal text: mentions, channels and dates become readable. Only real
 * markup is converted; escaped text (&lt;!channel&gt;) is shown as typed, after the conversion, and
 * control characters (terminal escape sequences) are dropped.
 */
export function mrkdwnToText(text: string, names: Names): string {
  return withoutControls(text)
    .replace(/<@([UW][A-Z0-9]+)>/g, (_, id: string) => `@${names.user(id)}`)
    .replace(/<#([CDG][A-Z0-9]+)(\|[^>]*)?>/g, (_, id: string) => `#${names.channel(id)}`)
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/:[a-z_]+:/g, (emoji) => EMOJI[emoji] ?? emoji)
    .replace(/```([\s\S]*?)```/g, (_, code: string) =>
      code
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n'),
    )
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Text without C0/C1 control characters (tabs and newlines kept). */
export function withoutControls(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

interface TextObject {
  text: string;
}

export function renderBlocks(
  blocks: SlackBlock[],
  names: Names,
  numberButton: (button: RenderedButton) => number,
): string[] {
  const lines: string[] = [];
  for (const block of blocks) {
    const b = block as SlackBlock & {
      text?: TextObject;
      fields?: TextObject[];
      elements?: (TextObject & Partial<ButtonElement>)[];
    };
    switch (block.type) {
      case 'header':
        lines.push(`== ${withoutControls(b.text?.text ?? '')} ==`);
        break;
      case 'section':
        if (b.text) lines.push(mrkdwnToText(b.text.text, names));
        for (const field of b.fields ?? [])
          lines.push(`  ${mrkdwnToText(field.text, names).replace('\n', ': ')}`);
        break;
      case 'context':
        for (const element of b.elements ?? []) lines.push(`  · ${mrkdwnToText(element.text ?? '', names)}`);
        break;
      case 'divider':
        lines.push('  ----');
        break;
      case 'actions': {
        const buttons = (b.elements ?? []).filter((e) => e.type === 'button') as unknown as ButtonElement[];
        lines.push(
          `  ${buttons
            .map(
              (button) =>
                `[${numberButton({ button, blockId: block.block_id ?? '' })}] ${withoutControls(button.text.text)}`,
            )
            .join('   ')}   (type "click N")`,
        );
        break;
      }
      default:
        break;
    }
  }
  return lines;
}
