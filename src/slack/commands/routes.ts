import { routesMessage } from '../blocks/routes.ts';
import { expectCount } from './args.ts';
import type { Subcommand } from './router.ts';

export const routes: Subcommand = {
  name: 'routes',
  readOnly: true,
  usage: 'routes',
  summary: 'the routes and the routing setting as they should be in the Admin console',
  examples: ['/gateway routes'],
  async run({ args, reply, services }) {
    expectCount(args, 0, 0);
    const [state, pending] = await Promise.all([services.changes.desiredState(), services.changes.pending()]);
    await reply(routesMessage(state, pending.length));
  },
};
