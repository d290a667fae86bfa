import type { ChangeRequest } from '../../domain/change-request.ts';
import type { DesiredState } from '../../domain/desired-state.ts';
import { type Route, sameName } from '../../domain/route.ts';
import type { AuditEntry } from '../../store/repositories.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import type { Words } from '../words.ts';
import { auditLine } from './audit.ts';
import { changeText } from './change-text.ts';
import { type AnyBlock, context, fields, header, type SlackMessage, section } from './kit.ts';

// The command words (tls, ca, hostname, mx) stay as typed in /gateway set; only on/off is translated.
function optionsLine(w: Words, route: Route): string {
  const o = route.options;
  const onOff = (on: boolean) => w.t(on ? 'routes.on' : 'routes.off');
  return `tls ${onOff(o.requireTls)} · ca ${onOff(o.requireCaSigned)} · hostname ${onOff(o.validateHostname)} · mx ${onOff(o.mxLookup)}`;
}

function routingLine(w: Words, state: DesiredState): string {
  if (!state.routing) return w.t('routes.noRouting');
  return w.t(state.routing.onwardTls ? 'routes.routingTls' : 'routes.routing', {
    route: state.routing.route,
  });
}

export function routesMessage(w: Words, state: DesiredState, pendingCount: number): SlackMessage {
  if (state.routes.length === 0) {
    const none = w.t('routes.none');
    return { text: none, blocks: [section(none), section(routingLine(w, state))] };
  }
  const lines = state.routes.map((route) => {
    const used =
      state.routing && sameName(state.routing.route, route.name) ? ` _(${w.t('routes.inUse')})_` : '';
    return `• \`${escapeMrkdwn(route.name)}\` → \`${escapeMrkdwn(route.host)}:${route.port}\`${used}\n    ${optionsLine(w, route)}`;
  });
  const blocks: AnyBlock[] = [
    header(w.t('routes.title')),
    section(lines.join('\n')),
    section(routingLine(w, state)),
  ];
  if (pendingCount > 0) blocks.push(context(w.t('routes.pending', { count: pendingCount })));
  return { text: w.t('routes.count', { count: state.routes.length }), blocks };
}

export function routeMessage(
  w: Words,
  route: Route,
  state: DesiredState,
  pending: ChangeRequest[],
  history: AuditEntry[],
): SlackMessage {
  const used = state.routing && sameName(state.routing.route, route.name);
  const onOff = (on: boolean) => w.t(on ? 'routes.on' : 'routes.off');
  const blocks: AnyBlock[] = [
    header(w.t('routes.routeTitle', { name: route.name })),
    fields([
      [w.t('routes.host'), `\`${escapeMrkdwn(route.host)}\``],
      [w.t('routes.port'), String(route.port)],
      [w.t('label.requireTls'), onOff(route.options.requireTls)],
      [w.t('label.requireCaSigned'), onOff(route.options.requireCaSigned)],
      [w.t('label.validateHostname'), onOff(route.options.validateHostname)],
      [w.t('label.mxLookup'), onOff(route.options.mxLookup)],
    ]),
  ];
  if (used) blocks.push(context(w.t('routes.inUse')));
  if (pending.length > 0) {
    blocks.push(
      section(
        `${w.t('routes.pendingTitle')}\n${pending.map((p) => `• #${p.id} ${changeText(w, p.change)}`).join('\n')}`,
      ),
    );
  }
  if (history.length > 0) blocks.push(context(...history.slice(0, 5).map((e) => auditLine(w, e))));
  return { text: w.t('routes.routeText', { name: route.name, host: route.host, port: route.port }), blocks };
}
