import { isOptionKeyword, OPTION_BY_KEYWORD } from '../../domain/route.ts';
import { phrase } from '../../i18n/phrase.ts';
import { expectCount } from './args.ts';
import { proposeChange } from './propose.ts';
import { type Subcommand, UsageError } from './router.ts';

export const setOption: Subcommand = {
  name: 'set',
  usage: 'set NAME tls|ca|hostname|mx on|off',
  summary: (w) => w.t('summary.set'),
  examples: ['/gateway set relay-1 hostname off', '/gateway set relay-1 mx on'],
  async run({ args, words, userId, reply, services }) {
    expectCount(args, 3, 3);
    const [name = '', keyword = '', value = ''] = args.map((a, i) => (i === 0 ? a : a.toLowerCase()));
    if (!isOptionKeyword(keyword)) throw new UsageError(phrase('usage.notOption', { keyword }));
    if (value !== 'on' && value !== 'off') throw new UsageError(phrase('usage.onOrOff', { value }));
    const { message } = await proposeChange(
      services,
      words,
      userId,
      { kind: 'set-option', name, option: OPTION_BY_KEYWORD[keyword], on: value === 'on' },
      null,
    );
    await reply(message);
  },
};
