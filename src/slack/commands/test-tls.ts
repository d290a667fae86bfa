import { findRoute } from '../../domain/desired-state.ts';
import { checkNewRoute } from '../../domain/new-route.ts';
import { changeOption, optionsFromFlags, type Route } from '../../domain/route.ts';
import { list, phrase } from '../../i18n/phrase.ts';
import { tlsTestMessage } from '../blocks/tls-test.ts';
import { expectCount, parseFlags } from './args.ts';
import { type Subcommand, UsageError } from './router.ts';

const FLAGS = ['--mx', '--no-tls', '--no-ca', '--no-hostname'] as const;

export const testTls: Subcommand = {
  name: 'test-tls',
  readOnly: true,
  usage: 'test-tls NAME|HOST[:PORT] [--mx] [--no-tls] [--no-ca] [--no-hostname]',
  summary: (w) => w.t('summary.testTls'),
  examples: ['/gateway test-tls relay-1', '/gateway test-tls smtp.relay.example.com:587 --no-hostname'],
  async run({ args, words, reply, services }) {
    const { positional, flags } = parseFlags(args, FLAGS);
    expectCount(positional, 1, 1);
    const wanted = positional[0] ?? '';
    const state = await services.changes.desiredState();
    const known = findRoute(state, wanted);
    let route: Route;
    if (known) {
      let options = { ...known.options, mxLookup: known.options.mxLookup || flags.has('--mx') };
      for (const [flag, key] of [
        ['--no-hostname', 'validateHostname'],
        ['--no-ca', 'requireCaSigned'],
        ['--no-tls', 'requireTls'],
      ] as const) {
        const changed = flags.has(flag) ? changeOption(options, key, false) : undefined;
        if (changed?.ok) options = changed.options;
      }
      route = { ...known, options };
    } else {
      const options = optionsFromFlags({
        mx: flags.has('--mx'),
        noTls: flags.has('--no-tls'),
        noCa: flags.has('--no-ca'),
        noHostname: flags.has('--no-hostname'),
      });
      const checked = checkNewRoute(
        { routes: [], routing: null, version: 0 },
        { name: 'test', host: wanted, options },
      );
      if (!checked.ok) {
        throw new UsageError(
          phrase('invalid.testTlsArg', {
            arg: wanted,
            problems: list(Object.values(checked.errors), 'parts'),
          }),
        );
      }
      route = checked.route;
      // Not a configured route: only public addresses, so the test cannot scan the bot's network.
      const configured = state.routes.some(
        (r) => r.host.toLowerCase() === route.host.toLowerCase() && r.port === route.port,
      );
      const target = configured
        ? ({ allowed: true } as const)
        : await services.targets.check(route.host, route.options.mxLookup);
      if (!target.allowed) {
        await reply(words.t('command.privateTarget', { reason: target.reason }));
        return;
      }
    }
    const result = await services.changes.testTls(route);
    await reply(
      tlsTestMessage(
        words,
        {
          ...(known ? { route: known.name } : {}),
          host: route.host,
          port: route.port,
          options: route.options,
        },
        result,
      ),
    );
  },
};
