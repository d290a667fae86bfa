// DKIM with mailauth: optional signing per sender domain, and a check of relayed mail so users can
// see the relay keeps existing signatures intact (pass/fail/none counts).
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { DKIMSignOptions } from 'mailauth';
import { dkimSign, dkimVerify } from '../mailauth.ts';
import type { DkimConfig } from './config.ts';
import { messageStream } from './message-file.ts';

export interface SigningKey {
  domain: string;
  selector: string;
  privateKey: string;
}

/** Reads every configured private key; a missing or unreadable file stops start-up with the key named. */
export async function loadSigningKeys(config: DkimConfig): Promise<SigningKey[]> {
  const keys: SigningKey[] = [];
  for (const [i, entry] of config.sign.entries()) {
    let privateKey: string;
    try {
      privateKey = await readFile(entry.privateKeyFile, 'utf8');
    } catch (error) {
      throw new Error(
        `dkim.sign.${i}.privateKeyFile: cannot read "${entry.privateKeyFile}" (${(error as NodeJS.ErrnoException).code ?? error}); give the path of a PEM private key readable by the relay`,
      );
    }
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey)) {
      throw new Error(`dkim.sign.${i}.privateKeyFile: "${entry.privateKeyFile}" is not a PEM private key`);
    }
    keys.push({ domain: entry.domain.toLowerCase(), selector: entry.selector, privateKey });
  }
  return keys;
}

export class DkimSigner {
  private readonly byDomain: Map<string, SigningKey>;

  constructor(keys: SigningKey[]) {
    this.byDomain = new Map(keys.map((k) => [k.domain, k]));
  }

  get enabled(): boolean {
    return this.byDomain.size > 0;
  }

  /** The key for an envelope sender's domain, if one is configured. */
  keyFor(mailFrom: string): SigningKey | undefined {
    const domain = mailFrom.slice(mailFrom.lastIndexOf('@') + 1).toLowerCase();
    return mailFrom.includes('@') ? this.byDomain.get(domain) : undefined;
  }

  /** DKIM-Signature header(s) for the spooled message, ending in CRLF; '' when no key applies. */
  async sign(mailFrom: string, messagePath: string, now: Date): Promise<string> {
    const key = this.keyFor(mailFrom);
    if (!key) return '';
    const data = { signingDomain: key.domain, selector: key.selector, privateKey: key.privateKey };
    // mailauth reads the keys from signatureData; its typings also want them at the top level.
    const options: DKIMSignOptions = {
      ...data,
      canonicalization: 'relaxed/relaxed',
      signTime: now,
      signatureData: [{ ...data, canonicalization: 'relaxed/relaxed' }],
    };
    const result = await dkimSign(createReadStream(messagePath), options);
    if (result.errors.length > 0)
      throw new Error(`DKIM signing for ${key.domain} failed: ${result.errors[0]?.message}`);
    return result.signatures.trim() ? result.signatures : '';
  }
}

/** pass: a signature verified; fail: signed, none verified; temperror: the key could not be fetched. */
export type DkimVerdict = 'pass' | 'fail' | 'none' | 'temperror';

export type TxtResolver = (name: string, rrtype: string) => Promise<string[][] | string[]>;

/** Checks the signatures of the message as it leaves (prefix + spooled bytes). */
export async function verifyOutgoing(
  prefix: Buffer,
  messagePath: string,
  resolver: TxtResolver,
): Promise<DkimVerdict> {
  const result = await dkimVerify(messageStream(prefix, messagePath), { resolver });
  const statuses = result.results.map((r) => r.status.result);
  if (statuses.length === 0 || statuses.every((s) => s === 'none')) return 'none';
  if (statuses.includes('pass')) return 'pass';
  return statuses.every((s) => s === 'temperror' || s === 'none') ? 'temperror' : 'fail';
}
