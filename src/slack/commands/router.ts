// The /gateway command router: subcommands register here, each in its own file. A name may have
// several words ("google check"); the longest registered name that starts the text wins.

import type { webApi } from '@slack/bolt';
import type { ChangeService } from '../../changes/change-service.ts';
import type { TargetPolicy } from '../../changes/target-policy.ts';
import { PhraseError } from '../../i18n/phrase-error.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { ApprovalPublisher } from '../approval-publisher.ts';
import type { SlackMessage } from '../blocks/kit.ts';
import type { Readers } from '../readers.ts';
import type { Words } from '../words.ts';

export interface CommandServices {
  changes: ChangeService;
  readers: Readers;
  publisher: ApprovalPublisher;
  approvalsChannel: string;
  router: CommandRouter;
  /** Which hosts test-tls and diagnose may reach (configured routes always). */
  targets: TargetPolicy;
}

export interface CommandContext {
  /** The words after the subcommand's name. */
  args: string[];
  userId: string;
  channelId: string;
  triggerId: string;
  client: webApi.WebClient;
  /** The person's language and time zone, for the replies only they see. */
  words: Words;
  /** Answers the person privately (ephemeral, through the command's response_url). */
  reply(message: SlackMessage | string): Promise<void>;
  services: CommandServices;
}

export interface Subcommand {
  name: string;
  /** e.g. "set NAME tls|ca|hostname|mx on|off" */
  usage: string;
  /** One line for /gateway help, in the reader's language (from the catalogue's `summary` section). */
  summary(words: Translator): string;
  examples: string[];
  /**
   * Read-only (routes, status, test-tls, …): viewers may run it too. A function decides by the words
   * (relay status and relay queue are read-only, relay pause is not).
   */
  readOnly?: boolean | ((args: string[]) => boolean);
  run(context: CommandContext): Promise<void>;
}

/** Bad input from a person: answered with the message and the subcommand's usage. */
export class UsageError extends PhraseError {}

export class CommandRouter {
  private readonly commands: Subcommand[] = [];

  register(...commands: Subcommand[]): this {
    for (const command of commands) {
      if (this.commands.some((c) => c.name === command.name)) {
        throw new Error(`subcommand "${command.name}" is registered twice`);
      }
      this.commands.push(command);
    }
    return this;
  }

  list(): readonly Subcommand[] {
    return this.commands;
  }

  resolve(words: string[]): { command: Subcommand; args: string[] } | undefined {
    const lowered = words.map((w) => w.toLowerCase());
    let best: { command: Subcommand; length: number } | undefined;
    for (const command of this.commands) {
      const parts = command.name.split(' ');
      if (parts.every((part, i) => lowered[i] === part) && parts.length > (best?.length ?? 0)) {
        best = { command, length: parts.length };
      }
    }
    return best && { command: best.command, args: words.slice(best.length) };
  }
}
