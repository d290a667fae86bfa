import { findRoute } from '../../domain/desired-state.ts';
import { checkNewRoute } from '../../domain/new-route.ts';
import { changeOption, optionsFromFlags, type Route } from '../../domain/route.ts';
import { context, header } from '../blocks/kit.ts';
import { preflightBlocks } from '../blocks/preflight.ts';
import { expectCount, parseFlags } from './args.ts';
import { type Subcommand, UsageError } from './router.ts';

const FLAGS = ['--mx', '--no-tls', '--no-ca', '--no-hostname'] as const;

export const testTls: Subcommand = {
  name: 'test-tls',
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
          `"${wanted}" is neither a known route nor a usable host: ${Object.values(checked.errors).join('; ')}`,
        );
      }
      route = checked.route;
    }
    const result = await services.changes.testTls(route);
    const title = `TLS test of ${known ? `route ${known.name} (` : ''}${route.host}:${route.port}${known ? ')' : ''}`;
    await reply({
      text: `${title}: ${result.verdict}`,
      blocks: [
        header(title),
        ...preflightBlocks(words, result),
        context(
          `tls ${route.options.requireTls ? 'on' : 'off'} · ca ${route.options.requireCaSigned ? 'on' : 'off'} · hostname ${route.options.validateHostname ? 'on' : 'off'} · mx ${route.options.mxLookup ? 'on' : 'off'}`,
        ),
      ],
    });
  },
};
