// The console session: reads "/gateway ...", "click N", "as NAME" and more, dispatches Slack-shaped
// requests to the app, and prints what the app posts as readable text.
import type { ConsoleReceiver } from './console-receiver.ts';
import { FormCancelled, fillForm } from './form.ts';
import { blockActionsBody, slashCommandBody, viewSubmissionBody } from './local-slack/payloads.ts';
import type { LocalSlack } from './local-slack/server.ts';
import type { LocalMessage, LocalSlackEvent, LocalUser, LocalView } from './local-slack/types.ts';
import { mrkdwnToText, type Names, type RenderedButton, renderBlocks } from './render.ts';

export interface ConsoleIo {
  write(text: string): void;
  ask(prompt: string): Promise<string | null>;
}

interface NumberedButton extends RenderedButton {
  message?: LocalMessage;
  view?: LocalView;
}

const HELP = `Console commands:
  /gateway ...     a slash command, as the current user (try /gateway help)
  click N          press button [N]
  as NAME          act as another user (as alone lists them)
  show             the approvals channel and your direct messages again
  home             open the app's Home tab
  help             this text
  quit             leave (Ctrl-D works too)`;

export class ConsoleSession {
  private actor: LocalUser;
  private readonly buttons = new Map<number, NumberedButton>();
  private nextButton = 1;
  private readonly openedViews: LocalView[] = [];
  private readonly names: Names;

  constructor(
    private readonly slack: LocalSlack,
    private readonly receiver: ConsoleReceiver,
    private readonly io: ConsoleIo,
    private readonly options: { commandChannel: string; approvalsChannel: string; actor: LocalUser },
  ) {
    this.actor = options.actor;
    this.names = {
      user: (id) => slack.user(id)?.name ?? (id === slack.botUserId ? 'gateway' : id),
      channel: (id) => slack.channelNames.get(id) ?? id,
    };
    slack.on((event) => this.onEvent(event));
  }

  get prompt(): string {
    return `${this.actor.name}> `;
  }

  get actingUser(): LocalUser {
    return this.actor;
  }

  help(): void {
    this.io.write(HELP);
  }

  /** Handles one line; returns false when the session should end. */
  async handle(line: string): Promise<boolean> {
    const text = line.trim();
    if (text === '' || text.startsWith('#')) return true;
    const [word = '', ...rest] = text.split(/\s+/);
    if (word.startsWith('/')) await this.command(word, rest.join(' '));
    else if (word === 'click') await this.click(rest[0]);
    else if (word === 'as') this.switchUser(rest[0]);
    else if (word === 'show') this.show();
    else if (word === 'home') await this.home();
    else if (word === 'help' || word === '?') this.help();
    else if (word === 'quit' || word === 'exit') return false;
    else
      this.io.write(`Unknown console command "${word}". Type "help", or a slash command like /gateway help.`);
    return true;
  }

  private async command(command: string, text: string): Promise<void> {
    if (command !== '/gateway') {
      this.io.write(`Only /gateway is installed here (got "${command}").`);
      return;
    }
    const body = slashCommandBody({
      actor: this.actorRef(),
      command,
      text,
      channel: this.options.commandChannel,
      channelName: this.names.channel(this.options.commandChannel),
      responseUrl: this.slack.newResponseUrl({ userId: this.actor.id, channel: this.options.commandChannel }),
      triggerId: this.slack.newTriggerId(this.actor.id),
    });
    await this.receiver.dispatch(body);
    await this.openPendingViews();
  }

  private async click(which: string | undefined): Promise<void> {
    const entry = this.buttons.get(Number(which));
    if (!entry) {
      this.io.write(`There is no button [${which ?? ''}]: use a number shown in brackets, e.g. click 1.`);
      return;
    }
    const confirm = entry.button.confirm as { title?: { text: string }; text?: { text: string } } | undefined;
    if (confirm) {
      this.io.write(`${confirm.title?.text ?? 'Are you sure?'}\n  ${confirm.text?.text ?? ''}`);
      const answer = await this.io.ask('Type "yes" to confirm: ');
      if (answer?.trim().toLowerCase() !== 'yes') {
        this.io.write('Not clicked.');
        return;
      }
    }
    const message = entry.message;
    const body = blockActionsBody({
      actor: this.actorRef(),
      button: entry.button,
      blockId: entry.blockId,
      message,
      view: entry.view,
      responseUrl: message
        ? this.slack.newResponseUrl({
            userId: this.actor.id,
            channel: message.channel,
            messageTs: message.ts,
          })
        : undefined,
      triggerId: this.slack.newTriggerId(this.actor.id),
    });
    await this.receiver.dispatch(body);
    await this.openPendingViews();
  }

