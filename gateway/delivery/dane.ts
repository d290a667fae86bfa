// DANE for SMTP (RFC 7672): which TLSA records apply to a next hop, and whether the certificate the
// next hop presented matches them. The order is the RFC's: the MX RRset (or its secure denial) and
// the host's address records must be DNSSEC-secure before TLSA is asked for at _PORT._tcp.HOST; a
// TLSA lookup that fails or comes back bogus defers delivery to that host, it never downgrades.
import { createHash, X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import type { TlsaData } from 'dns-packet';
import type { SecureLookup } from '../dnssec-resolver.ts';

export interface TlsaRecord {
  usage: number;
  selector: number;
  matchingType: number;
  /** The certificate association data. */
  data: Buffer;
}

/** DANE for one next hop. */
export type HostDane =
  /** DANE does not apply: the reason (insecure MX or addresses, no TLSA). */
  | { kind: 'none'; why: string }
  /** Usable DANE-EE / DANE-TA records: STARTTLS is mandatory and the certificate must match one. */
  | { kind: 'usable'; records: TlsaRecord[]; why: string }
  /** Secure TLSA records, none usable (PKIX-TA/EE only, unknown parameters): STARTTLS is mandatory. */
  | { kind: 'unusable'; why: string }
  /** The lookup failed or was bogus: this host must not be tried until it resolves. */
  | { kind: 'fail'; reason: string };

/** Usage 2 (DANE-TA) or 3 (DANE-EE), selector 0 (certificate) or 1 (SPKI), matching 0, 1 or 2. */
export function isUsable(record: TlsaRecord): boolean {
  return (
    (record.usage === 2 || record.usage === 3) &&
    (record.selector === 0 || record.selector === 1) &&
    record.matchingType >= 0 &&
    record.matchingType <= 2
  );
}

/** Whether the recipient domain's MX RRset (or its absence) is DNSSEC-secure: DANE needs it. */
export async function mxSecurity(
  dns: SecureLookup,
  domain: string,
): Promise<{ secure: true } | { secure: false; why: string } | { fail: string }> {
  let answer: Awaited<ReturnType<SecureLookup['query']>>;
  try {
    answer = await dns.query(domain, 'MX');
  } catch (error) {
    return { fail: `DNSSEC MX lookup for ${domain} failed: ${(error as Error).message}` };
  }
  if (answer.rcode !== 'NOERROR' && answer.rcode !== 'NXDOMAIN')
    return { fail: `DNSSEC MX lookup for ${domain} failed: ${answer.rcode} (bogus or unreachable)` };
  if (!answer.secure) return { secure: false, why: `MX of ${domain} is not DNSSEC-signed` };
  return { secure: true };
}

/** The TLSA records for a next hop whose MX answer was secure. */
export async function hostDane(dns: SecureLookup, host: string, port: number): Promise<HostDane> {
  const name = host.toLowerCase().replace(/\.$/, '');
  try {
    const [a, aaaa] = await Promise.all([dns.query(name, 'A'), dns.query(name, 'AAAA')]);
    for (const answer of [a, aaaa]) {
      if (answer.rcode !== 'NOERROR' && answer.rcode !== 'NXDOMAIN')
        return {
          kind: 'fail',
          reason: `address lookup for ${name} failed: ${answer.rcode} (bogus or unreachable)`,
        };
    }
    if (!a.secure || !aaaa.secure)
      return { kind: 'none', why: `address records of ${name} are not DNSSEC-signed` };
  } catch (error) {
    return { kind: 'fail', reason: `address lookup for ${name} failed: ${(error as Error).message}` };
  }
  const tlsaName = `_${port}._tcp.${name}`;
  let answer: Awaited<ReturnType<SecureLookup['query']>>;
  try {
    answer = await dns.query(tlsaName, 'TLSA');
  } catch (error) {
    return { kind: 'fail', reason: `TLSA lookup for ${tlsaName} failed: ${(error as Error).message}` };
  }
  if (answer.rcode !== 'NOERROR' && answer.rcode !== 'NXDOMAIN')
    return {
      kind: 'fail',
      reason: `TLSA lookup for ${tlsaName} failed: ${answer.rcode} (bogus or unreachable)`,
    };
  if (!answer.secure) return { kind: 'none', why: `TLSA of ${tlsaName} is not DNSSEC-signed` };
  const records = answer.answers.flatMap((a) => {
    const data = (a as { data?: TlsaData }).data;
    return data && Buffer.isBuffer(data.certificate)
      ? [
          {
            usage: data.usage,
            selector: data.selector,
            matchingType: data.matchingType,
            data: data.certificate,
          },
        ]
      : [];
  });
  if (records.length === 0) return { kind: 'none', why: `no TLSA records at ${tlsaName}` };
  const usable = records.filter(isUsable);
  if (usable.length === 0)
    return {
      kind: 'unusable',
      why: `TLSA records at ${tlsaName} are not DANE-EE/DANE-TA: STARTTLS required`,
    };
  return { kind: 'usable', records: usable, why: `${usable.length} usable TLSA record(s) at ${tlsaName}` };
}

function associated(cert: X509Certificate, record: TlsaRecord): boolean {
  const selected =
    record.selector === 0 ? cert.raw : (cert.publicKey.export({ type: 'spki', format: 'der' }) as Buffer);
  const value =
    record.matchingType === 1
      ? createHash('sha256').update(selected).digest()
      : record.matchingType === 2
        ? createHash('sha512').update(selected).digest()
        : selected;
  return value.equals(record.data);
}

/** The chain the peer sent, leaf first, as Node links it (the last points to itself when self-signed). */
export function peerChain(leaf: PeerCertificate | undefined): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current = leaf as (PeerCertificate & { issuerCertificate?: PeerCertificate }) | undefined;
  while (current?.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push(new X509Certificate(current.raw));
    current = current.issuerCertificate as typeof current;
  }
  return chain;
}

