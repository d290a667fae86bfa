// The verdict Google would reach for a route, from what the probes observed. Pure: no I/O, no clock.
//
// The options nest in the Admin console: "Require CA signed certificate" applies only while TLS is
// required, and "Validate certificate hostname" only while a CA-signed certificate is required.
// A target that fails before TLS matters (refused, timeout, rejected greeting) bounces whatever the
// options. With TLS not required, Gmail falls back to plain text when STARTTLS is missing or fails.
// A route delivers when at least one of its targets does (the sender tries the next MX host or
// address); failing targets are reported as warnings.
import { type TlsMessage, tlsMessage } from './messages.ts';
import type {
  Cause,
  ChainProblemKind,
  EffectiveOptions,
  OptionEffect,
  RouteOption,
  TargetFacts,
  TargetResult,
  Verdict,
} from './types.ts';
import { ROUTE_OPTIONS } from './types.ts';

export interface OptionSwitches {
  requireTls: boolean;
  requireCaSigned: boolean;
  validateHostname: boolean;
}

export function effectiveOptions(options: OptionSwitches): EffectiveOptions {
  const requireCaSigned = options.requireTls && options.requireCaSigned;
  return {
    requireTls: options.requireTls,
    requireCaSigned,
    validateHostname: requireCaSigned && options.validateHostname,
  };
}

const TLS_STAGES = new Set(['starttls', 'handshake']);

const NO_CERTIFICATE = tlsMessage('cause.noCertificate');

function caMessage(facts: TargetFacts): TlsMessage {
  const certificate = facts.certificate;
  if (!certificate) return NO_CERTIFICATE;
  const reasons = certificate.publicRoots.problems.map((problem) => problem.message);
  const extra = certificate.withExtraCa;
  if (extra?.verified) {
    return tlsMessage('cause.notCaSignedExtraCa', { reasons, anchor: extra.anchor ?? '' });
  }
  return tlsMessage(extra ? 'cause.notCaSignedNotExtraCa' : 'cause.notCaSigned', { reasons });
}

const PROBLEM_HEADLINE = {
  'self-signed': 'headline.selfSigned',
  'unknown-issuer': 'headline.unknownIssuer',
  'missing-intermediate': 'headline.missingIntermediate',
  expired: 'headline.expired',
  'not-yet-valid': 'headline.notYetValid',
} as const satisfies Record<ChainProblemKind, string>;

function caHeadline(facts: TargetFacts): TlsMessage {
  const first = facts.certificate?.publicRoots.problems[0];
  if (!first) return NO_CERTIFICATE;
  const headline = tlsMessage(PROBLEM_HEADLINE[first.kind]);
  return facts.certificate?.withExtraCa?.verified
    ? tlsMessage('headline.onlyExtraCa', { reason: headline })
    : headline;
}

function nameHeadline(facts: TargetFacts): TlsMessage {
  const name = facts.certificate?.name;
  if (!name) return NO_CERTIFICATE;
  return tlsMessage('headline.wrongName', { name: name.checkedName, names: name.names });
}

export interface TargetJudgement {
  verdict: Verdict;
  plaintext: boolean;
  causes: Cause[];
}

export function judgeTarget(facts: TargetFacts, options: EffectiveOptions): TargetJudgement {
  const target = facts.label;
  const failure = facts.failure;
  if (failure && !TLS_STAGES.has(failure.stage)) {
    return {
      verdict: 'bounce',
      plaintext: false,
      causes: [{ option: 'connect', message: failure.message, headline: failure.message, target }],
    };
  }
  if (failure || !facts.tls) {
    const message = failure?.message ?? tlsMessage('cause.noTls');
    if (options.requireTls) {
      return {
        verdict: 'bounce',
        plaintext: false,
        causes: [
          {
            option: 'requireTls',
            message: tlsMessage('cause.tlsRequired', { reason: message }),
            headline: message,
            target,
          },
        ],
      };
    }
    return { verdict: 'deliver', plaintext: true, causes: [] };
  }
  const causes: Cause[] = [];
  if (options.requireCaSigned && !facts.certificate?.caSigned) {
    causes.push({
      option: 'requireCaSigned',
      message: caMessage(facts),
      headline: caHeadline(facts),
      target,
    });
  }
  if (options.validateHostname && !facts.certificate?.name.matches) {
    causes.push({
      option: 'validateHostname',
      message: facts.certificate?.name.message ?? NO_CERTIFICATE,
      headline: nameHeadline(facts),
      target,
    });
  }
  return { verdict: causes.length > 0 ? 'bounce' : 'deliver', plaintext: false, causes };
}

export interface RouteJudgement {
  verdict: Verdict;
  causes: Cause[];
  warnings: TlsMessage[];
  targets: TargetResult[];
}

export function judgeRoute(
  targets: TargetFacts[],
  switches: OptionSwitches,
  resolutionError?: TlsMessage,
): RouteJudgement {
  const options = effectiveOptions(switches);
  const judged = targets.map((facts) => ({ ...facts, ...judgeTarget(facts, options) }));
  const warnings: TlsMessage[] = [];
  if (judged.length === 0) {
    const message = resolutionError ?? tlsMessage('cause.noAddress');
    return {
      verdict: 'bounce',
      causes: [{ option: 'connect', message, headline: message }],
      warnings,
      targets: judged,
    };
  }
  if (resolutionError) warnings.push(resolutionError);
  const delivering = judged.filter((target) => target.verdict === 'deliver');
  if (delivering.length === 0) {
    return {
      verdict: 'bounce',
      causes: judged.flatMap((target) => target.causes),
      warnings,
      targets: judged,
    };
  }
  for (const target of judged) {
    if (target.verdict === 'bounce') {
      const reasons = target.causes.map((cause) => cause.message);
      warnings.push(tlsMessage('warning.refuses', { target: target.label, reasons }));
    } else if (target.plaintext) {
      warnings.push(
        tlsMessage('warning.plaintext', {
          target: target.label,
          reason: target.failure?.message ?? tlsMessage('warning.noTls'),
        }),
      );
    }
  }
  return { verdict: 'deliver', causes: [], warnings, targets: judged };
}

/** For each option: the verdict with it on and with it off, the other options as configured. */
export function optionEffects(
  targets: TargetFacts[],
  switches: OptionSwitches,
  resolutionError?: TlsMessage,
): OptionEffect[] {
  const effective = effectiveOptions(switches);
  return ROUTE_OPTIONS.map((option: RouteOption) => ({
    option,
    enabled: switches[option],
    effective: effective[option],
    verdictIfOn: judgeRoute(targets, { ...switches, [option]: true }, resolutionError).verdict,
    verdictIfOff: judgeRoute(targets, { ...switches, [option]: false }, resolutionError).verdict,
    consequenceIfOff: tlsMessage('consequence.ifOff', {
      option: tlsMessage(`option.${option}`),
      consequence: tlsMessage(`consequence.${option}`),
    }),
  }));
}
