import type { ChangeRequest } from '../../domain/change-request.ts';
import { describeChange } from '../../domain/desired-state.ts';
import { copy } from '../copy.ts';
import { header, type SlackMessage, section, sectionsOf, slackDate, user } from './kit.ts';

export function approvalsMessage(pending: ChangeRequest[]): SlackMessage {
  if (pending.length === 0) return { text: copy.approvals.none, blocks: [section(copy.approvals.none)] };
  const lines = pending.map((p) =>
    copy.approvals.line(p.id, describeChange(p.change), user(p.requester), slackDate(p.expiresAt)),
  );
  return { text: copy.approvals.title, blocks: [header(copy.approvals.title), ...sectionsOf(lines)] };
}
