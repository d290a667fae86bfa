// Trust anchors: Node's bundled public root store (the stand-in for the roots Google trusts) and any
// extra CA certificates given for a private lab.
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';

export interface TrustAnchors {
  certificates: X509Certificate[];
  /** Fingerprints (SHA-256) of the anchors, for "is this exact certificate trusted". */
  fingerprints: Set<string>;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Splits PEM text into certificates. Throws with the position of a block that does not parse. */
export function parsePemCertificates(pem: string, source = 'PEM text'): X509Certificate[] {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new Error(
      `${source} holds no "-----BEGIN CERTIFICATE-----" block: give a PEM file of CA certificates`,
    );
  }
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw new Error(
        `certificate ${index + 1} in ${source} does not parse (${(error as Error).message}): give PEM certificates`,
      );
    }
  });
}

export function trustAnchors(certificates: X509Certificate[]): TrustAnchors {
  return { certificates, fingerprints: new Set(certificates.map((c) => c.fingerprint256)) };
}

let publicAnchors: TrustAnchors | undefined;

/** Node's public root store, parsed once on first use. */
export function publicTrustAnchors(): TrustAnchors {
  publicAnchors ??= trustAnchors(rootCertificates.map((pem) => new X509Certificate(pem)));
  return publicAnchors;
}

export function withExtraAnchors(base: TrustAnchors, extra: X509Certificate[]): TrustAnchors {
  return trustAnchors([...base.certificates, ...extra]);
}
