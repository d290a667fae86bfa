// Trust anchors: Node's bundled public root store (the stand-in for the roots Google trusts) and any
// extra CA certificates given for a private lab.
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { TlsTestInputError } from './errors.ts';
import { type TlsMessage, tlsMessage } from './messages.ts';

export interface TrustAnchors {
  certificates: X509Certificate[];
  /** Fingerprints (SHA-256) of the anchors, for "is this exact certificate trusted". */
  fingerprints: Set<string>;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Splits PEM text into certificates. Throws a TlsTestInputError naming the source, or the position
 * of a block that does not parse.
 */
export function parsePemCertificates(
  pem: string,
  source: TlsMessage | string = 'PEM text',
): X509Certificate[] {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new TlsTestInputError([tlsMessage('input.noPem', { source })]);
  }
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw new TlsTestInputError([
        tlsMessage('input.badPem', { index: index + 1, source, detail: (error as Error).message }),
      ]);
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
