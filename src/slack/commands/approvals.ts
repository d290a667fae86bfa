import { approvalsMessage } from '../blocks/approvals.ts';
import { expectCount } from './args.ts';
import type { Subcommand } from './router.ts';

export const approvals: Subcommand = {
  name: 'approvals',
  readOnly: true,
  usage: 'approvals',
  summary: 'proposals waiting for approval',
  examples: ['/gateway approvals'],
  async run({ args, reply, services }) {
    expectCount(args, 0, 0);
    await reply(approvalsMessage(await services.changes.pending()));
  },
};
