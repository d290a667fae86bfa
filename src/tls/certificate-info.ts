// Plain-data descriptions of certificates: names, validity, fingerprint.
import type { X509Certificate } from 'node:crypto';
import type { CertificateInfo } from './types.ts';

const DAY_MS = 86_400_000;

/** "CN=a\nO=b" (Node's form) -> "CN=a, O=b". */
export function oneLineName(distinguishedName: string): string {
  return distinguishedName.split('\n').filter(Boolean).join(', ');
}

export function commonNameOf(distinguishedName: string): string | undefined {
  const line = distinguishedName.split('\n').find((part) => part.startsWith('CN='));
  return line?.slice(3);
}

/** subjectAltName as ["DNS:a.example", "IP:127.0.0.1"]; Node writes IPs as "IP Address:...". */
export function altNamesOf(certificate: X509Certificate): string[] {
  const text = certificate.subjectAltName;
  if (!text) return [];
  return text
    .split(/,\s*/)
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => entry.replace(/^IP Address:/, 'IP:'))
    .map((entry) =>
      entry.startsWith('IP:') && entry.includes(':', 3) ? `IP:${compactIpv6(entry.slice(3))}` : entry,
    );
}

/** OpenSSL prints IPv6 SANs in full ("0:0:0:0:0:0:0:1"); people write them short ("::1"). */
function compactIpv6(address: string): string {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address;
  }
}

/** The names a client can match: DNS and IP SANs, or the common name when there are none. */
export function matchableNames(certificate: X509Certificate): string[] {
  const names = altNamesOf(certificate)
    .filter((entry) => entry.startsWith('DNS:') || entry.startsWith('IP:'))
    .map((entry) => entry.replace(/^(DNS|IP):/, ''));
  if (names.length > 0) return names;
  const cn = commonNameOf(certificate.subject);
  return cn ? [cn] : [];
}

/** Issued by itself and signed with its own key. (checkIssued would also demand keyCertSign usage,
 * which a self-signed server certificate usually lacks.) */
export function isSelfSigned(certificate: X509Certificate): boolean {
  return certificate.subject === certificate.issuer && certificate.verify(certificate.publicKey);
}

export function validFromDate(certificate: X509Certificate): Date {
  return new Date(certificate.validFrom);
}

export function validToDate(certificate: X509Certificate): Date {
  return new Date(certificate.validTo);
}

/** Whole days from now until the certificate expires; negative once it has. */
export function daysToExpiry(certificate: X509Certificate, now: Date): number {
  return Math.floor((validToDate(certificate).getTime() - now.getTime()) / DAY_MS);
}

export function describeCertificate(certificate: X509Certificate): CertificateInfo {
  const commonName = commonNameOf(certificate.subject);
  return {
    subject: oneLineName(certificate.subject),
    issuer: oneLineName(certificate.issuer),
    ...(commonName === undefined ? {} : { commonName }),
    altNames: altNamesOf(certificate),
    serialNumber: certificate.serialNumber,
    validFrom: validFromDate(certificate).toISOString(),
    validTo: validToDate(certificate).toISOString(),
    fingerprintSha256: certificate.fingerprint256,
    isCa: certificate.ca,
    selfSigned: isSelfSigned(certificate),
  };
}
