// The result as plain text for a terminal (and the CLI), in the translator's language. The
// translator should be a plain one (createTranslator(locale, 'plain')): a terminal needs no escaping.
import { createTranslator, type Translator } from '../i18n/translator.ts';
import { renderTlsMessage, tlsMessage } from './messages.ts';
import { replyText } from './smtp-reply-reader.ts';
import type { ChainCheck, TargetResult, TlsTestResult, Verdict } from './types.ts';

const ENGLISH = createTranslator('en', 'plain');
const ms = (value: number | undefined) => (value === undefined ? '' : ` (${value} ms)`);

// East Asian wide characters take two columns in a terminal: pad by columns, not characters.
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/gu;
const columnsOf = (text: string) => text.length + (text.match(WIDE)?.length ?? 0);
const pad = (text: string, columns: number) => text + ' '.repeat(Math.max(0, columns - columnsOf(text)));

function chainCheckLine(w: Translator, check: ChainCheck): string {
  if (check.verified) return w.t('tls.text.verified', { anchor: check.anchor ?? '' });
  const reasons = check.problems.map((problem) => problem.message);
  return renderTlsMessage(w, tlsMessage('text.notVerified', { reasons }));
}

function renderTarget(w: Translator, target: TargetResult): string[] {
  const row = (label: string, value: string, indent = '    ') => `${indent}${pad(label, 12)} ${value}`;
  const verdict = w.t(target.verdict === 'deliver' ? 'tls.text.deliver' : 'tls.text.bounce');
  const lines = [`  ${target.label}  ${verdict}${target.plaintext ? w.t('tls.text.unencrypted') : ''}`];
  const t = target.timings;
  if (target.mx) {
    lines.push(
      row(
        w.t('tls.text.mxHost'),
        w.t('tls.text.mxHostValue', { host: target.mx.host, preference: target.mx.preference }),
      ),
    );
  }
  if (t.connectMs !== undefined) lines.push(row(w.t('tls.text.connect'), `${t.connectMs} ms`));
  if (target.banner) lines.push(row(w.t('tls.text.banner'), `${replyText(target.banner)}${ms(t.bannerMs)}`));
  if (target.ehlo) {
    lines.push(
      row(w.t('tls.text.ehlo'), `${target.ehlo.code} ${target.extensions.join(' ')}${ms(t.ehloMs)}`),
    );
  }
  if (target.starttlsOffered !== undefined) {
    const reply = target.starttlsReply
      ? `${w.t('tls.text.answered', { reply: replyText(target.starttlsReply) })}${ms(t.starttlsMs)}`
      : '';
    const offered = w.t(target.starttlsOffered ? 'tls.text.offered' : 'tls.text.notOffered');
    lines.push(row(w.t('tls.text.starttls'), `${offered}${reply}`));
  }
  if (target.tls) {
    lines.push(
      row(
        w.t('tls.text.tlsRow'),
        `${target.tls.protocol} ${target.tls.standardName ?? target.tls.cipher}${ms(t.handshakeMs)}`,
      ),
    );
  }
  if (target.failure) {
    lines.push(
      row(
        w.t('tls.text.failed'),
        renderTlsMessage(
          w,
          tlsMessage('text.failedValue', {
            stage: tlsMessage(`waiting.${target.failure.stage}`),
            reason: target.failure.message,
          }),
        ),
      ),
    );
  }
  const certificate = target.certificate;
  if (certificate) {
    lines.push(`    ${w.t('tls.text.certificates')}`);
    for (const [index, info] of certificate.chain.entries()) {
      const sub = (label: string, value: string) => `         ${pad(label, 8)} ${value}`;
      lines.push(`      ${index}. ${info.subject}${info.selfSigned ? w.t('tls.text.selfSigned') : ''}`);
      lines.push(sub(w.t('tls.text.issuer'), info.issuer));
      if (info.altNames.length > 0) lines.push(sub(w.t('tls.text.names'), info.altNames.join(', ')));
      lines.push(sub(w.t('tls.text.valid'), `${info.validFrom} .. ${info.validTo}`));
      lines.push(sub('SHA-256', info.fingerprintSha256));
    }
    lines.push(row(w.t('tls.text.publicRoots'), chainCheckLine(w, certificate.publicRoots)));
    if (certificate.withExtraCa) {
      lines.push(row(w.t('tls.text.extraCa'), chainCheckLine(w, certificate.withExtraCa)));
    }
    const name = certificate.name;
    lines.push(
      row(
        w.t('tls.text.hostName'),
        name.matches
          ? w.t('tls.text.nameOk', { name: name.checkedName })
          : w.t('tls.text.nameNo', { reason: name.message ? renderTlsMessage(w, name.message) : '' }),
      ),
    );
    lines.push(row(w.t('tls.text.expiresIn'), w.t('tls.text.days', { count: certificate.daysToExpiry })));
  }
  lines.push(row(w.t('tls.text.total'), `${t.totalMs} ms`));
  return lines;
}

