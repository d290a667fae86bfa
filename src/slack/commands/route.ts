import type { ChangeRequest } from '../../domain/change-request.ts';
import { findRoute, routeOfChange } from '../../domain/desired-state.ts';
import { sameName } from '../../domain/route.ts';
import { list, phrase, raw } from '../../i18n/phrase.ts';
import { routeMessage } from '../blocks/routes.ts';
import { expectCount } from './args.ts';
import { type Subcommand, UsageError } from './router.ts';

export const route: Subcommand = {
  name: 'route',
  readOnly: true,
  usage: 'route NAME',
  summary: (w) => w.t('summary.route'),
  examples: ['/gateway route relay-1'],
  async run({ words, args, reply, services }) {
    expectCount(args, 1, 1);
    const name = args[0] ?? '';
    const state = await services.changes.desiredState();
    const found = findRoute(state, name);
    if (!found) {
      throw new UsageError(
        state.routes.length > 0
          ? phrase('invalid.unknownRoute', { name, known: list(state.routes.map((r) => raw(r.name))) })
          : phrase('invalid.unknownRouteNone', { name }),
      );
    }
    const mentions = (c: ChangeRequest) => sameName(routeOfChange(c.change), found.name);
    const [pending, recent] = await Promise.all([services.changes.pending(), services.changes.recent(50)]);
    const ids = new Set(recent.filter(mentions).map((c) => c.id));
    const history = (await services.changes.audit(200)).filter(
      (e) => e.changeId !== null && ids.has(e.changeId),
    );
    await reply(routeMessage(words, found, state, pending.filter(mentions), history));
  },
};
