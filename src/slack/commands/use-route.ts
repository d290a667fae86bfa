import { expectCount, parseFlags } from './args.ts';
import { proposeChange } from './propose.ts';
import type { Subcommand } from './router.ts';

export const useRoute: Subcommand = {
  name: 'use-route',
  usage: 'use-route NAME [--onward-tls]',
  summary: (w) => w.t('summary.useRoute'),
  examples: ['/gateway use-route relay-1', '/gateway use-route relay-1 --onward-tls'],
  async run({ args, words, userId, reply, services }) {
    const { positional, flags } = parseFlags(args, ['--onward-tls']);
    expectCount(positional, 1, 1);
    const { message } = await proposeChange(
      services,
      words,
      userId,
      { kind: 'use-route', routing: { route: positional[0] ?? '', onwardTls: flags.has('--onward-tls') } },
      null,
    );
    await reply(message);
  },
};
