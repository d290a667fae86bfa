// Messages the propagation tracker posts (in the thread of the change's approval message).

import type { AuditEvidence } from '../../domain/audit-evidence.ts';
import type { TrackerEvent } from '../../propagation/tracker.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { workspaceCopy } from '../workspace-copy.ts';
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

export function trackerNotice(event: TrackerEvent): SlackMessage {
  const copy = workspaceCopy.notice;
  let text: string;
  const blocks: KnownBlock[] = [];
  switch (event.type) {
    case 'applied':
      text = copy.applied(event.request.id, evidenceText(event.evidence));
      blocks.push(section(text));
      break;
    case 'near-misses':
      text = copy.nearMisses(event.request.id);
      blocks.push(
        section(text),
        section(
          event.nearMisses
            .map(
              (miss) =>
                `• ${escapeMrkdwn(evidenceText(miss.evidence))}\n    _does not match: ${escapeMrkdwn(miss.mismatches.join('; '))}_`,
            )
            .join('\n'),
        ),
      );
      break;
    case 'live': {
      const s = event.sighting;
      text = copy.live(
        event.request.id,
        `probe \`${event.token}\` reached the relay from ${s.clientIp}${s.tls ? ` over TLS ${s.tls.protocol}` : ' without TLS'}${s.dkim ? `, DKIM ${s.dkim}` : ''}`,
      );
      blocks.push(section(text));
      break;
    }
    case 'stalled':
      text = copy.stalled(event.request.id);
      blocks.push(
        section(text),
        section(event.troubleshooting.map((step, i) => `${i + 1}. ${escapeMrkdwn(step)}`).join('\n')),
      );
      break;
    case 'failure':
      text = copy.failure(event.what);
      blocks.push(section(text));
      break;
  }
  return { text, blocks };
}
