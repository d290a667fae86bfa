// /gateway google check: tries each Google capability the bot uses and lists what works.

import { checkGoogleSetup } from '../../workspace/setup-check.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { context, header, section } from '../blocks/kit.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { workspaceCopy } from '../workspace-copy.ts';
import { expectCount } from './args.ts';
import type { Subcommand } from './router.ts';

export function googleCheckCommand(workspace: Workspace | undefined): Subcommand {
  const copy = workspaceCopy.google;
  return {
    name: 'google check',
    usage: 'google check',
    summary: 'check the Google Workspace setup (service account, delegated scopes, admin, probe mailbox)',
    examples: ['/gateway google check'],
    async run({ args, reply }) {
      expectCount(args, 0, 0);
      if (!workspace) {
        await reply(copy.notConfigured);
        return;
      }
      const report = await checkGoogleSetup(workspace);
      const lines = report.items.map(
        // Details carry values from Google (org units, addresses, error texts).
        (item) => `${item.ok ? ':white_check_mark:' : ':x:'} *${item.name}*: ${escapeMrkdwn(item.detail)}`,
      );
      await reply({
        text: `${copy.checkTitle}: ${report.ok ? copy.allGood : copy.someMissing}`,
        blocks: [
          header(copy.checkTitle),
          section(report.ok ? copy.allGood : copy.someMissing),
          section(lines.join('\n')),
          context(copy.account(report.serviceAccount, report.clientId)),
        ],
      });
    },
  };
}