  private switchUser(name: string | undefined): void {
    const users = this.slack.allUsers();
    if (!name) {
      this.io.write(
        users.map((u) => `  ${u.name === this.actor.name ? '*' : ' '} ${u.name} — ${u.realName}`).join('\n'),
      );
      return;
    }
    const user = this.slack.userByName(name);
    if (!user) {
      this.io.write(`No user "${name}": choose one of ${users.map((u) => u.name).join(', ')}.`);
      return;
    }
    this.actor = user;
    this.io.write(`You are now ${user.name} (${user.realName}).`);
  }

  private show(): void {
    const messages = [
      ...this.slack.messages(this.options.approvalsChannel),
      ...this.slack.messages(this.slack.dmChannel(this.actor.id)),
    ];
    if (messages.length === 0) this.io.write('Nothing posted yet.');
    for (const message of messages) this.print(message, '');
  }

  private async home(): Promise<void> {
    await this.receiver.dispatch({
      type: 'event_callback',
      team_id: this.slack.teamId,
      api_app_id: 'A0LOCALAPP',
      event: {
        type: 'app_home_opened',
        user: this.actor.id,
        channel: this.slack.dmChannel(this.actor.id),
        tab: 'home',
        event_ts: `${Date.now() / 1000}`,
      },
      event_id: `Ev${Date.now()}`,
      event_time: Math.floor(Date.now() / 1000),
    });
  }

  private async openPendingViews(): Promise<void> {
    while (this.openedViews.length > 0) {
      const view = this.openedViews.shift() as LocalView;
      try {
        await fillForm(view.view, this.io, (values) =>
          this.receiver.dispatch(
            viewSubmissionBody({
              actor: this.actorRef(),
              viewId: view.id,
              view: view.view,
              values,
              triggerId: this.slack.newTriggerId(this.actor.id),
            }),
          ),
        );
      } catch (error) {
        if (!(error instanceof FormCancelled)) throw error;
        this.io.write('Form closed without submitting.');
      }
      this.slack.closeView(view.id);
    }
  }

  private actorRef() {
    return { id: this.actor.id, name: this.actor.name, teamId: this.slack.teamId };
  }

  private visibleTo(message: LocalMessage): boolean {
    if (message.ephemeralTo) return message.ephemeralTo === this.actor.id;
    if (message.channel.startsWith('D')) return message.channel === this.slack.dmChannel(this.actor.id);
    return true;
  }

  private where(message: LocalMessage): string {
    if (message.ephemeralTo)
      return `only you see this (@${this.actor.name}, in #${this.names.channel(message.channel)})`;
    if (message.channel.startsWith('D')) return `direct message from the bot to @${this.actor.name}`;
    return `#${this.names.channel(message.channel)}`;
  }

  private onEvent(event: LocalSlackEvent): void {
    switch (event.type) {
      case 'message':
      case 'message-updated':
        if (this.visibleTo(event.message)) {
          // A snapshot: its buttons stay clickable as shown, even after the message changes.
          this.print(
            structuredClone(event.message),
            event.type === 'message-updated' ? ' (updated in place)' : '',
          );
        } else {
          const owner = event.message.ephemeralTo ?? `U${event.message.channel.slice(1)}`;
          this.io.write(
            `(a private message for @${this.names.user(owner)}: "as ${this.names.user(owner)}" to see it)`,
          );
        }
        break;
      case 'view-opened':
        if (event.view.userId === this.actor.id) this.openedViews.push(event.view);
        break;
      case 'home-published':
        if (event.view.userId === this.actor.id) {
          this.io.write(
            this.frame(
              'App Home',
              renderBlocks(event.view.view.blocks, this.names, (b) => this.number(b, { view: event.view })),
            ),
          );
        }
        break;
      default:
        break;
    }
  }

  private print(message: LocalMessage, note: string): void {
    const lines = message.blocks.length
      ? renderBlocks(message.blocks, this.names, (b) => this.number(b, { message }))
      : [mrkdwnToText(message.text, this.names)];
    this.io.write(this.frame(`${this.where(message)}${note}`, lines));
  }

  private number(button: RenderedButton, where: { message?: LocalMessage; view?: LocalView }): number {
    const n = this.nextButton++;
    this.buttons.set(n, { ...button, ...where });
    return n;
  }

  private frame(title: string, lines: string[]): string {
    return [`┌─ ${title}`, ...lines.flatMap((l) => l.split('\n')).map((l) => `│ ${l}`), '└─'].join('\n');
  }
}
