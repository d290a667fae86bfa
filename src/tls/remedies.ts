// What to do about each failure, most preferred first. Fixing the server comes before asking the
// relay provider, and turning a route option off always comes last, with what it costs. Pure.

import { CONSEQUENCE_IF_OFF, OPTION_LABEL } from './option-labels.ts';
import { replyText } from './smtp-reply-reader.ts';
import type { ChainProblemKind, OptionEffect, RouteOption, TargetResult } from './types.ts';

export interface RemedyInput {
  routeHost: string;
  port: number;
  mxLookup: boolean;
  targets: TargetResult[];
  options: OptionEffect[];
  resolutionError?: string;
  verdict: 'deliver' | 'bounce';
}

/** Turning off the option that loses the least protection is offered first. */
const OFF_ORDER: RouteOption[] = ['validateHostname', 'requireCaSigned', 'requireTls'];

function problemKinds(target: TargetResult): Set<ChainProblemKind> {
  return new Set(target.certificate?.publicRoots.problems.map((problem) => problem.kind) ?? []);
}

export function remediesFor(input: RemedyInput): string[] {
  const failing = input.targets.filter((target) => target.verdict === 'bounce');
  const remedies: string[] = [];
  const add = (text: string) => {
    if (!remedies.includes(text)) remedies.push(text);
  };

  if (input.resolutionError && input.targets.length === 0) {
    add(
      input.mxLookup
        ? `Publish MX records for ${input.routeHost} whose hosts have A/AAAA records, or turn MX lookup off and give the gateway's own host name.`
        : `Publish an A or AAAA record for ${input.routeHost}, or correct the host name in the route.`,
    );
  }

  // 1. Use a name the certificate carries.
  for (const target of failing) {
    const name = target.certificate?.name;
    if (!name || name.matches || !target.causes.some((cause) => cause.option === 'validateHostname'))
      continue;
    const carried = name.names.length > 0 ? name.names.join(', ') : 'no names';
    add(
      target.mx
        ? `Make the MX record of ${input.routeHost} point to a name on the certificate of ${target.mx.host} (it carries ${carried}), or turn MX lookup off and route to one of those names.`
        : `Route to a host name that is on the certificate: it carries ${carried}, the route uses ${name.checkedName}.`,
    );
  }

  // 2. A certificate from a public CA, with the right name.
  for (const target of failing) {
    const kinds = problemKinds(target);
    const untrusted = kinds.has('self-signed') || kinds.has('unknown-issuer');
    const caCause = target.causes.some((cause) => cause.option === 'requireCaSigned');
    const nameCause = target.causes.some((cause) => cause.option === 'validateHostname');
    if ((caCause && untrusted) || nameCause) {
      const anchor = target.certificate?.withExtraCa?.verified
        ? target.certificate.withExtraCa.anchor
        : undefined;
      const privateCa = anchor ? ` (its issuer ${anchor} is trusted by you, not by Google)` : '';
      add(
        `Install on ${target.expectedName} a certificate from a publicly trusted CA that names ${target.expectedName}${privateCa}.`,
      );
    }
  }

  // 3. Send the missing intermediate.
  for (const target of failing) {
    if (!problemKinds(target).has('missing-intermediate')) continue;
    const issuer = target.certificate?.chain[0]?.issuer ?? 'its issuer';
    add(
      `Configure ${target.expectedName} to send the intermediate certificate(s) after its own (the "full chain" file): the certificate of ${issuer} is missing.`,
    );
  }

  // 4. Renew, or fix the dates.
  for (const target of failing) {
    const kinds = problemKinds(target);
    const leaf = target.certificate?.chain[0];
    if (kinds.has('expired')) {
      add(
        `Renew the certificate of ${target.expectedName} (it expired on ${leaf?.validTo}) and install the new one.`,
      );
    }
    if (kinds.has('not-yet-valid')) {
      add(
        `The certificate of ${target.expectedName} is not valid before ${leaf?.validFrom}: install one valid now, and check the clocks of the server and of the CA that issued it.`,
      );
    }
  }

  // 5. Reachability and STARTTLS.
  for (const target of failing) {
    const failure = target.failure;
    if (!failure) continue;
    switch (failure.kind) {
      case 'refused':
      case 'timeout':
      case 'network':
      case 'closed':
        if (failure.stage === 'connect' || failure.stage === 'banner' || failure.stage === 'ehlo') {
          add(
            `Open port ${target.port} on ${target.label} to Google's mail servers (the ranges in the TXT record of _spf.google.com) and make sure a mail server answers there.`,
          );
        } else {
          add(`Check the TLS set-up of ${target.label}: ${failure.message}.`);
        }
        break;
      case 'banner-rejected':
        add(
          `${target.label} turns the connection away (${target.banner ? replyText(target.banner) : failure.message}): allow Google's mail servers (the ranges in the TXT record of _spf.google.com) to connect.`,
        );
        break;
      case 'ehlo-rejected':
        add(`${target.label} rejects EHLO: let it accept EHLO from Google's mail servers.`);
        break;
      case 'starttls-not-offered':
        add(
          `Turn on STARTTLS on ${target.label}, with a certificate, so that it offers STARTTLS after EHLO.`,
        );
        break;
      case 'starttls-refused':
        add(
          `${target.label} offers STARTTLS but refuses it (${target.starttlsReply ? replyText(target.starttlsReply) : failure.message}): check its certificate and key settings.`,
        );
        break;
      case 'tls-handshake':
        add(
          `Let ${target.label} complete a TLS 1.2 or 1.3 handshake with current cipher suites (${failure.message}).`,
        );
        break;
      default:
        break;
    }
  }

  // 6. The relay provider.
  if (failing.length > 0 || remedies.length > 0) {
    add(
      `If a relay service runs ${input.routeHost}, send them this report: the fix belongs on their server.`,
    );
  }

  // 7. Last resort: turn an option off, only when that alone would change the verdict.
  if (input.verdict === 'bounce') {
    for (const option of OFF_ORDER) {
      const effect = input.options.find((candidate) => candidate.option === option);
      if (!effect?.enabled || !effect.effective || effect.verdictIfOff !== 'deliver') continue;
      add(
        `Last resort: turn off "${OPTION_LABEL[option]}". Mail would then be delivered, but ${CONSEQUENCE_IF_OFF[option]}.`,
      );
    }
  }
  return remedies;
}
