// /gateway: acknowledge at once, then hand the words to the subcommand router.

import type { App, SlashCommand } from '@slack/bolt';
import type { SlackMessage } from '../../blocks/kit.ts';
import { tokenize } from '../../commands/args.ts';
import { type CommandContext, UsageError } from '../../commands/router.ts';
import { safeErrorMessage } from '../../safe-error.ts';
import { say, sayMrkdwn } from '../../words.ts';
import type { ListenerDeps } from '../types.ts';

export const COMMAND = '/gateway';

type Reply = (message: SlackMessage | string) => Promise<void>;

export async function handleGatewayCommand(
  command: SlashCommand,
  reply: Reply,
  client: CommandContext['client'],
  deps: ListenerDeps,
): Promise<void> {
  const typed = tokenize(command.text);
  const words = await deps.readers.words(command.user_id);
  const resolved = deps.router.resolve(typed.length > 0 ? typed : ['help']);
  if (!resolved) {
    await reply(words.t('command.unknown', { name: typed[0] ?? '' }));
    return;
  }
  const { readOnly } = resolved.command;
  if (typeof readOnly === 'function' ? readOnly(resolved.args) : readOnly === true) {
    const permission = await deps.changes.authorizer.mayView(command.user_id);
    if (!permission.allowed) {
      await reply(words.t('command.forbidden', { reason: sayMrkdwn(words, permission.reason) }));
      return;
    }
  }
  try {
    await resolved.command.run({
      args: resolved.args,
      userId: command.user_id,
      channelId: command.channel_id,
      triggerId: command.trigger_id,
      client,
      words,
      reply,
      services: deps,
    });
  } catch (error) {
    if (error instanceof UsageError) {
      await reply(
        words.t('command.usage', { problem: say(words, error.problem), usage: resolved.command.usage }),
      );
      return;
    }
    deps.logger.error(`/gateway ${resolved.command.name} failed: ${safeErrorMessage(error)}`);
    await reply(words.t('command.failed'));
  }
}

export function register(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, async ({ ack, command, respond, client }) => {
    await ack();
    const reply: Reply = async (message) => {
      const body = typeof message === 'string' ? { text: message } : message;
      await respond({ response_type: 'ephemeral', ...body });
    };
    await handleGatewayCommand(command, reply, client, deps);
  });
}
