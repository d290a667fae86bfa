// The "add a route" modal and the reading of its submitted values.
import type { types as slackTypes } from '@slack/bolt';

type View = slackTypes.View;

import { GOOGLE_DEFAULT_OPTIONS, type RouteOptions } from '../../domain/route.ts';
import type { Translator } from '../../i18n/translator.ts';
import { plain } from './kit.ts';

export const ADD_ROUTE_CALLBACK = 'add_route';
export const FIELD = {
  name: 'name',
  host: 'host',
  port: 'port',
  options: 'options',
  reason: 'reason',
} as const;
const ACTION = 'value';

const OPTION_KEYS: (keyof RouteOptions)[] = ['requireTls', 'requireCaSigned', 'validateHostname', 'mxLookup'];

const option = (w: Translator, key: keyof RouteOptions) => ({ text: plain(w.t(`label.${key}`)), value: key });

export function addRouteModal(w: Translator, metadata: { channel: string }): View {
  return {
    type: 'modal',
    callback_id: ADD_ROUTE_CALLBACK,
    private_metadata: JSON.stringify(metadata),
    title: plain(w.t('modal.title')),
    submit: plain(w.t('modal.submit')),
    close: plain(w.t('modal.cancel')),
    blocks: [
      {
        type: 'input',
        block_id: FIELD.name,
        label: plain(w.t('modal.name')),
        element: {
          type: 'plain_text_input',
          action_id: ACTION,
          placeholder: plain(w.t('modal.namePlaceholder')),
        },
      },
      {
        type: 'input',
        block_id: FIELD.host,
        label: plain(w.t('modal.host')),
        element: {
          type: 'plain_text_input',
          action_id: ACTION,
          placeholder: plain(w.t('modal.hostPlaceholder')),
        },
      },
      {
        type: 'input',
        block_id: FIELD.port,
        label: plain(w.t('modal.port')),
        hint: plain(w.t('modal.portHint')),
        element: { type: 'plain_text_input', action_id: ACTION, initial_value: '25' },
      },
      {
        type: 'input',
        block_id: FIELD.options,
        optional: true,
        label: plain(w.t('modal.options')),
        hint: plain(w.t('modal.optionsHint')),
        element: {
          type: 'checkboxes',
          action_id: ACTION,
          options: OPTION_KEYS.map((k) => option(w, k)),
          initial_options: OPTION_KEYS.filter((k) => GOOGLE_DEFAULT_OPTIONS[k]).map((k) => option(w, k)),
        },
      },
      {
        type: 'input',
        block_id: FIELD.reason,
        optional: true,
        label: plain(w.t('modal.reason')),
        element: { type: 'plain_text_input', action_id: ACTION, multiline: true },
      },
    ],
  };
}

interface StateValue {
  value?: string | null;
  selected_options?: { value: string }[] | null;
}

export interface AddRouteForm {
  name: string;
  host: string;
  port: string;
  options: RouteOptions;
  reason: string | null;
  channel: string | undefined;
}

export function readAddRouteForm(view: {
  private_metadata?: string;
  state: { values: Record<string, Record<string, StateValue>> };
}): AddRouteForm {
  const text = (block: string) => view.state.values[block]?.[ACTION]?.value?.trim() ?? '';
  const selected = new Set(
    (view.state.values[FIELD.options]?.[ACTION]?.selected_options ?? []).map((o) => o.value),
  );
  let channel: string | undefined;
  try {
    channel = (JSON.parse(view.private_metadata || '{}') as { channel?: string }).channel;
  } catch {
    channel = undefined;
  }
  return {
    name: text(FIELD.name),
    host: text(FIELD.host),
    port: text(FIELD.port),
    options: {
      requireTls: selected.has('requireTls'),
      requireCaSigned: selected.has('requireCaSigned'),
      validateHostname: selected.has('validateHostname'),
      mxLookup: selected.has('mxLookup'),
    },
    reason: text(FIELD.reason) || null,
    channel,
  };
}
