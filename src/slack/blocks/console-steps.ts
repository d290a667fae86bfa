// The exact Admin console steps for an approved change, with this change's values, in the words
// and labels the approver's Admin console shows.
import type { ChangeRequest } from '../../domain/change-request.ts';
import type { Route, RouteOptions } from '../../domain/route.ts';
import type { Words } from '../words.ts';
import { changeText } from './change-text.ts';
import { type AnyBlock, context, header, type SlackMessage, section } from './kit.ts';

export const ACTION_MARK_APPLIED = 'change_mark_applied';

const OPTION_ORDER: (keyof RouteOptions)[] = [
  'mxLookup',
  'requireTls',
  'requireCaSigned',
  'validateHostname',
];

function optionSteps(w: Words, options: RouteOptions): string[] {
  return OPTION_ORDER.map((key) =>
    w.t(options[key] ? 'consoleSteps.optionOn' : 'consoleSteps.optionOff', { label: w.t(`label.${key}`) }),
  );
}

function testTlsStep(w: Words, request: ChangeRequest): string {
  const verdict = request.preflight?.verdict;
  if (verdict === 'deliver') return w.t('consoleSteps.testTlsPass');
  if (verdict === 'bounce') return w.t('consoleSteps.testTlsFail');
  return w.t('consoleSteps.testTlsUnknown');
}

/** What the relays report that changes the steps. */
export interface RelayFacts {
  /** the routing-rule header the relay requires (tenant.header), if any */
  tenantHeader?: string;
}

/** The steps for a change, in order, given the route as it will be after the change. */
export function consoleSteps(
  w: Words,
  request: ChangeRequest,
  route: Route | undefined,
  relay: RelayFacts = {},
): string[] {
  const change = request.change;
  const open = [w.t('consoleSteps.open'), w.t('consoleSteps.openHosts')];
  switch (change.kind) {
    case 'add-route': {
      const r = change.route;
      return [
        ...open,
        w.t('consoleSteps.addRoute'),
        w.t('consoleSteps.name', { name: r.name }),
        w.t('consoleSteps.singleHost', { host: r.host, port: r.port }),
        ...optionSteps(w, r.options),
        testTlsStep(w, request),
        w.t('consoleSteps.save'),
      ];
    }
    case 'set-option':
      return [
        ...open,
        w.t('consoleSteps.editRoute', { name: change.name }),
        ...(route ? optionSteps(w, route.options) : []),
        testTlsStep(w, request),
        w.t('consoleSteps.save'),
      ];
    case 'remove-route':
      return [...open, w.t('consoleSteps.deleteRoute', { name: change.name })];
    case 'use-route':
      return [
        w.t('consoleSteps.open'),
        w.t('consoleSteps.routingOpen'),
        w.t('consoleSteps.routingSetting'),
        w.t('consoleSteps.routingDescription', { route: change.routing.route }),
        w.t('consoleSteps.routingAffects'),
        w.t('consoleSteps.routingAction'),
        w.t('consoleSteps.routingRoute', { route: change.routing.route }),
        w.t(change.routing.onwardTls ? 'consoleSteps.routingTlsOn' : 'consoleSteps.routingTlsOff'),
        ...(relay.tenantHeader ? [w.t('consoleSteps.routingHeader', { name: relay.tenantHeader })] : []),
        w.t('consoleSteps.routingSave'),
      ];
  }
}

export function consoleStepsMessage(
  w: Words,
  request: ChangeRequest,
  route: Route | undefined,
  relay: RelayFacts = {},
): SlackMessage {
  const steps = consoleSteps(w, request, route, relay)
    .map((step, i) => `${i + 1}. ${step}`)
    .join('\n');
  const title = w.t('consoleSteps.title', { id: request.id });
  const blocks: AnyBlock[] = [
    header(title),
    section(w.t('consoleSteps.intro', { id: request.id, what: changeText(w, request.change) })),
    section(steps),
    context(w.t('consoleSteps.propagation')),
  ];
  if (request.state === 'approved') {
    blocks.push({
      type: 'actions',
      block_id: `applied_${request.id}`,
      elements: [
        {
          type: 'button',
          action_id: ACTION_MARK_APPLIED,
          value: String(request.id),
          style: 'primary',
          text: { type: 'plain_text', text: w.t('consoleSteps.done') },
        },
      ],
    });
  } else if (request.appliedAt) {
    blocks.push(
      section(w.t('consoleSteps.doneBy', { user: request.appliedBy ?? '', at: w.date(request.appliedAt) })),
    );
  }
  return { text: title, blocks };
}
