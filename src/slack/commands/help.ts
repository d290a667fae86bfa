import { header, section } from '../blocks/kit.ts';
import type { Subcommand } from './router.ts';

export const help: Subcommand = {
  name: 'help',
  usage: 'help',
  summary: (w) => w.t('summary.help'),
  examples: ['/gateway help'],
  async run({ reply, services, words }) {
    const example = words.t('summary.example');
    const lines = services.router
      .list()
      .map(
        (c) =>
          `*\`/gateway ${c.usage}\`* — ${c.summary(words)}\n${c.examples.map((e) => `    ${example} \`${e}\``).join('\n')}`,
      );
    await reply({
      text: words.t('help.title'),
      blocks: [header(words.t('help.title')), section(words.t('help.intro')), section(lines.join('\n'))],
    });
  },
};
