// Does the certificate carry the name the route sends mail to? The same rules a TLS client applies
// (tls.checkServerIdentity: wildcards in the left-most label, IP addresses only against IP SANs).
import type { X509Certificate } from 'node:crypto';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { matchableNames } from './certificate-info.ts';
import { tlsMessage } from './messages.ts';
import type { NameCheck } from './types.ts';

export function checkCertificateName(leaf: X509Certificate, expectedName: string): NameCheck {
  const names = matchableNames(leaf);
  const error = checkServerIdentity(expectedName, leaf.toLegacyObject() as PeerCertificate);
  if (!error) return { checkedName: expectedName, matches: true, names };
  return {
    checkedName: expectedName,
    matches: false,
    names,
    message: tlsMessage('problem.nameMismatch', { name: expectedName, names }),
  };
}
