// The propagation timeline of changes, for /gateway status.

import type { ChangeRequest } from '../../domain/change-request.ts';
import { describeChange } from '../../domain/desired-state.ts';
import { formatDuration, type Timeline } from '../../domain/propagation.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { workspaceCopy } from '../workspace-copy.ts';
import {
  context,
  divider,
  header,
  type KnownBlock,
  type SlackMessage,
  section,
  slackDate,
  user,
} from './kit.ts';

export interface ChangeTimeline {
  request: ChangeRequest;
  timeline: Timeline;
  troubleshooting: string[];
}

function who(text: string): string {
  return text.replace(
    /\b(by) (U[A-Z0-9]{2,}|W[A-Z0-9]{2,})\b/g,
    (_m, by: string, id: string) => `${by} ${user(id)}`,
  );
}

export function timelineBlocks({ request, timeline, troubleshooting }: ChangeTimeline): KnownBlock[] {
  const copy = workspaceCopy.status;
  const state = `${copy.state[timeline.state]}${timeline.state === 'applied' && !timeline.verified ? copy.unverified : ''}`;
  const lines = timeline.steps.map((step) => {
    const mark = step.done ? ':black_small_square:' : ':white_small_square:';
    const at = step.at ? `${slackDate(step.at.toISOString())} ` : '';
    return `${mark} ${at}${who(escapeMrkdwn(step.detail))}`;
  });
  const blocks: KnownBlock[] = [
    section(`*#${request.id}* ${escapeMrkdwn(describeChange(request.change))} — ${state}`),
    section(lines.join('\n')),
  ];
  if (timeline.windowEnd && timeline.elapsedMs !== undefined && timeline.state === 'applied') {
    blocks.push(
      context(
        `24-hour window: ${formatDuration(timeline.elapsedMs)} elapsed, ends ${slackDate(timeline.windowEnd.toISOString())}`,
      ),
    );
  }
  if (timeline.state === 'stalled' && troubleshooting.length > 0) {
    blocks.push(
      section(
        `${copy.troubleshooting}\n${troubleshooting.map((step, i) => `${i + 1}. ${escapeMrkdwn(step)}`).join('\n')}`,
      ),
    );
  }
  return blocks;
}

export function statusMessage(items: ChangeTimeline[], route?: string): SlackMessage {
  const copy = workspaceCopy.status;
  if (items.length === 0) {
    const text = route ? copy.noneFor(route) : copy.none;
    return { text, blocks: [section(text)] };
  }
  const blocks: KnownBlock[] = [header(copy.title(route))];
  items.forEach((item, index) => {
    if (index > 0) blocks.push(divider());
    blocks.push(...timelineBlocks(item));
  });
  return { text: copy.title(route), blocks: blocks.slice(0, 50) };
}
