import { header, section } from '../blocks/kit.ts';
import { copy } from '../copy.ts';
import type { Subcommand } from './router.ts';

export const help: Subcommand = {
  name: 'help',
  usage: 'help',
  summary: 'this list',
  examples: ['/gateway help'],
  async run({ reply, services }) {
    const lines = services.router
      .list()
      .map(
        (c) =>
          `*\`/gateway ${c.usage}\`* — ${c.summary}\n${c.examples.map((e) => `    e.g. \`${e}\``).join('\n')}`,
      );
    await reply({
      text: copy.help.title,
      blocks: [header(copy.help.title), section(copy.help.intro), section(lines.join('\n'))],
    });
  },
};
