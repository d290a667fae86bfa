// The verdict Google would reach for a route, from what the probes observed. Pure: no I/O, no clock.
//
// The options nest in the Admin console: "Require CA signed certificate" applies only while TLS is
// required, and "Validate certificate hostname" only while a CA-signed certificate is required.
// A target that fails before TLS matters (refused, timeout, rejected greeting) bounces whatever the
// options. With TLS not required, Gmail falls back to plain text when STARTTLS is missing or fails.
// A route delivers when at least one of its targets does (the sender tries the next MX host or
// address); failing targets are reported as warnings.
import { CONSEQUENCE_IF_OFF, OPTION_LABEL } from './option-labels.ts';
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

function caMessage(facts: TargetFacts): string {
  const certificate = facts.certificate;
  if (!certificate) return 'the server presented no certificate';
  const reasons = certificate.publicRoots.problems.map((problem) => problem.message).join('; ');
  let message = `the certificate does not verify against the public roots Google trusts: ${reasons}`;
  const extra = certificate.withExtraCa;
  if (extra?.verified) {
    message += `. It does verify against the extra CA you gave (${extra.anchor}), but Google trusts only public CAs, so for Google it is not CA-signed`;
  } else if (extra) {
    message += `. It does not verify against the extra CA you gave either`;
  }
  return message;
}

const PROBLEM_HEADLINE: Record<ChainProblemKind, string> = {
  'self-signed': 'the certificate is self-signed',
  'unknown-issuer': 'the certificate is not from a publicly trusted CA',
  'missing-intermediate': 'the server does not send the intermediate certificate',
  expired: 'the certificate has expired',
  'not-yet-valid': 'the certificate is not valid yet',
};

function caHeadline(facts: TargetFacts): string {
  const first = facts.certificate?.publicRoots.problems[0];
  if (!first) return 'the server presented no certificate';
  return facts.certificate?.withExtraCa?.verified
    ? `${PROBLEM_HEADLINE[first.kind]} (it verifies only against the extra CA)`
    : PROBLEM_HEADLINE[first.kind];
}

function nameHeadline(facts: TargetFacts): string {
  const name = facts.certificate?.name;
  if (!name) return 'the server presented no certificate';
  return `the certificate is not for ${name.checkedName} (it carries ${name.names.join(', ') || 'no names'})`;
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
    const message = failure?.message ?? 'no TLS session was established';
    if (options.requireTls) {
      return {
        verdict: 'bounce',
        plaintext: false,
        causes: [
          { option: 'requireTls', message: `TLS is required but ${message}`, headline: message, target },
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
      message: facts.certificate?.name.message ?? 'the server presented no certificate',
      headline: nameHeadline(facts),
      target,
    });
  }
  return { verdict: causes.length > 0 ? 'bounce' : 'deliver', plaintext: false, causes };
}

export interface RouteJudgement {
  verdict: Verdict;
  causes: Cause[];
  warnings: string[];
  targets: TargetResult[];
}

export function judgeRoute(
  targets: TargetFacts[],
  switches: OptionSwitches,
  resolutionError?: string,
): RouteJudgement {
  const options = effectiveOptions(switches);
  const judged = targets.map((facts) => ({ ...facts, ...judgeTarget(facts, options) }));
  const warnings: string[] = [];
  if (judged.length === 0) {
    const message = resolutionError ?? 'the route has no address to send to';
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
      const reasons = target.causes.map((cause) => cause.message).join('; ');
      warnings.push(
        `${target.label} would refuse the mail (${reasons}); Gmail falls back to the other targets`,
      );
    } else if (target.plaintext) {
      warnings.push(
        `mail to ${target.label} would travel unencrypted: ${target.failure?.message ?? 'no TLS'}`,
      );
    }
  }
  return { verdict: 'deliver', causes: [], warnings, targets: judged };
}

/** For each option: the verdict with it on and with it off, the other options as configured. */
export function optionEffects(
  targets: TargetFacts[],
  switches: OptionSwitches,
  resolutionError?: string,
): OptionEffect[] {
  const effective = effectiveOptions(switches);
  return ROUTE_OPTIONS.map((option: RouteOption) => ({
    option,
    enabled: switches[option],
    effective: effective[option],
    verdictIfOn: judgeRoute(targets, { ...switches, [option]: true }, resolutionError).verdict,
    verdictIfOff: judgeRoute(targets, { ...switches, [option]: false }, resolutionError).verdict,
    consequenceIfOff: `${OPTION_LABEL[option]} off: ${CONSEQUENCE_IF_OFF[option]}`,
  }));
}
