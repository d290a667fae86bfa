// Approve / Approve anyway / Reject buttons on a proposal, and "Done in the console".
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_MARK_APPLIED } from '../../blocks/console-steps.ts';
import { ACTION_APPROVE, ACTION_APPROVE_ANYWAY, ACTION_REJECT } from '../../blocks/proposal.ts';
import { safeErrorMessage } from '../../safe-error.ts';
import { sayMrkdwn } from '../../words.ts';
import type { ListenerDeps } from '../types.ts';

const DECISIONS = new RegExp(`^(${ACTION_APPROVE}|${ACTION_APPROVE_ANYWAY}|${ACTION_REJECT})$`);

export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(DECISIONS, async ({ ack, body, action, respond }) => {
    await ack();
    const id = Number(action.value);
    const actor = body.user.id;
    const words = await deps.readers.words(actor);
    try {
      const result =
        action.action_id === ACTION_REJECT
          ? await deps.changes.reject(id, actor)
          : await deps.changes.approve(id, actor, {
              acknowledgeBounce: action.action_id === ACTION_APPROVE_ANYWAY,
            });
      // On success the publisher's transition hook updates the message and sends the console steps.
      if (!result.ok) {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: words.t('decision.refused', { message: sayMrkdwn(words, result.problem) }),
        });
      }
    } catch (error) {
      deps.logger.error(`decision on change #${id} failed: ${safeErrorMessage(error)}`);
      await respond({ response_type: 'ephemeral', replace_original: false, text: words.t('command.failed') });
    }
  });

  app.action<BlockAction<ButtonAction>>(
    ACTION_MARK_APPLIED,
    async ({ ack, body, action, respond, client }) => {
      await ack();
      const id = Number(action.value);
      const words = await deps.readers.words(body.user.id);
      try {
        const result = await deps.changes.markApplied(id, body.user.id);
        if (!result.ok) {
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: words.t('decision.refused', { message: sayMrkdwn(words, result.problem) }),
          });
          return;
        }
        if (body.channel?.id && body.message?.ts) {
          await client.chat.update({
            channel: body.channel.id,
            ts: body.message.ts,
            ...(await deps.publisher.consoleSteps(words, result.request)),
          });
        }
      } catch (error) {
        deps.logger.error(`marking change #${id} applied failed: ${safeErrorMessage(error)}`);
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: words.t('command.failed'),
        });
      }
    },
  );
}
