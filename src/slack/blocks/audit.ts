import type { AuditEntry } from '../../store/repositories.ts';
import { copy } from '../copy.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { header, type SlackMessage, section, sectionsOf, slackDate, user } from './kit.ts';

export function auditLine(entry: AuditEntry): string {
  const change = entry.changeId === null ? '' : `#${entry.changeId} `;
  const move =
    entry.fromState || entry.toState ? ` (${entry.fromState ?? 'new'} → ${entry.toState ?? '-'})` : '';
  const actor = entry.actor === 'system' ? 'the bot' : user(entry.actor);
  const what = typeof entry.details?.change === 'string' ? `: ${escapeMrkdwn(entry.details.change)}` : '';
  const why = entry.reason ? ` — ${escapeMrkdwn(entry.reason)}` : '';
  return `${slackDate(entry.at)} ${change}*${entry.action}*${move} by ${actor}${what}${why}`;
}

export function auditMessage(entries: AuditEntry[]): SlackMessage {
  if (entries.length === 0) return { text: copy.audit.none, blocks: [section(copy.audit.none)] };
  return {
    text: copy.audit.title(entries.length),
    blocks: [
      header(copy.audit.title(entries.length)),
      ...sectionsOf(entries.map((e) => `• ${auditLine(e)}`)),
    ],
  };
}
