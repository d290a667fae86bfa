// App Home: the routes as they should be and the proposals waiting for approval.
import type { App } from '@slack/bolt';
import { approvalsMessage } from '../../blocks/approvals.ts';
import { context, divider, header } from '../../blocks/kit.ts';
import { routesMessage } from '../../blocks/routes.ts';
import { safeErrorMessage } from '../../safe-error.ts';
import type { ListenerDeps } from '../types.ts';

export function register(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    try {
      // Home has one reader: their language and zone (DEFAULT_LOCALE when Slack does not say).
      const words = await deps.readers.words(event.user);
      const [state, pending, ...extra] = await Promise.all([
        deps.changes.desiredState(),
        deps.changes.pending(),
        ...deps.homeSections.map((render) => render(event.user, words)),
      ]);
      await client.views.publish({
        user_id: event.user,
        view: {
          type: 'home',
          blocks: [
            header(words.t('home.title')),
            ...routesMessage(words, state, pending.length).blocks,
            divider(),
            ...approvalsMessage(words, pending).blocks,
            ...extra.flatMap((blocks) => [divider(), ...blocks]),
            context(words.t('home.hint')),
          ],
        },
      });
    } catch (error) {
      deps.logger.error(`publishing App Home failed: ${safeErrorMessage(error)}`);
    }
  });
}
