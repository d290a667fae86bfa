// The propagation timeline of changes, for /gateway status.

import type { ChangeRequest } from '../../domain/change-request.ts';
import { duration, type Timeline } from '../../domain/propagation.ts';
import type { Phrase } from '../../i18n/phrase.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { say, sayMrkdwn, type Words } from '../words.ts';
import { changeText } from './change-text.ts';
import { context, divider, header, type KnownBlock, type SlackMessage, section } from './kit.ts';

export interface ChangeTimeline {
  request: ChangeRequest;
  timeline: Timeline;
  troubleshooting: Phrase[];
}

export function timelineBlocks(
  w: Words,
  { request, timeline, troubleshooting }: ChangeTimeline,
): KnownBlock[] {
  const state = `${w.t(`status.state.${timeline.state}`)}${timeline.state === 'applied' && !timeline.verified ? w.t('status.unverified') : ''}`;
  const lines = timeline.steps.map((step) => {
    const mark = step.done ? ':black_small_square:' : ':white_small_square:';
    const at = step.at ? `${w.date(step.at.toISOString())} ` : '';
    return `${mark} ${at}${sayMrkdwn(w, step.detail)}`;
  });
  const blocks: KnownBlock[] = [
    section(`*#${request.id}* ${changeText(w, request.change)} — ${state}`),
    section(lines.join('\n')),
  ];
  if (timeline.windowEnd && timeline.elapsedMs !== undefined && timeline.state === 'applied') {
    blocks.push(
      context(
        w.t('status.window', {
          elapsed: say(w, duration(timeline.elapsedMs)),
          at: w.date(timeline.windowEnd.toISOString()),
        }),
      ),
    );
  }
  if (timeline.state === 'stalled' && troubleshooting.length > 0) {
    blocks.push(
      section(
        `${w.t('status.troubleshooting')}\n${troubleshooting.map((step, i) => `${i + 1}. ${escapeMrkdwn(say(w, step))}`).join('\n')}`,
      ),
    );
  }
  return blocks;
}

export function statusMessage(w: Words, items: ChangeTimeline[], route?: string): SlackMessage {
  if (items.length === 0) {
    const text = route ? w.t('status.noneFor', { route }) : w.t('status.none');
    return { text, blocks: [section(text)] };
  }
  const title = route ? w.t('status.titleFor', { route }) : w.t('status.title');
  const blocks: KnownBlock[] = [header(title)];
  items.forEach((item, index) => {
    if (index > 0) blocks.push(divider());
    blocks.push(...timelineBlocks(w, item));
  });
  return { text: title, blocks: blocks.slice(0, 50) };
}
