// Buttons of the operations side: Approve/Reject on relay actions, and the relay buttons on App Home.

import type { App, BlockAction, ButtonAction, Logger } from '@slack/bolt';
import { isControlAction } from '../../domain/ops/relay-action.ts';
import type { OpsServices } from '../../ops/ops-services.ts';
import type { section } from '../blocks/kit.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import type { Readers } from '../readers.ts';
import { safeErrorMessage } from '../safe-error.ts';
import { sayMrkdwn } from '../words.ts';
import { ACTION_RELAY_APPROVE, ACTION_RELAY_REJECT } from './action-blocks.ts';
import { postDiagnose } from './commands.ts';
import { ACTION_HOME_RELAY } from './home.ts';
import { relayStatusBlocks } from './status-blocks.ts';

export function registerOpsListeners(app: App, ops: OpsServices, logger: Logger, readers: Readers): void {
  const decisions = new RegExp(`^(${ACTION_RELAY_APPROVE}|${ACTION_RELAY_REJECT})$`);
  app.action<BlockAction<ButtonAction>>(decisions, async ({ ack, body, action, respond }) => {
    await ack();
    const id = Number(action.value);
    const words = await readers.words(body.user.id);
    try {
      const decision = action.action_id === ACTION_RELAY_APPROVE ? 'approve' : 'reject';
      const result = await ops.actions.decide(id, body.user.id, decision);
      if (!result.ok) {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: words.t('relay.refused', { message: sayMrkdwn(words, result.problem) }),
        });
      }
    } catch (error) {
      logger.error(`decision on relay action #${id} failed: ${safeErrorMessage(error)}`);
      await respond({ response_type: 'ephemeral', replace_original: false, text: words.t('command.failed') });
    }
  });

  app.action<BlockAction<ButtonAction>>(
    new RegExp(`^${ACTION_HOME_RELAY}_`),
    async ({ ack, body, action, client }) => {
      await ack();
      const user = body.user.id;
      const words = await readers.words(user);
      const dm = async (text: string, blocks?: ReturnType<typeof section>[]) => {
        await client.chat.postMessage({ channel: user, text, ...(blocks ? { blocks } : {}) });
      };
      try {
        const { relay, action: what } = JSON.parse(action.value ?? '{}') as {
          relay?: string;
          action?: string;
        };
        if (!relay || !what) return;
        if (what === 'status' || what === 'diagnose') {
          const permission = await ops.changes.authorizer.mayView(user);
          if (!permission.allowed) {
            await dm(words.t('command.forbidden', { reason: sayMrkdwn(words, permission.reason) }));
            return;
          }
        }
        if (what === 'status') {
          const snapshot = (await ops.monitor.tick()).find((s) => s.relay === relay);
          if (snapshot)
            await dm(
              words.t('opsHome.relayTitle', { relay }),
              relayStatusBlocks(words, snapshot, ops.monitor.certificate(relay)),
            );
          return;
        }
        if (what === 'diagnose') {
          // The report goes to the person's direct messages: it has one reader.
          await postDiagnose(
            ops,
            client,
            user,
            undefined,
            async (message) => {
              await dm(typeof message === 'string' ? message : message.text);
            },
            { report: words, reply: words },
          );
          return;
        }
        if (!isControlAction(what)) return;
        const result = await ops.actions.request(user, what, relay);
        if (result.type === 'refused')
          await dm(words.t('relay.refused', { message: sayMrkdwn(words, result.problem) }));
        else if (result.type === 'proposed')
          await dm(
            words.t('relay.actionProposed', {
              id: result.request.id,
              action: words.t(`action.name.${what}`),
              channel: ops.approvalsChannel,
            }),
          );
        else
          await dm(
            `${words.t('relay.actionDone', { action: words.t(`action.name.${what}`) })} ${escapeMrkdwn(result.outcomes.map((o) => `${o.relay}: ${o.text}`).join('; '))}`,
          );
      } catch (error) {
        logger.error(`App Home relay button failed: ${safeErrorMessage(error)}`);
        await dm(words.t('command.failed')).catch(() => undefined);
      }
    },
  );
}
