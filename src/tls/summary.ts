// The one line a person reads first.
import { OPTION_LABEL } from './option-labels.ts';
import type { TlsTestResult } from './types.ts';

export function summarise(result: Omit<TlsTestResult, 'summary'>): string {
  const where = `${result.route.host} port ${result.route.port}${result.route.mxLookup ? ' (MX lookup)' : ''}`;
  if (result.verdict === 'bounce') {
    const first = result.causes[0];
    const because = first
      ? first.option === 'connect'
        ? first.headline
        : `${first.headline} ("${OPTION_LABEL[first.option]}" is on)`
      : 'no target accepts the mail';
    const more = result.causes.length > 1 ? ` (and ${result.causes.length - 1} more)` : '';
    const target = first?.target && result.targets.length > 1 ? `${first.target}: ` : '';
    return `Mail to ${where} would bounce: ${target}${because}${more}.`;
  }
  const passing = result.targets.filter((target) => target.verdict === 'deliver');
  const encrypted = passing.some((target) => !target.plaintext);
  const how = !encrypted
    ? 'without encryption'
    : result.effectiveOptions.validateHostname
      ? 'over TLS with a publicly trusted certificate for the right name'
      : result.effectiveOptions.requireCaSigned
        ? 'over TLS with a publicly trusted certificate'
        : 'over TLS';
  const count =
    result.targets.length > 1 ? ` (${passing.length} of ${result.targets.length} targets pass)` : '';
  return `Mail to ${where} would be delivered ${how}${count}.`;
}
