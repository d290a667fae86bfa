import { approvalsMessage } from '../blocks/approvals.ts';
import { expectCount } from './args.ts';
import type { Subcommand } from './router.ts';

export const approvals: Subcommand = {
  name: 'approvals',
  readOnly: true,
  usage: 'approvals',
  summary: (w) => w.t('summary.approvals'),
  examples: ['/gateway approvals'],
  async run({ words, args, reply, services }) {
    expectCount(args, 0, 0);
    await reply(approvalsMessage(words, await services.changes.pending()));
  },
};
