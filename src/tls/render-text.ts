// The result as plain text for a terminal (and the CLI).
import { OPTION_LABEL } from './option-labels.ts';
import { replyText } from './smtp-reply-reader.ts';
import type { ChainCheck, TargetResult, TlsTestResult } from './types.ts';

const onOff = (value: boolean) => (value ? 'on' : 'off');
const ms = (value: number | undefined) => (value === undefined ? '' : ` (${value} ms)`);

function chainCheckLine(check: ChainCheck): string {
  if (check.verified) return `verified (root ${check.anchor})`;
  return `NOT verified: ${check.problems.map((problem) => problem.message).join('; ')}`;
}

function renderTarget(target: TargetResult): string[] {
  const lines = [
    `  ${target.label}  ${target.verdict.toUpperCase()}${target.plaintext ? ' (unencrypted)' : ''}`,
  ];
  const t = target.timings;
  if (target.mx) lines.push(`    MX host      ${target.mx.host} (preference ${target.mx.preference})`);
  if (t.connectMs !== undefined) lines.push(`    connect      ${t.connectMs} ms`);
  if (target.banner) lines.push(`    banner       ${replyText(target.banner)}${ms(t.bannerMs)}`);
  if (target.ehlo)
    lines.push(`    EHLO         ${target.ehlo.code} ${target.extensions.join(' ')}${ms(t.ehloMs)}`);
  if (target.starttlsOffered !== undefined) {
    const reply = target.starttlsReply
      ? `, answered ${replyText(target.starttlsReply)}${ms(t.starttlsMs)}`
      : '';
    lines.push(`    STARTTLS     ${target.starttlsOffered ? 'offered' : 'not offered'}${reply}`);
  }
  if (target.tls) {
    lines.push(
      `    TLS          ${target.tls.protocol} ${target.tls.standardName ?? target.tls.cipher}${ms(t.handshakeMs)}`,
    );
  }
  if (target.failure) lines.push(`    failed       at ${target.failure.stage}: ${target.failure.message}`);
  const certificate = target.certificate;
  if (certificate) {
    lines.push('    certificates (leaf first, as sent)');
    for (const [index, info] of certificate.chain.entries()) {
      lines.push(`      ${index}. ${info.subject}${info.selfSigned ? ' (self-signed)' : ''}`);
      lines.push(`         issuer   ${info.issuer}`);
      if (info.altNames.length > 0) lines.push(`         names    ${info.altNames.join(', ')}`);
      lines.push(`         valid    ${info.validFrom} .. ${info.validTo}`);
      lines.push(`         SHA-256  ${info.fingerprintSha256}`);
    }
    lines.push(`    public roots ${chainCheckLine(certificate.publicRoots)}`);
    if (certificate.withExtraCa) lines.push(`    extra CA     ${chainCheckLine(certificate.withExtraCa)}`);
    const name = certificate.name;
    lines.push(
      `    host name    ${name.matches ? `${name.checkedName} is on the certificate` : `NO: ${name.message}`}`,
    );
    lines.push(`    expires in   ${certificate.daysToExpiry} days`);
  }
  lines.push(`    total        ${t.totalMs} ms`);
  return lines;
}

export function renderTlsText(result: TlsTestResult): string {
  const route = result.route;
  const lines = [
    `${result.verdict === 'deliver' ? 'DELIVER' : 'BOUNCE'}: ${result.summary}`,
    '',
    `Route: ${route.host} port ${route.port}; MX lookup ${onOff(route.mxLookup)}; ` +
      `TLS ${onOff(route.requireTls)}; CA-signed ${onOff(route.requireCaSigned)}; ` +
      `host name ${onOff(route.validateHostname)}${result.extraCaGiven ? '; extra CA given' : ''}`,
    `Tested at ${result.testedAt} in ${result.durationMs} ms`,
  ];
  if (result.causes.length > 0) {
    lines.push('', 'Why it would bounce:');
    for (const cause of result.causes) {
      const option = cause.option === 'connect' ? 'connection' : OPTION_LABEL[cause.option];
      lines.push(`  - [${option}] ${cause.target ? `${cause.target}: ` : ''}${cause.message}`);
    }
  }
  if (result.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const warning of result.warnings) lines.push(`  - ${warning}`);
  }
  if (result.remedies.length > 0) {
    lines.push('', 'What to do (in this order):');
    for (const [index, remedy] of result.remedies.entries()) lines.push(`  ${index + 1}. ${remedy}`);
  }
  lines.push('', 'Each option and the verdict:');
  for (const effect of result.options) {
    const note = effect.enabled && !effect.effective ? ' (no effect: an option above it is off)' : '';
    lines.push(
      `  ${OPTION_LABEL[effect.option].padEnd(32)} ${onOff(effect.enabled).padEnd(3)}  on: ${effect.verdictIfOn}, off: ${effect.verdictIfOff}${note}`,
    );
  }
  if (result.resolution.mxHosts && result.resolution.mxHosts.length > 0) {
    lines.push('', 'MX hosts:');
    for (const mx of result.resolution.mxHosts) {
      lines.push(`  ${mx.preference} ${mx.host} ${mx.addresses.join(', ') || '(no address)'}`);
    }
  }
  if (result.targets.length > 0) {
    lines.push('', 'Targets:');
    for (const target of result.targets) lines.push(...renderTarget(target));
  }
  return `${lines.join('\n')}\n`;
}
