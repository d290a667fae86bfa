// Plays Gmail's outbound side for tests: a message "sent" through the fake Gmail API is DKIM-signed
// for the sender's domain (as Gmail does) and handed over SMTP to the relay, as the routing setting
// would send it to the gateway.
import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import type { SentMail } from './fake-google.ts';
import { connectSmtp, sendSmtp } from './smtp-client.ts';

export interface DkimKey {
  domain: string;
  selector: string;
  privateKey: string;
  /** The TXT record to publish at `<selector>._domainkey.<domain>`, in character-strings of at most 255 bytes. */
  txt: string[];
}

export function newDkimKey(domain: string, selector = 'google'): DkimKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    domain,
    selector,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    txt: `v=DKIM1; k=rsa; p=${der}`.match(/.{1,255}/g) ?? [],
  };
}

function header(message: string, name: string): string | undefined {
  const match = new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(message);
  return match?.[1]?.trim();
}

export interface GmailOutboundOptions {
  relayPort: number;
  /** The address Gmail's server connects from (must be in the relay's allowlist to be accepted). */
  localAddress?: string;
  dkim?: DkimKey;
}

/** Delivers one sent message to the relay over SMTP; resolves with the relay's final reply. */
export async function deliverToRelay(mail: SentMail, options: GmailOutboundOptions): Promise<string> {
  let message = mail.message;
  if (options.dkim) {
    const key = {
      signingDomain: options.dkim.domain,
      selector: options.dkim.selector,
      privateKey: options.dkim.privateKey,
    };
    // mailauth signs with `signatureData`; its typings want the same fields at the top level too.
    const signOptions = { ...key, signatureData: [key] };
    const signed = await dkimSign(message, signOptions);
    message = signed.signatures + message;
  }
  const to = (header(message, 'To') ?? '').split(',').map((address) => address.trim());
  const connection = await connectSmtp({
    host: '127.0.0.1',
    port: options.relayPort,
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    name: 'mail-sor-f41.google.com',
    ignoreTLS: true,
    connectionTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    return (await sendSmtp(connection, { from: mail.sender, to }, message)).response;
  } finally {
    connection.quit();
    connection.close();
  }
}
