// Certificates generated at test time: a root, intermediates and leaves with any names and validity.
// Nothing here is committed as PEM; every run makes its own.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface Issued {
  certPem: string;
  keyPem: string;
  commonName: string;
  /** forge objects, for signing further certificates */
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

export interface CertOptions {
  commonName: string;
  /** DNS names and IP addresses for subjectAltName (leaves). */
  altNames?: string[];
  /** Signed by this CA; self-signed when absent. */
  issuer?: Issued;
  isCa?: boolean;
  notBefore?: Date;
  notAfter?: Date;
}

const DAY = 86_400_000;

export function issueCertificate(options: CertOptions): Issued {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // Positive serial: a leading 0x00..0x7f byte keeps the DER integer non-negative.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - DAY);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 90 * DAY);
  const subject = [{ name: 'commonName', value: options.commonName }];
  cert.setSubject(subject);
  cert.setIssuer(options.issuer ? options.issuer.cert.subject.attributes : subject);

  const extensions: object[] = [];
  if (options.isCa) {
    extensions.push({ name: 'basicConstraints', cA: true, critical: true });
    extensions.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true });
  } else {
    extensions.push({ name: 'basicConstraints', cA: false });
    extensions.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true });
    extensions.push({ name: 'extKeyUsage', serverAuth: true, clientAuth: true });
    const altNames = (options.altNames ?? [options.commonName]).map((n) =>
      isIP(n) ? { type: 7, ip: n } : { type: 2, value: n },
    );
    extensions.push({ name: 'subjectAltName', altNames });
  }
  extensions.push({ name: 'subjectKeyIdentifier' });
  cert.setExtensions(extensions);
  cert.sign(options.issuer?.key ?? key, forge.md.sha256.create());

  return {
    certPem: forge.pki.certificateToPem(cert),
    keyPem: forge.pki.privateKeyToPem(key),
    commonName: options.commonName,
    cert,
    key,
  };
}

export interface TestPki {
  root: Issued;
  intermediate: Issued;
  /** A leaf signed by the intermediate. */
  leaf(names: string[], validity?: { notBefore?: Date; notAfter?: Date }): Issued;
  /** Leaf PEM followed by the intermediate: the chain a correct server sends. */
  chainPem(leaf: Issued): string;
}

/** A root CA, an intermediate under it, and a factory for leaves under the intermediate. */
export function createTestPki(name = 'Test'): TestPki {
  const root = issueCertificate({ commonName: `${name} Root CA`, isCa: true });
  const intermediate = issueCertificate({ commonName: `${name} Intermediate CA`, isCa: true, issuer: root });
  return {
    root,
    intermediate,
    leaf: (names, validity) =>
      issueCertificate({
        commonName: names[0] ?? 'localhost',
        altNames: names,
        issuer: intermediate,
        ...validity,
      }),
    chainPem: (leaf) => leaf.certPem + intermediate.certPem,
  };
}

export const days = (n: number): Date => new Date(Date.now() + n * DAY);
