// /gateway probe [TOKEN]: send a probe through Gmail now, or ask the relay whether one arrived.
import { isProbeToken } from '../../../gateway/probe-token.ts';
import { phrase } from '../../i18n/phrase.ts';
import type { PropagationTracker } from '../../propagation/tracker.ts';
import { say } from '../words.ts';
import { expectCount } from './args.ts';
import { type Subcommand, UsageError } from './router.ts';

export function probeCommand(
  tracker: Pick<PropagationTracker, 'probeNow' | 'lookup'> | undefined,
  hasRelay: boolean,
): Subcommand {
  return {
    name: 'probe',
    usage: 'probe [TOKEN]',
    summary: (w) => w.t('summary.probe'),
    examples: ['/gateway probe', '/gateway probe 3f9c0a1b2c3d4e5f60718293'],
    async run({ args, reply, words: w }) {
      expectCount(args, 0, 1);
      if (!tracker) {
        await reply(w.t('google.notConfigured'));
        return;
      }
      const token = args[0];
      if (token === undefined) {
        const result = await tracker.probeNow();
        await reply(
          result.error
            ? w.t('probe.notSent', { reason: say(w, result.error) })
            : result.request
              ? w.t('probe.sentFor', { token: result.token, change: result.request.id })
              : w.t('probe.sent', { token: result.token }),
        );
        return;
      }
      if (!isProbeToken(token)) throw new UsageError(phrase('probe.badToken', { token }));
      if (!hasRelay) {
        await reply(w.t('probe.noRelay'));
        return;
      }
      const sighting = await tracker.lookup(token);
      if (!sighting) {
        await reply(w.t('probe.notSeen', { token }));
        return;
      }
      await reply(
        w.t('probe.seen', {
          token,
          ip: sighting.clientIp,
          at: w.date(sighting.seenAt),
          tls: sighting.tls ? `TLS ${sighting.tls.protocol}` : w.t('probe.noTls'),
          dkim: sighting.dkim ? `, DKIM ${sighting.dkim}` : '',
        }),
      );
    },
  };
}
