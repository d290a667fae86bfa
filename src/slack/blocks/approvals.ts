import type { ChangeRequest } from '../../domain/change-request.ts';
import type { Words } from '../words.ts';
import { changeText } from './change-text.ts';
import { header, type SlackMessage, section, sectionsOf } from './kit.ts';

export function approvalsMessage(w: Words, pending: ChangeRequest[]): SlackMessage {
  if (pending.length === 0) return { text: w.t('approvals.none'), blocks: [section(w.t('approvals.none'))] };
  const lines = pending.map((p) =>
    w.t('approvals.line', {
      id: p.id,
      what: changeText(w, p.change),
      user: p.requester,
      at: w.date(p.expiresAt),
    }),
  );
  const title = w.t('approvals.title');
  return { text: title, blocks: [header(title), ...sectionsOf(lines)] };
}
