// The one line a person reads first, as a code with its facts.
import { type TlsMessage, tlsMessage } from './messages.ts';
import type { TlsTestResult } from './types.ts';

export function summarise(result: Omit<TlsTestResult, 'summary'>): TlsMessage {
  const { host, port, mxLookup } = result.route;
  const where = tlsMessage(mxLookup ? 'summary.whereMx' : 'summary.where', { host, port });
  if (result.verdict === 'bounce') {
    const first = result.causes[0];
    let because: TlsMessage = first
      ? first.option === 'connect'
        ? first.headline
        : tlsMessage('summary.optionOn', {
            reason: first.headline,
            option: tlsMessage(`option.${first.option}`),
          })
      : tlsMessage('summary.noTarget');
    if (first?.target && result.targets.length > 1) {
      because = tlsMessage('summary.at', { target: first.target, reason: because });
    }
    const more = result.causes.length - 1;
    const summary =
      more > 0
        ? tlsMessage('summary.bounceMore', { where, because, count: more })
        : tlsMessage('summary.bounce', { where, because });
    // What Google's own "Test TLS connection" shows when the certificate is the reason.
    return first?.option === 'requireCaSigned' || first?.option === 'validateHostname'
      ? tlsMessage('summary.certificate', { summary })
      : summary;
  }
  const passing = result.targets.filter((target) => target.verdict === 'deliver');
  const encrypted = passing.some((target) => !target.plaintext);
  const how = tlsMessage(
    !encrypted
      ? 'summary.plain'
      : result.effectiveOptions.validateHostname
        ? 'summary.rightName'
        : result.effectiveOptions.requireCaSigned
          ? 'summary.caSigned'
          : 'summary.tls',
  );
  return result.targets.length > 1
    ? tlsMessage('summary.deliverSome', {
        where,
        how,
        passing: passing.length,
        total: result.targets.length,
      })
    : tlsMessage('summary.deliver', { where, how });
}
