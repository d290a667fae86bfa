// /gateway google check: tries each Google capability the bot uses and lists what works.

import { checkGoogleSetup } from '../../workspace/setup-check.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { context, header, section } from '../blocks/kit.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { say } from '../words.ts';
import { expectCount } from './args.ts';
import type { Subcommand } from './router.ts';

export function googleCheckCommand(workspace: Workspace | undefined): Subcommand {
  return {
    name: 'google check',
    usage: 'google check',
    summary: (w) => w.t('summary.googleCheck'),
    examples: ['/gateway google check'],
    async run({ args, reply, words: w }) {
      expectCount(args, 0, 0);
      if (!workspace) {
        await reply(w.t('google.notConfigured'));
        return;
      }
      const report = await checkGoogleSetup(workspace);
      const lines = report.items.map(
        // Details carry values from Google (org units, addresses, error texts).
        (item) =>
          `${item.ok ? ':white_check_mark:' : ':x:'} *${escapeMrkdwn(say(w, item.name))}*: ${escapeMrkdwn(say(w, item.detail))}`,
      );
      await reply({
        text: `${w.t('google.checkTitle')}: ${w.t(report.ok ? 'google.allGood' : 'google.someMissing')}`,
        blocks: [
          header(w.t('google.checkTitle')),
          section(w.t(report.ok ? 'google.allGood' : 'google.someMissing')),
          section(lines.join('\n')),
          context(w.t('google.account', { email: report.serviceAccount, clientId: report.clientId })),
        ],
      });
    },
  };
}
