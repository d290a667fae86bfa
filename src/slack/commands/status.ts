// /gateway status [ROUTE]: each recent change on its timeline (proposed, approved, applied with the
// audit-log evidence, the 24-hour window, probes), newest first.
import { findRoute, routeOfChange } from '../../domain/desired-state.ts';
import { propagationTimeline, stalledTroubleshooting } from '../../domain/propagation.ts';
import { changeHistory } from '../../propagation/history.ts';
import { type ChangeTimeline, statusMessage } from '../blocks/timeline.ts';
import { expectCount } from './args.ts';
import type { Subcommand } from './router.ts';

const SHOWN = 5;

export function statusCommand(now: () => Date = () => new Date()): Subcommand {
  return {
    name: 'status',
    readOnly: true,
    usage: 'status [ROUTE]',
    summary: (w) => w.t('summary.status'),
    examples: ['/gateway status', '/gateway status relay-1'],
    async run({ args, reply, services, words }) {
      expectCount(args, 0, 1);
      const wanted = args[0]?.toLowerCase();
      const state = await services.changes.desiredState();
      const recent = await services.changes.recent(100);
      const chosen = recent
        .filter((request) => !wanted || routeOfChange(request.change).toLowerCase() === wanted)
        .slice(0, SHOWN);
      const at = now();
      const items: ChangeTimeline[] = [];
      for (const request of chosen) {
        const history = changeHistory(request, await services.changes.audit(500, request.id));
        const timeline = propagationTimeline(history, at);
        const name = routeOfChange(request.change);
        const route = findRoute(state, name);
        items.push({
          request,
          timeline,
          troubleshooting: stalledTroubleshooting(route ?? { name }),
        });
      }
      await reply(statusMessage(words, items, args[0]));
    },
  };
}
