// Certificate path building and verification against a set of trust anchors, with the reason when
// it fails. Pure: the time is passed in. The chain is the one the server sent, leaf first.
//
// "Missing intermediate" versus "unknown issuer": public roots never sign server certificates
// directly (CA/Browser Forum Baseline Requirements), so when the server sent no CA certificate at all
// and the leaf's issuer is not a trusted root, the intermediate is what is missing. When the server
// did send CA certificates and the top one's issuer is unknown, the issuer itself is not trusted.
import type { X509Certificate } from 'node:crypto';
import { isSelfSigned, oneLineName, validFromDate, validToDate } from './certificate-info.ts';
import { tlsMessage } from './messages.ts';
import type { TrustAnchors } from './trust-store.ts';
import type { ChainCheck, ChainProblem } from './types.ts';

const MAX_DEPTH = 10;

function issues(issuer: X509Certificate, subject: X509Certificate): boolean {
  return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
}

function dateProblems(path: X509Certificate[], now: Date): ChainProblem[] {
  const problems: ChainProblem[] = [];
  for (const [index, certificate] of path.entries()) {
    const leaf = index === 0;
    const subject = oneLineName(certificate.subject);
    const notAfter = validToDate(certificate);
    const notBefore = validFromDate(certificate);
    if (now > notAfter) {
      problems.push({
        kind: 'expired',
        certificate: subject,
        message: tlsMessage(leaf ? 'problem.expiredLeaf' : 'problem.expiredCa', {
          subject,
          date: notAfter.toISOString(),
        }),
      });
    } else if (now < notBefore) {
      problems.push({
        kind: 'not-yet-valid',
        certificate: subject,
        message: tlsMessage(leaf ? 'problem.notYetValidLeaf' : 'problem.notYetValidCa', {
          subject,
          date: notBefore.toISOString(),
        }),
      });
    }
  }
  return problems;
}

export function verifyChain(sent: X509Certificate[], anchors: TrustAnchors, now: Date): ChainCheck {
  const leaf = sent[0];
  if (!leaf) {
    return {
      verified: false,
      problems: [{ kind: 'unknown-issuer', certificate: '', message: tlsMessage('problem.noCertificate') }],
    };
  }
  const path: X509Certificate[] = [leaf];
  const problems: ChainProblem[] = [];
  let anchor: X509Certificate | undefined;

  let current = leaf;
  if (anchors.fingerprints.has(leaf.fingerprint256)) anchor = leaf;
  while (!anchor && path.length <= MAX_DEPTH) {
    const issuerAnchor = anchors.certificates.find((candidate) => issues(candidate, current));
    if (issuerAnchor) {
      if (issuerAnchor.fingerprint256 !== current.fingerprint256) path.push(issuerAnchor);
      anchor = issuerAnchor;
      break;
    }
    const subject = oneLineName(current.subject);
    if (isSelfSigned(current)) {
      problems.push(
        path.length === 1
          ? {
              kind: 'self-signed',
              certificate: subject,
              message: tlsMessage('problem.selfSigned', { subject }),
            }
          : {
              kind: 'unknown-issuer',
              certificate: subject,
              message: tlsMessage('problem.untrustedRoot', { subject }),
            },
      );
      break;
    }
    const next = sent.find(
      (candidate) => !path.includes(candidate) && candidate.ca && issues(candidate, current),
    );
    if (next) {
      path.push(next);
      current = next;
      continue;
    }
    const issuer = oneLineName(current.issuer);
    problems.push(
      path.length === 1 && !sent.some((certificate) => certificate !== leaf && certificate.ca)
        ? {
            kind: 'missing-intermediate',
            certificate: subject,
            message: tlsMessage('problem.missingIntermediate', { issuer }),
          }
        : {
            kind: 'unknown-issuer',
            certificate: subject,
            message: tlsMessage('problem.unknownIssuer', { issuer, subject }),
          },
    );
    break;
  }
  if (!anchor && problems.length === 0) {
    problems.push({
      kind: 'unknown-issuer',
      certificate: oneLineName(leaf.subject),
      message: tlsMessage('problem.tooLong', { max: MAX_DEPTH }),
    });
  }

  problems.push(...dateProblems(path, now));
  return {
    verified: anchor !== undefined && problems.length === 0,
    ...(anchor ? { anchor: oneLineName(anchor.subject) } : {}),
    problems,
  };
}
