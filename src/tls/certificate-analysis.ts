// Everything about a server's certificate chain that the verdict needs, computed from the DER
// certificates the server sent. Pure: the time and the trust anchors are passed in.
import { X509Certificate } from 'node:crypto';
import { daysToExpiry, describeCertificate } from './certificate-info.ts';
import { verifyChain } from './chain-verify.ts';
import { checkCertificateName } from './host-name.ts';
import type { TrustAnchors } from './trust-store.ts';
import type { CertificateAnalysis } from './types.ts';

export interface AnalysisInput {
  /** DER certificates, leaf first, as the server sent them. */
  chain: Buffer[];
  expectedName: string;
  now: Date;
  publicAnchors: TrustAnchors;
  /** Public anchors plus the extra CAs; absent when no extra CA was given. */
  extendedAnchors?: TrustAnchors;
}

export function analyseCertificates(input: AnalysisInput): CertificateAnalysis | undefined {
  const certificates = input.chain.map((der) => new X509Certificate(der));
  const leaf = certificates[0];
  if (!leaf) return undefined;
  const publicRoots = verifyChain(certificates, input.publicAnchors, input.now);
  return {
    chain: certificates.map(describeCertificate),
    publicRoots,
    ...(input.extendedAnchors
      ? { withExtraCa: verifyChain(certificates, input.extendedAnchors, input.now) }
      : {}),
    caSigned: publicRoots.verified,
    name: checkCertificateName(leaf, input.expectedName),
    daysToExpiry: daysToExpiry(leaf, input.now),
  };
}