/**
 * Checks a presented chain against usable TLSA records; returns undefined when it matches, else why not.
 * DANE-EE (3): the leaf matches; names and dates are not checked (RFC 7672 3.1.1). DANE-TA (2): a
 * certificate of the chain matches, the chain from the leaf up to it is signed link by link, every
 * certificate in it is within its validity, and the leaf is valid for one of `names` (3.2.2).
 */
export function daneMismatch(
  chain: X509Certificate[],
  records: TlsaRecord[],
  names: string[],
  now: Date,
): string | undefined {
  const leaf = chain[0];
  if (!leaf) return 'the next hop presented no certificate';
  if (records.some((r) => r.usage === 3 && associated(leaf, r))) return undefined;
  const taRecords = records.filter((r) => r.usage === 2);
  let why = 'no TLSA record matches the certificate';
  // The anchor is an issuer in the chain, never the leaf itself.
  for (let i = 1; i < chain.length; i++) {
    const anchor = chain[i] as X509Certificate;
    if (!taRecords.some((r) => associated(anchor, r))) continue;
    const path = chain.slice(0, i + 1);
    const broken = path.findIndex((cert, k) => {
      const issuer = path[k + 1];
      return issuer !== undefined && !(cert.checkIssued(issuer) && cert.verify(issuer.publicKey));
    });
    if (broken >= 0) {
      why = `the chain is broken between certificate ${broken} and its issuer`;
      continue;
    }
    const expired = path.find((cert) => now < new Date(cert.validFrom) || now > new Date(cert.validTo));
    if (expired) {
      why = `certificate "${expired.subject.replace(/\n/g, ', ')}" is outside its validity`;
      continue;
    }
    if (!names.some((name) => leaf.checkHost(name, { subject: 'default' }) !== undefined)) {
      why = `the certificate is not for ${names.join(' or ')}`;
      continue;
    }
    return undefined;
  }
  return why;
}
