import { phrase } from '../../i18n/phrase.ts';
import { auditMessage } from '../blocks/audit.ts';
import { expectCount } from './args.ts';
import { type Subcommand, UsageError } from './router.ts';

const MAX = 50;

export const audit: Subcommand = {
  name: 'audit',
  readOnly: true,
  usage: 'audit [N]',
  summary: (w) => w.t('summary.audit', { max: MAX }),
  examples: ['/gateway audit', '/gateway audit 25'],
  async run({ words, args, reply, services }) {
    expectCount(args, 0, 1);
    const text = args[0] ?? '10';
    if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX) {
      throw new UsageError(phrase('usage.notCount', { text, max: MAX }));
    }
    await reply(auditMessage(words, await services.changes.audit(Number(text))));
  },
};
