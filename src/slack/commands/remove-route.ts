import { expectCount } from './args.ts';
import { proposeChange } from './propose.ts';
import type { Subcommand } from './router.ts';

export const removeRoute: Subcommand = {
  name: 'remove-route',
  usage: 'remove-route NAME',
  summary: (w) => w.t('summary.removeRoute'),
  examples: ['/gateway remove-route old-relay'],
  async run({ args, words, userId, reply, services }) {
    expectCount(args, 1, 1);
    const { message } = await proposeChange(
      services,
      words,
      userId,
      { kind: 'remove-route', name: args[0] ?? '' },
      null,
    );
    await reply(message);
  },
};
