// What to do about each failure, most preferred first. Fixing the server comes before asking the
// relay provider, and turning a route option off always comes last, with what it costs. Pure.

import { type TlsMessage, tlsMessage } from './messages.ts';
import { replyText } from './smtp-reply-reader.ts';
import type { ChainProblemKind, OptionEffect, RouteOption, TargetResult } from './types.ts';

export interface RemedyInput {
  routeHost: string;
  port: number;
  mxLookup: boolean;
  targets: TargetResult[];
  options: OptionEffect[];
  resolutionError?: TlsMessage;
  verdict: 'deliver' | 'bounce';
}

/** The DNS name whose SPF (TXT) record lists Google's outbound mail servers. */
const GOOGLE_SPF = '_spf.google.com';

/** Turning off the option that loses the least protection is offered first. */
const OFF_ORDER: RouteOption[] = ['validateHostname', 'requireCaSigned', 'requireTls'];

function problemKinds(target: TargetResult): Set<ChainProblemKind> {
  return new Set(target.certificate?.publicRoots.problems.map((problem) => problem.kind) ?? []);
}

export function remediesFor(input: RemedyInput): TlsMessage[] {
  const failing = input.targets.filter((target) => target.verdict === 'bounce');
  const remedies: TlsMessage[] = [];
  const seen = new Set<string>();
  const add = (remedy: TlsMessage) => {
    const key = JSON.stringify(remedy);
    if (seen.has(key)) return;
    seen.add(key);
    remedies.push(remedy);
  };
  const host = input.routeHost;

  if (input.resolutionError && input.targets.length === 0) {
    add(tlsMessage(input.mxLookup ? 'remedy.publishMx' : 'remedy.publishAddress', { host }));
  }

  // 1. Use a name the certificate carries.
  for (const target of failing) {
    const name = target.certificate?.name;
    if (!name || name.matches || !target.causes.some((cause) => cause.option === 'validateHostname'))
      continue;
    add(
      target.mx
        ? tlsMessage('remedy.mxToCertificateName', { host, mxHost: target.mx.host, names: name.names })
        : tlsMessage('remedy.certificateName', { names: name.names, name: name.checkedName }),
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
      add(
        anchor
          ? tlsMessage('remedy.publicCaPrivateIssuer', { name: target.expectedName, anchor })
          : tlsMessage('remedy.publicCa', { name: target.expectedName }),
      );
    }
  }

  // 3. Send the missing intermediate.
  for (const target of failing) {
    if (!problemKinds(target).has('missing-intermediate')) continue;
    const issuer = target.certificate?.chain[0]?.issuer ?? '';
    add(tlsMessage('remedy.intermediate', { name: target.expectedName, issuer }));
  }

  // 4. Renew, or fix the dates.
  for (const target of failing) {
    const kinds = problemKinds(target);
    const leaf = target.certificate?.chain[0];
    if (kinds.has('expired')) {
      add(tlsMessage('remedy.renew', { name: target.expectedName, date: leaf?.validTo ?? '' }));
    }
    if (kinds.has('not-yet-valid')) {
      add(tlsMessage('remedy.notYetValid', { name: target.expectedName, date: leaf?.validFrom ?? '' }));
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
          add(tlsMessage('remedy.openPort', { port: target.port, address: target.address, spf: GOOGLE_SPF }));
        } else {
          add(tlsMessage('remedy.checkTls', { target: target.label, reason: failure.message }));
        }
        break;
      case 'banner-rejected':
        add(
          tlsMessage('remedy.allowGoogle', {
            target: target.label,
            reply: target.banner ? replyText(target.banner) : '',
            spf: GOOGLE_SPF,
          }),
        );
        break;
      case 'ehlo-rejected':
        add(tlsMessage('remedy.acceptEhlo', { target: target.label }));
        break;
      case 'starttls-not-offered':
        add(tlsMessage('remedy.turnOnStarttls', { target: target.label }));
        break;
      case 'starttls-refused':
        add(
          tlsMessage('remedy.starttlsRefused', {
            target: target.label,
            reply: target.starttlsReply ? replyText(target.starttlsReply) : '',
          }),
        );
        break;
      case 'tls-handshake':
        add(tlsMessage('remedy.handshake', { target: target.label, reason: failure.message }));
        break;
      default:
        break;
    }
  }

  // 6. The relay provider.
  if (failing.length > 0 || remedies.length > 0) {
    add(tlsMessage('remedy.provider', { host }));
  }

  // 7. Last resort: turn an option off, only when that alone would change the verdict.
  if (input.verdict === 'bounce') {
    for (const option of OFF_ORDER) {
      const effect = input.options.find((candidate) => candidate.option === option);
      if (!effect?.enabled || !effect.effective || effect.verdictIfOff !== 'deliver') continue;
      add(
        tlsMessage('remedy.lastResort', {
          option: tlsMessage(`option.${option}`),
          consequence: tlsMessage(`consequence.${option}`),
        }),
      );
    }
  }
  return remedies;
}
