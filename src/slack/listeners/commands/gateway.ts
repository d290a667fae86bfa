// /gateway: acknowledge at once, then hand the words to the subcommand router.

import type { App, SlashCommand } from '@slack/bolt';
import type { SlackMessage } from '../../blocks/kit.ts';
import { tokenize } from '../../commands/args.ts';
import { type CommandContext, UsageError } from '../../commands/router.ts';
import { copy } from '../../copy.ts';
import { escapeMrkdwn } from '../../mrkdwn.ts';
import { safeErrorMessage } from '../../safe-error.ts';
import type { ListenerDeps } from '../types.ts';

export const COMMAND = '/gateway';

type Reply = (message: SlackMessage | string) => Promise<void>;

export async function handleGatewayCommand(
  command: SlashCommand,
  reply: Reply,
  client: CommandContext['client'],
  deps: ListenerDeps,
): Promise<void> {
  const words = tokenize(command.text);
  const resolved = deps.router.resolve(words.length > 0 ? words : ['help']);
  if (!resolved) {
    await reply(`${copy.command.unknown(words[0] ?? '')} ${copy.command.seeHelp}`);
    return;
  }
  const { readOnly } = resolved.command;
  if (typeof readOnly === 'function' ? readOnly(resolved.args) : readOnly === true) {
    const permission = await deps.changes.authorizer.mayView(command.user_id);
    if (!permission.allowed) {
      await reply(copy.command.forbidden(permission.reason));
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
      reply,
      services: deps,
    });
  } catch (error) {
    if (error instanceof UsageError) {
      // A usage error is plain text that quotes what the person typed.
      await reply(`${escapeMrkdwn(error.message)}.\n${copy.command.usage(resolved.command.usage)}`);
      return;
    }
    deps.logger.error(`/gateway ${resolved.command.name} failed: ${safeErrorMessage(error)}`);
    await reply(copy.command.failed);
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
