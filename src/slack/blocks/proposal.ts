// The proposal message in the approvals channel, in each state of the change request.
import { type ChangeRequest, predictsBounce } from '../../domain/change-request.ts';
import { describeChange } from '../../domain/desired-state.ts';
import { copy } from '../copy.ts';
import { diffText } from './diff.ts';
import {
  type AnyBlock,
  context,
  divider,
  header,
  type SlackMessage,
  section,
  slackDate,
  user,
} from './kit.ts';
import { preflightBlocks } from './preflight.ts';

export const ACTION_APPROVE = 'change_approve';
export const ACTION_APPROVE_ANYWAY = 'change_approve_anyway';
export const ACTION_REJECT = 'change_reject';

export function proposalMessage(request: ChangeRequest): SlackMessage {
  const what = describeChange(request.change);
  const title = copy.proposal.proposedTitle(request.id, what);
  const blocks: AnyBlock[] = [
    header(title),
    context(
      copy.proposal.proposedBy(user(request.requester), slackDate(request.createdAt)),
      ...(request.reason ? [copy.proposal.reason(request.reason)] : []),
    ),
    section(`${copy.proposal.diffTitle}\n${diffText(request.diff)}`),
    ...preflightBlocks(request.preflight),
    divider(),
    ...stateBlocks(request),
  ];
  return { text: `${title} — ${stateLabel(request)}`, blocks };
}

function stateBlocks(request: ChangeRequest): AnyBlock[] {
  const decidedAt = request.decidedAt ? slackDate(request.decidedAt) : '';
  const decidedBy = request.decidedBy ? user(request.decidedBy) : '';
  switch (request.state) {
    case 'proposed':
      return [decisionButtons(request), context(copy.proposal.expires(slackDate(request.expiresAt)))];
    case 'rejected':
      return [section(copy.proposal.rejectedBy(decidedBy, decidedAt))];
    case 'expired':
      return [section(copy.proposal.expiredAt(decidedAt))];
    default: {
      const lines = [copy.proposal.approvedBy(decidedBy, decidedAt, request.bounceAcknowledged)];
      if (request.appliedAt) {
        lines.push(
          copy.proposal.appliedBy(
            user(request.appliedBy ?? ''),
            slackDate(request.appliedAt),
            request.appliedVerified,
          ),
        );
      }
      if (request.state === 'live' && request.liveAt)
        lines.push(copy.proposal.liveAt(slackDate(request.liveAt)));
      if (request.state === 'stalled' && request.stalledAt) {
        lines.push(copy.proposal.stalledAt(slackDate(request.stalledAt)));
      }
      return [section(lines.join('\n')), context(stateLabel(request))];
    }
  }
}

// The bot cannot see the route itself: "applied" is only stated as fact once the audit log confirms it.
function stateLabel(request: ChangeRequest): string {
  if (request.state === 'applied' && !request.appliedVerified) return copy.proposal.appliedUnverified;
  return copy.proposal.state[request.state];
}

function decisionButtons(request: ChangeRequest): AnyBlock {
  const value = String(request.id);
  const approve = predictsBounce(request)
    ? {
        type: 'button' as const,
        action_id: ACTION_APPROVE_ANYWAY,
        value,
        style: 'danger' as const,
        text: { type: 'plain_text' as const, text: copy.proposal.approveAnyway },
        confirm: {
          title: { type: 'plain_text' as const, text: copy.proposal.confirmTitle },
          text: { type: 'mrkdwn' as const, text: copy.proposal.confirmText },
          confirm: { type: 'plain_text' as const, text: copy.proposal.confirmYes },
          deny: { type: 'plain_text' as const, text: copy.proposal.confirmNo },
          style: 'danger' as const,
        },
      }
    : {
        type: 'button' as const,
        action_id: ACTION_APPROVE,
        value,
        style: 'primary' as const,
        text: { type: 'plain_text' as const, text: copy.proposal.approve },
      };
  return {
    type: 'actions',
    block_id: `decision_${request.id}`,
    elements: [
      approve,
      {
        type: 'button',
        action_id: ACTION_REJECT,
        value,
        text: { type: 'plain_text', text: copy.proposal.reject },
      },
    ],
  };
}
