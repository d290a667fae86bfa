// Request bodies shaped like the ones Slack sends to an app: slash commands, button clicks and modal
// submissions. The console dispatches them in-process; the tests sign them and send them over HTTP.
import type { LocalMessage, LocalView, SlackView } from './types.ts';

export const LOCAL_APP_ID = 'A0LOCALAPP';

export interface Actor {
  id: string;
  name: string;
  teamId: string;
}

export function slashCommandBody(input: {
  actor: Actor;
  command: string;
  text: string;
  channel: string;
  channelName?: string;
  responseUrl: string;
  triggerId: string;
}): Record<string, string> {
  return {
    token: 'unused-verification-token',
    team_id: input.actor.teamId,
    team_domain: 'local',
    channel_id: input.channel,
    channel_name: input.channelName ?? 'directmessage',
    user_id: input.actor.id,
    user_name: input.actor.name,
    command: input.command,
    text: input.text,
    api_app_id: LOCAL_APP_ID,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  };
}

export interface ButtonElement {
  type: 'button';
  action_id: string;
  value?: string;
  text: { type: string; text: string };
  style?: string;
  confirm?: unknown;
}

export function blockActionsBody(input: {
  actor: Actor;
  button: ButtonElement;
  blockId: string;
  message?: LocalMessage;
  view?: LocalView;
  responseUrl?: string;
  triggerId: string;
}): Record<string, unknown> {
  const { actor, button, message, view } = input;
  const container = message
    ? {
        type: 'message',
        message_ts: message.ts,
        channel_id: message.channel,
        is_ephemeral: !!message.ephemeralTo,
      }
    : { type: 'view', view_id: view?.id };
  return {
    type: 'block_actions',
    user: { id: actor.id, username: actor.name, name: actor.name, team_id: actor.teamId },
    api_app_id: LOCAL_APP_ID,
    token: 'unused-verification-token',
    container,
    trigger_id: input.triggerId,
    team: { id: actor.teamId, domain: 'local' },
    is_enterprise_install: false,
    ...(message
      ? {
          channel: { id: message.channel, name: message.channel },
          message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
        }
      : {}),
    ...(view ? { view: { ...view.view, id: view.id } } : {}),
    ...(input.responseUrl ? { response_url: input.responseUrl } : {}),
    actions: [
      {
        type: 'button',
        action_id: button.action_id,
        block_id: input.blockId,
        text: button.text,
        value: button.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

/** state.values as Slack sends them: block_id -> action_id -> element value. */
export type ViewStateValues = Record<string, Record<string, Record<string, unknown>>>;

export function viewSubmissionBody(input: {
  actor: Actor;
  viewId: string;
  view: SlackView;
  values: ViewStateValues;
  triggerId: string;
}): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: input.actor.teamId, domain: 'local' },
    user: {
      id: input.actor.id,
      username: input.actor.name,
      name: input.actor.name,
      team_id: input.actor.teamId,
    },
    api_app_id: LOCAL_APP_ID,
    token: 'unused-verification-token',
    trigger_id: input.triggerId,
    is_enterprise_install: false,
    view: { ...input.view, id: input.viewId, state: { values: input.values } },
  };
}

export function plainInputValue(value: string): Record<string, unknown> {
  return { type: 'plain_text_input', value };
}

export function checkboxesValue(selected: { value: string; text: string }[]): Record<string, unknown> {
  return {
    type: 'checkboxes',
    selected_options: selected.map((o) => ({ value: o.value, text: { type: 'plain_text', text: o.text } })),
  };
}
