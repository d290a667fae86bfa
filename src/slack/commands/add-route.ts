import { checkNewRoute } from '../../domain/new-route.ts';
import { optionsFromFlags } from '../../domain/route.ts';
import { list } from '../../i18n/phrase.ts';
import { addRouteModal } from '../blocks/add-route-modal.ts';
import { expectCount, parseFlags } from './args.ts';
import { proposeChange } from './propose.ts';
import { type Subcommand, UsageError } from './router.ts';

const FLAGS = ['--mx', '--no-tls', '--no-ca', '--no-hostname'] as const;

export const addRoute: Subcommand = {
  name: 'add-route',
  usage: 'add-route [NAME HOST[:PORT] [--mx] [--no-tls] [--no-ca] [--no-hostname]]',
  summary: (w) => w.t('summary.addRoute'),
  examples: ['/gateway add-route', '/gateway add-route relay-1 smtp.relay.example.com:587'],
  async run({ args, words, client, triggerId, channelId, userId, reply, services }) {
    if (args.length === 0) {
      await client.views.open({ trigger_id: triggerId, view: addRouteModal(words, { channel: channelId }) });
      return;
    }
    const { positional, flags } = parseFlags(args, FLAGS);
    expectCount(positional, 2, 2);
    const [name = '', target = ''] = positional;
    const options = optionsFromFlags({
      mx: flags.has('--mx'),
      noTls: flags.has('--no-tls'),
      noCa: flags.has('--no-ca'),
      noHostname: flags.has('--no-hostname'),
    });
    const checked = checkNewRoute(await services.changes.desiredState(), { name, host: target, options });
    if (!checked.ok) throw new UsageError(list(Object.values(checked.errors), 'parts'));
    const { message } = await proposeChange(
      services,
      words,
      userId,
      { kind: 'add-route', route: checked.route },
      null,
    );
    await reply(message);
  },
};
