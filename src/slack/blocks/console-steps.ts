// The exact Admin console steps for an approved change, with this change's values.
import type { ChangeRequest } from '../../domain/change-request.ts';
import { describeChange } from '../../domain/desired-state.ts';
import type { Route, RouteOptions } from '../../domain/route.ts';
import { copy } from '../copy.ts';
import { type AnyBlock, context, header, type SlackMessage, section, slackDate, user } from './kit.ts';

export const ACTION_MARK_APPLIED = 'change_mark_applied';

const OPTION_ORDER: (keyof RouteOptions)[] = [
  'mxLookup',
  'requireTls',
  'requireCaSigned',
  'validateHostname',
];

function optionSteps(options: RouteOptions): string[] {
  return OPTION_ORDER.map((key) => copy.options[key]).map((label, i) =>
    copy.consoleSteps.option(label, options[OPTION_ORDER[i] as keyof RouteOptions]),
  );
}

function preflightNote(request: ChangeRequest): string {
  const verdict = request.preflight?.verdict;
  if (verdict === 'deliver') return 'the test should pass';
  if (verdict === 'bounce')
    return 'the test is expected to fail; the route saves anyway, but mail will bounce';
  return 'no result (the test could not run)';
}

/** What the relays report that changes the steps. */
export interface RelayFacts {
  /** the routing-rule header the relay requires (tenant.header), if any */
  tenantHeader?: string;
}

/** The steps for a change, numbered, given the route as it will be after the change. */
export function consoleSteps(
  request: ChangeRequest,
  route: Route | undefined,
  relay: RelayFacts = {},
): string[] {
  const s = copy.consoleSteps;
  const change = request.change;
  switch (change.kind) {
    case 'add-route': {
      const r = change.route;
      return [
        s.open,
        s.openHosts,
        s.addRoute,
        s.name(r.name),
        s.singleHost(r.host, r.port),
        ...optionSteps(r.options),
        s.testTls(preflightNote(request)),
        s.save,
      ];
    }
    case 'set-option':
      return [
        s.open,
        s.openHosts,
        s.editRoute(change.name),
        ...(route ? optionSteps(route.options) : []),
        s.testTls(preflightNote(request)),
        s.save,
      ];
    case 'remove-route':
      return [s.open, s.openHosts, s.deleteRoute(change.name)];
    case 'use-route':
      return [
        s.open,
        s.routingOpen,
        s.routingSetting,
        s.routingDescription(change.routing.route),
        s.routingAffects,
        s.routingAction,
        s.routingRoute(change.routing.route),
        s.routingTls(change.routing.onwardTls),
        ...(relay.tenantHeader ? [s.routingHeader(relay.tenantHeader)] : []),
        s.routingSave,
      ];
  }
}

export function consoleStepsMessage(
  request: ChangeRequest,
  route: Route | undefined,
  relay: RelayFacts = {},
): SlackMessage {
  const steps = consoleSteps(request, route, relay)
    .map((step, i) => `${i + 1}. ${step}`)
    .join('\n');
  const blocks: AnyBlock[] = [
    header(copy.consoleSteps.title(request.id)),
    section(copy.consoleSteps.intro(request.id, describeChange(request.change))),
    section(steps),
    context(copy.consoleSteps.propagation),
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
          text: { type: 'plain_text', text: copy.consoleSteps.done },
        },
      ],
    });
  } else if (request.appliedAt) {
    blocks.push(
      section(copy.consoleSteps.doneBy(user(request.appliedBy ?? ''), slackDate(request.appliedAt))),
    );
  }
  return { text: copy.consoleSteps.title(request.id), blocks };
}
