import { auditMessage } from '../blocks/audit.ts';
import { expectCount } from './args.ts';
import { type Subcommand, UsageError } from './router.ts';

const MAX = 50;

export const audit: Subcommand = {
  name: 'audit',
  readOnly: true,
  usage: 'audit [N]',
  summary: `the last N steps of the audit trail (default 10, at most ${MAX})`,
  examples: ['/gateway audit', '/gateway audit 25'],
  async run({ args, reply, services }) {
    expectCount(args, 0, 1);
    const text = args[0] ?? '10';
    if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX) {
      throw new UsageError(`"${text}" is not a count from 1 to ${MAX}`);
    }
    await reply(auditMessage(await services.changes.audit(Number(text))));
  },
};
