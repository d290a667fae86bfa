import type { App } from '@slack/bolt';
import { register as changeDecision } from './actions/change-decision.ts';
import { register as gatewayCommand } from './commands/gateway.ts';
import { register as appHomeOpened } from './events/app-home-opened.ts';
import type { ListenerDeps } from './types.ts';
import { register as addRouteView } from './views/add-route.ts';

export function registerListeners(app: App, deps: ListenerDeps): void {
  gatewayCommand(app, deps);
  changeDecision(app, deps);
  addRouteView(app, deps);
  appHomeOpened(app, deps);
}
