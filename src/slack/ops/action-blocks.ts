// The approval message of a relay action, from proposal to result (in the approvals channel:
// DEFAULT_LOCALE).
import type { RelayActionOutcome, RelayActionRequest } from '../../domain/ops/relay-action.ts';
import { type AnyBlock, context, header, plain, type SlackMessage, section } from '../blocks/kit.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { say, type Words } from '../words.ts';

export const ACTION_RELAY_APPROVE = 'relay_action_approve';
export const ACTION_RELAY_REJECT = 'relay_action_reject';

const iso = (ms: number) => new Date(ms).toISOString();

export function relayActionMessage(w: Words, request: RelayActionRequest): SlackMessage {
  const title = w.t('action.title', {
    id: request.id,
    action: w.t(`action.name.${request.action}`),
    relays: request.relays.join(', '),
  });
  const decided = () => ({ user: request.decidedBy ?? '?', at: w.date(iso(request.decidedAt ?? 0)) });
  const blocks: AnyBlock[] = [
    header(title),
    section(w.t(`relay.verb.${request.action}`)),
    context(
      w.t('action.requestedBy', { user: request.requester, at: w.date(iso(request.createdAt)) }),
      ...(request.reason ? [escapeMrkdwn(request.reason)] : []),
    ),
  ];
  switch (request.state) {
    case 'proposed':
      blocks.push(context(w.t('action.expires', { at: w.date(iso(request.expiresAt)) })), {
        type: 'actions',
        block_id: `relay_action_${request.id}`,
        elements: [
          {
            type: 'button',
            action_id: ACTION_RELAY_APPROVE,
            text: plain(w.t('action.approve')),
            style: 'primary',
            value: String(request.id),
            ...(request.action === 'restart'
              ? {
                  confirm: {
                    title: plain(w.t('action.approve')),
                    text: plain(w.t('action.confirmRestart')),
                    confirm: plain(w.t('action.approve')),
                    deny: plain(w.t('action.cancel')),
                  },
                }
              : {}),
          },
          {
            type: 'button',
            action_id: ACTION_RELAY_REJECT,
            text: plain(w.t('action.reject')),
            style: 'danger',
            value: String(request.id),
          },
        ],
      });
      break;
    case 'rejected':
      blocks.push(section(w.t('action.rejectedBy', decided())));
      break;
    case 'expired':
      blocks.push(
        section(
          w.t('action.expired', {
            command: `/gateway relay ${request.action}${request.relays.length === 1 ? ` --relay ${request.relays[0]}` : ''}`,
          }),
        ),
      );
      break;
    case 'approved':
      blocks.push(section(`${w.t('action.approvedBy', decided())}\n${w.t('action.running')}`));
      break;
    case 'done':
    case 'failed':
      blocks.push(
        section(
          `${w.t('action.approvedBy', decided())}\n${w.t(request.state === 'done' ? 'action.done' : 'action.failed')}`,
        ),
        section(request.outcomes.map((o) => outcomeLine(w, o)).join('\n')),
      );
      break;
  }
  return { text: w.t('action.text', { title, state: w.t(`action.state.${request.state}`) }), blocks };
}

/** One relay's outcome of an action: a mark, the relay, and what happened in the reader's words. */
export function outcomeLine(w: Words, outcome: RelayActionOutcome): string {
  const text = typeof outcome.text === 'string' ? outcome.text : say(w, outcome.text);
  return `${outcome.ok ? ':white_check_mark:' : ':x:'} \`${escapeMrkdwn(outcome.relay)}\`: ${escapeMrkdwn(text)}`;
}
