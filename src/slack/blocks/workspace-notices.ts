// Messages the propagation tracker posts (in the thread of the change's approval message).

import type { AuditEvidence } from '../../domain/audit-evidence.ts';
import type { TrackerEvent } from '../../propagation/tracker.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { say, type Words } from '../words.ts';
import { type KnownBlock, type SlackMessage, section } from './kit.ts';

export function evidenceText(evidence: AuditEvidence): string {
  const parts = [
    evidence.eventName,
    evidence.settingName ? `setting ${evidence.settingName}` : undefined,
    evidence.actor ? `by ${evidence.actor}` : undefined,
    `at ${evidence.at}`,
    evidence.orgUnit ? `org unit ${evidence.orgUnit}` : undefined,
    evidence.newValue ? `new value "${evidence.newValue.slice(0, 300)}"` : undefined,
    evidence.oldValue ? `old value "${evidence.oldValue.slice(0, 300)}"` : undefined,
  ];
  return parts.filter(Boolean).join(', ');
}

/** Posted in the approval message's thread: several readers, so DEFAULT_LOCALE. */
export function trackerNotice(w: Words, event: TrackerEvent): SlackMessage {
  let text: string;
  const blocks: KnownBlock[] = [];
  switch (event.type) {
    case 'applied':
      text = w.t('notice.applied', { id: event.request.id, detail: evidenceText(event.evidence) });
      blocks.push(section(text));
      break;
    case 'near-misses':
      text = w.t('notice.nearMisses', { id: event.request.id });
      blocks.push(
        section(text),
        section(
          event.nearMisses
            .map(
              (miss) =>
                `• ${escapeMrkdwn(evidenceText(miss.evidence))}\n    _${w.t('notice.doesNotMatch', { mismatches: miss.mismatches.join('; ') })}_`,
            )
            .join('\n'),
        ),
      );
      break;
    case 'live': {
      const s = event.sighting;
      text = w.t('notice.live', {
        id: event.request.id,
        token: event.token,
        ip: s.clientIp,
        tls: s.tls ? `TLS ${s.tls.protocol}` : w.t('probe.noTls'),
        dkim: s.dkim ? `, DKIM ${s.dkim}` : '',
      });
      blocks.push(section(text));
      break;
    }
    case 'stalled':
      text = w.t('notice.stalled', { id: event.request.id });
      blocks.push(
        section(text),
        section(event.troubleshooting.map((step, i) => `${i + 1}. ${escapeMrkdwn(say(w, step))}`).join('\n')),
      );
      break;
    case 'failure':
      text = w.t('notice.failure', { what: say(w, event.what) });
      blocks.push(section(text));
      break;
  }
  return { text, blocks };
}
