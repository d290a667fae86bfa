// The proposal message in the approvals channel, in each state of the change request.
import { type ChangeRequest, predictsBounce } from '../../domain/change-request.ts';
import type { Words } from '../words.ts';
import { changeText } from './change-text.ts';
import { diffText } from './diff.ts';
import { type AnyBlock, context, divider, header, type SlackMessage, section } from './kit.ts';
import { preflightBlocks } from './preflight.ts';

export const ACTION_APPROVE = 'change_approve';
export const ACTION_APPROVE_ANYWAY = 'change_approve_anyway';
export const ACTION_REJECT = 'change_reject';

export function proposalMessage(w: Words, request: ChangeRequest): SlackMessage {
  const title = w.t('proposal.proposedTitle', { id: request.id, what: changeText(w, request.change) });
  const blocks: AnyBlock[] = [
    header(title),
    context(
      w.t('proposal.proposedBy', { user: request.requester, at: w.date(request.createdAt) }),
      ...(request.reason ? [w.t('proposal.reason', { reason: request.reason })] : []),
    ),
    section(`${w.t('proposal.diffTitle')}\n${diffText(request.diff)}`),
    ...preflightBlocks(w, request.preflight),
    divider(),
    ...stateBlocks(w, request),
  ];
  return { text: `${title} — ${stateLabel(w, request)}`, blocks };
}

function stateBlocks(w: Words, request: ChangeRequest): AnyBlock[] {
  const at = request.decidedAt ? w.date(request.decidedAt) : '';
  const user = request.decidedBy ?? '';
  switch (request.state) {
    case 'proposed':
      return [
        decisionButtons(w, request),
        context(w.t('proposal.expires', { at: w.date(request.expiresAt) })),
      ];
    case 'rejected':
      return [section(w.t('proposal.rejectedBy', { user, at }))];
    case 'expired':
      return [section(w.t('proposal.expiredAt', { at }))];
    default: {
      const lines = [
        w.t(request.bounceAcknowledged ? 'proposal.approvedAnywayBy' : 'proposal.approvedBy', { user, at }),
      ];
      if (request.appliedAt) {
        const appliedAt = w.date(request.appliedAt);
        lines.push(
          request.appliedVerified
            ? w.t('proposal.appliedVerified', { at: appliedAt })
            : w.t('proposal.appliedBy', { user: request.appliedBy ?? '', at: appliedAt }),
        );
      }
      if (request.state === 'live' && request.liveAt)
        lines.push(w.t('proposal.liveAt', { at: w.date(request.liveAt) }));
      if (request.state === 'stalled' && request.stalledAt) {
        lines.push(w.t('proposal.stalledAt', { at: w.date(request.stalledAt) }));
      }
      return [section(lines.join('\n')), context(stateLabel(w, request))];
    }
  }
}

// The bot cannot see the route itself: "applied" is only stated as fact once the audit log confirms it.
function stateLabel(w: Words, request: ChangeRequest): string {
  if (request.state === 'applied' && !request.appliedVerified) return w.t('proposal.appliedUnverified');
  return w.t(`proposal.state.${request.state}`);
}

function decisionButtons(w: Words, request: ChangeRequest): AnyBlock {
  const value = String(request.id);
  const approve = predictsBounce(request)
    ? {
        type: 'button' as const,
        action_id: ACTION_APPROVE_ANYWAY,
        value,
        style: 'danger' as const,
        text: { type: 'plain_text' as const, text: w.t('proposal.approveAnyway') },
        confirm: {
          title: { type: 'plain_text' as const, text: w.t('proposal.confirmTitle') },
          text: { type: 'mrkdwn' as const, text: w.t('proposal.confirmText') },
          confirm: { type: 'plain_text' as const, text: w.t('proposal.confirmYes') },
          deny: { type: 'plain_text' as const, text: w.t('proposal.confirmNo') },
          style: 'danger' as const,
        },
      }
    : {
        type: 'button' as const,
        action_id: ACTION_APPROVE,
        value,
        style: 'primary' as const,
        text: { type: 'plain_text' as const, text: w.t('proposal.approve') },
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
        text: { type: 'plain_text', text: w.t('proposal.reject') },
      },
    ],
  };
}
