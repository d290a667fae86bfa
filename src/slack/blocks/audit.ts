import type { ChangeState } from '../../domain/change-request.ts';
import type { AuditEntry } from '../../store/repositories.ts';
import type { Words } from '../words.ts';
import { header, type SlackMessage, section, sectionsOf, user } from './kit.ts';

const ACTIONS = {
  proposed: 'audit.action.proposed',
  approved: 'audit.action.approved',
  'approved-anyway': 'audit.action.approvedAnyway',
  rejected: 'audit.action.rejected',
  expired: 'audit.action.expired',
  applied: 'audit.action.applied',
  live: 'audit.action.live',
  stalled: 'audit.action.stalled',
} as const;

const STATES: readonly ChangeState[] = [
  'proposed',
  'approved',
  'rejected',
  'expired',
  'applied',
  'live',
  'stalled',
];

// The change's own steps in words; other parts' audit codes (relay actions, audit-log checks) as code.
function actionText(w: Words, action: string): string {
  return Object.hasOwn(ACTIONS, action) ? w.t(ACTIONS[action as keyof typeof ACTIONS]) : `\`${action}\``;
}

function stateText(w: Words, state: string): string {
  const known = STATES.find((s) => s === state);
  return known ? w.t(`audit.state.${known}`) : `\`${state}\``;
}

export function auditLine(w: Words, entry: AuditEntry): string {
  const move =
    entry.fromState || entry.toState
      ? ` (${entry.fromState ? stateText(w, entry.fromState) : w.t('audit.newState')} → ${entry.toState ? stateText(w, entry.toState) : '-'})`
      : '';
  return w.t('audit.line', {
    at: w.date(entry.at),
    change: entry.changeId === null ? '' : `#${entry.changeId} `,
    action: actionText(w, entry.action),
    move,
    actor: entry.actor === 'system' ? w.t('audit.bot') : user(entry.actor),
    what: typeof entry.details?.change === 'string' ? `: ${entry.details.change}` : '',
    why: entry.reason ? ` — ${entry.reason}` : '',
  });
}

export function auditMessage(w: Words, entries: AuditEntry[]): SlackMessage {
  if (entries.length === 0) return { text: w.t('audit.none'), blocks: [section(w.t('audit.none'))] };
  const title = w.t('audit.title', { count: entries.length });
  return {
    text: title,
    blocks: [header(title), ...sectionsOf(entries.map((e) => `• ${auditLine(w, e)}`))],
  };
}
