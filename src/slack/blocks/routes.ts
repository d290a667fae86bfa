import type { ChangeRequest } from '../../domain/change-request.ts';
import { type DesiredState, describeChange } from '../../domain/desired-state.ts';
import { type Route, sameName } from '../../domain/route.ts';
import type { AuditEntry } from '../../store/repositories.ts';
import { copy } from '../copy.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { auditLine } from './audit.ts';
import { type AnyBlock, context, fields, header, type SlackMessage, section } from './kit.ts';

const onOff = (on: boolean) => (on ? 'on' : 'off');

function optionsLine(route: Route): string {
  const o = route.options;
  return `tls ${onOff(o.requireTls)} · ca ${onOff(o.requireCaSigned)} · hostname ${onOff(o.validateHostname)} · mx ${onOff(o.mxLookup)}`;
}

function routingLine(state: DesiredState): string {
  return state.routing
    ? copy.routes.routing(state.routing.route, state.routing.onwardTls)
    : copy.routes.noRouting;
}

export function routesMessage(state: DesiredState, pendingCount: number): SlackMessage {
  if (state.routes.length === 0) {
    return { text: copy.routes.none, blocks: [section(copy.routes.none), section(routingLine(state))] };
  }
  const lines = state.routes.map((route) => {
    const used =
      state.routing && sameName(state.routing.route, route.name) ? ` _(${copy.routes.inUse})_` : '';
    return `• \`${escapeMrkdwn(route.name)}\` → \`${escapeMrkdwn(route.host)}:${route.port}\`${used}\n    ${optionsLine(route)}`;
  });
  const blocks: AnyBlock[] = [
    header(copy.routes.title),
    section(lines.join('\n')),
    section(routingLine(state)),
  ];
  if (pendingCount > 0) blocks.push(context(copy.routes.pending(pendingCount)));
  return { text: `${state.routes.length} routes`, blocks };
}

export function routeMessage(
  route: Route,
  state: DesiredState,
  pending: ChangeRequest[],
  history: AuditEntry[],
): SlackMessage {
  const used = state.routing && sameName(state.routing.route, route.name);
  const blocks: AnyBlock[] = [
    header(`Route ${route.name}`),
    fields([
      ['Host', `\`${escapeMrkdwn(route.host)}\``],
      ['Port', String(route.port)],
      [copy.options.requireTls, onOff(route.options.requireTls)],
      [copy.options.requireCaSigned, onOff(route.options.requireCaSigned)],
      [copy.options.validateHostname, onOff(route.options.validateHostname)],
      [copy.options.mxLookup, onOff(route.options.mxLookup)],
    ]),
  ];
  if (used) blocks.push(context(copy.routes.inUse));
  if (pending.length > 0) {
    blocks.push(
      section(
        `*Pending*\n${pending.map((p) => `• #${p.id} ${escapeMrkdwn(describeChange(p.change))}`).join('\n')}`,
      ),
    );
  }
  if (history.length > 0) blocks.push(context(...history.slice(0, 5).map(auditLine)));
  return { text: escapeMrkdwn(`Route ${route.name}: ${route.host}:${route.port}`), blocks };
}
