// /gateway probe [TOKEN]: send a probe through Gmail now, or ask the relay whether one arrived.
import { isProbeToken } from '../../../gateway/probe-token.ts';
import type { PropagationTracker } from '../../propagation/tracker.ts';
import { workspaceCopy } from '../workspace-copy.ts';
import { expectCount } from './args.ts';
import { type Subcommand, UsageError } from './router.ts';

export function probeCommand(
  tracker: Pick<PropagationTracker, 'probeNow' | 'lookup'> | undefined,
  hasRelay: boolean,
): Subcommand {
  const copy = workspaceCopy.probe;
  return {
    name: 'probe',
    usage: 'probe [TOKEN]',
    summary: (w) => w.t('summary.probe'),
    examples: ['/gateway probe', '/gateway probe 3f9c0a1b2c3d4e5f60718293'],
    async run({ args, reply }) {
      expectCount(args, 0, 1);
      if (!tracker) {
        await reply(workspaceCopy.google.notConfigured);
        return;
      }
      const token = args[0];
      if (token === undefined) {
        const result = await tracker.probeNow();
        await reply(result.error ? copy.notSent(result.error) : copy.sent(result.token, result.request?.id));
        return;
      }
      if (!isProbeToken(token)) throw new UsageError(copy.badToken(token));
      if (!hasRelay) {
        await reply(copy.noRelay);
        return;
      }
      const sighting = await tracker.lookup(token);
      if (!sighting) {
        await reply(copy.notSeen(token));
        return;
      }
      const tls = sighting.tls ? `TLS ${sighting.tls.protocol}` : 'no TLS';
      await reply(
        copy.seen(
          token,
          `from ${sighting.clientIp} at ${sighting.seenAt}, ${tls}${sighting.dkim ? `, DKIM ${sighting.dkim}` : ''}`,
        ),
      );
    },
  };
}