export function renderTlsText(result: TlsTestResult, w: Translator = ENGLISH): string {
  const route = result.route;
  const onOff = (value: boolean) => w.t(value ? 'tls.text.on' : 'tls.text.off');
  const verdictWord = (verdict: Verdict) => w.t(`tls.verdict.${verdict}`);
  const lines = [
    w.t('tls.text.headline', {
      verdict: w.t(result.verdict === 'deliver' ? 'tls.text.deliver' : 'tls.text.bounce'),
      summary: renderTlsMessage(w, result.summary),
    }),
    '',
    w.t(result.extraCaGiven ? 'tls.text.routeExtraCa' : 'tls.text.route', {
      host: route.host,
      port: route.port,
      mx: onOff(route.mxLookup),
      tls: onOff(route.requireTls),
      ca: onOff(route.requireCaSigned),
      hostname: onOff(route.validateHostname),
    }),
    w.t('tls.text.testedAt', { at: result.testedAt, ms: result.durationMs }),
  ];
  if (result.causes.length > 0) {
    lines.push('', w.t('tls.text.causes'));
    for (const cause of result.causes) {
      const option =
        cause.option === 'connect' ? w.t('tls.text.connection') : w.t(`tls.option.${cause.option}`);
      lines.push(
        `  - [${option}] ${cause.target ? `${cause.target}: ` : ''}${renderTlsMessage(w, cause.message)}`,
      );
    }
  }
  if (result.warnings.length > 0) {
    lines.push('', w.t('tls.text.warnings'));
    for (const warning of result.warnings) lines.push(`  - ${renderTlsMessage(w, warning)}`);
  }
  if (result.remedies.length > 0) {
    lines.push('', w.t('tls.text.remedies'));
    for (const [index, remedy] of result.remedies.entries()) {
      lines.push(`  ${index + 1}. ${renderTlsMessage(w, remedy)}`);
    }
  }
  lines.push('', w.t('tls.text.options'));
  const labelColumns = Math.max(
    32,
    ...result.options.map((e) => columnsOf(w.t(`tls.option.${e.option}`)) + 1),
  );
  for (const effect of result.options) {
    const note = effect.enabled && !effect.effective ? w.t('tls.text.noEffect') : '';
    const verdicts = w.t('tls.text.optionVerdicts', {
      on: verdictWord(effect.verdictIfOn),
      off: verdictWord(effect.verdictIfOff),
    });
    lines.push(
      `  ${pad(w.t(`tls.option.${effect.option}`), labelColumns)} ${pad(onOff(effect.enabled), 3)}  ${verdicts}${note}`,
    );
  }
  if (result.resolution.mxHosts && result.resolution.mxHosts.length > 0) {
    lines.push('', w.t('tls.text.mxHosts'));
    for (const mx of result.resolution.mxHosts) {
      lines.push(`  ${mx.preference} ${mx.host} ${mx.addresses.join(', ') || w.t('tls.text.noAddress')}`);
    }
  }
  if (result.targets.length > 0) {
    lines.push('', w.t('tls.text.targets'));
    for (const target of result.targets) lines.push(...renderTarget(w, target));
  }
  return `${lines.join('\n')}\n`;
}
