// The reply to /gateway test-tls: what was tested, the verdict with its causes and remedies (the
// pre-flight's blocks), and the options it was tested with, in the reader's language.
import type { PreflightRecord } from '../../domain/change-request.ts';
import type { RouteOptions } from '../../domain/route.ts';
import type { Words } from '../words.ts';
import { context, header, type SlackMessage } from './kit.ts';
import { preflightBlocks } from './preflight.ts';

export interface TlsTestSubject {
  /** The configured route's name, when the host is one. */
  route?: string;
  host: string;
  port: number;
  options: RouteOptions;
}

export function tlsTestMessage(w: Words, subject: TlsTestSubject, result: PreflightRecord): SlackMessage {
  const { host, port, options } = subject;
  const title = subject.route
    ? w.t('tls.preflight.titleRoute', { name: subject.route, host, port })
    : w.t('tls.preflight.titleHost', { host, port });
  const verdict = w.t(result.verdict === 'error' ? 'tls.preflight.error' : `tls.verdict.${result.verdict}`);
  const onOff = (on: boolean) => (on ? 'on' : 'off');
  return {
    text: w.t('tls.preflight.fallback', { title, verdict }),
    blocks: [
      header(title),
      ...preflightBlocks(w, result),
      // The options as /gateway test-tls and /gateway set spell them (command words, not sentences).
      context(
        `\`tls ${onOff(options.requireTls)} · ca ${onOff(options.requireCaSigned)} · hostname ${onOff(options.validateHostname)} · mx ${onOff(options.mxLookup)}\``,
      ),
    ],
  };
}
