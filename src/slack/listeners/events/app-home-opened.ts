// App Home: the routes as they should be and the proposals waiting for approval.
import type { App } from '@slack/bolt';
import { approvalsMessage } from '../../blocks/approvals.ts';
import { context, divider, header } from '../../blocks/kit.ts';
import { routesMessage } from '../../blocks/routes.ts';
import { copy } from '../../copy.ts';
import { safeErrorMessage } from '../../safe-error.ts';
import type { ListenerDeps } from '../types.ts';

export function register(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    try {
      const [state, pending, ...extra] = await Promise.all([
        deps.changes.desiredState(),
        deps.changes.pending(),
        ...deps.homeSections.map((render) => render(event.user)),
      ]);
      await client.views.publish({
        user_id: event.user,
        view: {
          type: 'home',
          blocks: [
            header(copy.home.title),
            ...routesMessage(state, pending.length).blocks,
            divider(),
            ...approvalsMessage(pending).blocks,
            ...extra.flatMap((blocks) => [divider(), ...blocks]),
            context(copy.home.hint),
          ],
        },
      });
    } catch (error) {
      deps.logger.error(`publishing App Home failed: ${safeErrorMessage(error)}`);
    }
  });
}
