// Proposing a change from Slack: store it, post it to the approvals channel, answer the requester.

import type { ChangeRequest } from '../../domain/change-request.ts';
import type { Change } from '../../domain/desired-state.ts';
import { type SlackMessage, section } from '../blocks/kit.ts';
import { proposalMessage } from '../blocks/proposal.ts';
import { copy } from '../copy.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import type { CommandServices } from './router.ts';

export async function proposeChange(
  services: CommandServices,
  userId: string,
  change: Change,
  reason: string | null,
): Promise<{ message: SlackMessage; request?: ChangeRequest }> {
  const result = await services.changes.propose(userId, change, reason);
  if (!result.ok) {
    const text =
      result.reason === 'forbidden'
        ? copy.command.forbidden(result.errors.join('; '))
        : `${copy.command.invalid}\n${result.errors.map((e) => `• ${escapeMrkdwn(e)}`).join('\n')}`;
    return { message: { text, blocks: [section(text)] } };
  }
  const posted = await services.publisher.postProposal(result.request);
  const note = posted.ok
    ? copy.proposal.requesterReply(result.request.id, services.approvalsChannel)
    : copy.proposal.postFailed(result.request.id, services.approvalsChannel, posted.error);
  // The requester sees what the approvers see, without the buttons.
  const shown = proposalMessage(result.request);
  return {
    request: result.request,
    message: { text: note, blocks: [section(note), ...shown.blocks.filter((b) => b.type !== 'actions')] },
  };
}
