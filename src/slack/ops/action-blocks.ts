// The approval message of a relay action, from proposal to result.

import type { RelayActionRequest } from '../../domain/ops/relay-action.ts';
import {
  type AnyBlock,
  context,
  header,
  plain,
  type SlackMessage,
  section,
  slackDate,
  user,
} from '../blocks/kit.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { opsCopy } from './copy.ts';

export const ACTION_RELAY_APPROVE = 'relay_action_approve';
export const ACTION_RELAY_REJECT = 'relay_action_reject';

const iso = (ms: number) => new Date(ms).toISOString();

export function relayActionMessage(request: RelayActionRequest): SlackMessage {
  const c = opsCopy.action;
  const title = c.title(request.id, request.action, request.relays);
  const blocks: AnyBlock[] = [
    header(title),
    section(opsCopy.relay.verb[request.action]),
    context(
      c.requestedBy(user(request.requester), slackDate(iso(request.createdAt))),
      ...(request.reason ? [escapeMrkdwn(request.reason)] : []),
    ),
  ];
  switch (request.state) {
    case 'proposed':
      blocks.push(context(c.expires(slackDate(iso(request.expiresAt)))), {
        type: 'actions',
        block_id: `relay_action_${request.id}`,
        elements: [
          {
            type: 'button',
            action_id: ACTION_RELAY_APPROVE,
            text: plain(c.approve),
            style: 'primary',
            value: String(request.id),
            ...(request.action === 'restart'
              ? {
                  confirm: {
                    title: plain(c.approve),
                    text: plain(c.confirmRestart),
                    confirm: plain(c.approve),
                    deny: plain('Cancel'),
                  },
                }
              : {}),
          },
          {
            type: 'button',
            action_id: ACTION_RELAY_REJECT,
            text: plain(c.reject),
            style: 'danger',
            value: String(request.id),
          },
        ],
      });
      break;
    case 'rejected':
      blocks.push(
        section(c.rejectedBy(user(request.decidedBy ?? '?'), slackDate(iso(request.decidedAt ?? 0)))),
      );
      break;
    case 'expired':
      blocks.push(
        section(
          c.expired(
            `/gateway relay ${request.action}${request.relays.length === 1 ? ` --relay ${request.relays[0]}` : ''}`,
          ),
        ),
      );
      break;
    case 'approved':
      blocks.push(
        section(
          `${c.approvedBy(user(request.decidedBy ?? '?'), slackDate(iso(request.decidedAt ?? 0)))}\n${c.running}`,
        ),
      );
      break;
    case 'done':
    case 'failed':
      blocks.push(
        section(
          `${c.approvedBy(user(request.decidedBy ?? '?'), slackDate(iso(request.decidedAt ?? 0)))}\n${request.state === 'done' ? c.done : c.failed}`,
        ),
        section(
          request.outcomes
            .map(
              (o) =>
                `${o.ok ? ':white_check_mark:' : ':x:'} \`${escapeMrkdwn(o.relay)}\`: ${escapeMrkdwn(o.text)}`,
            )
            .join('\n'),
        ),
      );
      break;
  }
  return { text: `${title} (${request.state})`, blocks };
}
