// Proposing a change from Slack: store it, post it to the approvals channel, answer the requester
// (in the requester's language; the channel's message is in DEFAULT_LOCALE).
import type { ChangeRequest } from '../../domain/change-request.ts';
import type { Change } from '../../domain/desired-state.ts';
import { list } from '../../i18n/phrase.ts';
import { type SlackMessage, section } from '../blocks/kit.ts';
import { proposalMessage } from '../blocks/proposal.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { say, sayMrkdwn, type Words } from '../words.ts';
import type { CommandServices } from './router.ts';

export async function proposeChange(
  services: CommandServices,
  words: Words,
  userId: string,
  change: Change,
  reason: string | null,
): Promise<{ message: SlackMessage; request?: ChangeRequest }> {
  const result = await services.changes.propose(userId, change, reason);
  if (!result.ok) {
    const text =
      result.reason === 'forbidden'
        ? words.t('command.forbidden', { reason: sayMrkdwn(words, list(result.errors)) })
        : `${words.t('command.invalid')}\n${result.errors.map((e) => `• ${escapeMrkdwn(say(words, e))}`).join('\n')}`;
    return { message: { text, blocks: [section(text)] } };
  }
  const posted = await services.publisher.postProposal(result.request);
  const note = posted.ok
    ? words.t('proposal.requesterReply', { id: result.request.id, channel: services.approvalsChannel })
    : words.t('proposal.postFailed', {
        id: result.request.id,
        channel: services.approvalsChannel,
        error: posted.error,
      });
  // The requester sees what the approvers see, without the buttons, in their own language.
  const shown = proposalMessage(words, result.request);
  return {
    request: result.request,
    message: { text: note, blocks: [section(note), ...shown.blocks.filter((b) => b.type !== 'actions')] },
  };
}
