// Envelope rules, free of I/O. The relay is the smart host of its customer's outbound mail, so any
// external recipient is legitimate; what it refuses are sender domains that are not the customer's
// (Google's servers are shared by every Workspace customer) and recipient syntaxes that ask a relay
// to route mail onward by itself: the percent hack (user%host@relay), bang paths (host!user@relay),
// quoted local parts, address literals and unqualified names. Source routes (<@a,@b:user@c>) are
// stripped by smtp-server as RFC 5321 section 4.1.2 requires, so only the final mailbox is ever used.
import { domainToASCII, domainToUnicode } from 'node:url';
import { type Refusal, refusal } from './refusal.ts';

export interface SenderPolicy {
  /** lower-case domains; `*.example.com` matches the subdomains of example.com */
  senders: readonly string[];
  allowNullSender: boolean;
}

export function checkSender(address: string, policy: SenderPolicy): Refusal | undefined {
  if (address === '') {
    return policy.allowNullSender
      ? undefined
      : refusal('null-sender', 550, '5.7.1', 'The null sender <> is not accepted by this relay');
  }
  const spelling = checkSpelling(address);
  if (spelling) return spelling;
  const domain = domainOf(address);
  if (domain === undefined || !senderDomainMatches(domain, policy.senders)) {
    return refusal(
      'sender-domain',
      550,
      '5.7.1',
      `Sender <${address}> is not in this relay's sender domains: send from one of your own domains`,
    );
  }
  return undefined;
}

/**
 * A sender domain is accepted only in its canonical spelling: its A-labels (IDNA 2008 as UTS #46
 * applies it, round-tripping) or the U-labels they decode to, ASCII letters in any case. Full-width
 * letters, the ideographic full stop, a soft hyphen or a Kelvin sign map to the same ASCII domain, but
 * the relay would store and forward that other spelling (and not DKIM-sign it): one spelling only.
 * smtp-server hands over A-labels decoded to U-labels.
 */
function checkSpelling(address: string): Refusal | undefined {
  const raw = address.slice(address.lastIndexOf('@') + 1);
  const lower = raw.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const ascii = domainToASCII(raw);
  if (ascii !== '' && (lower === ascii || lower === domainToUnicode(ascii))) return undefined;
  const shown = [...raw]
    .map((c) => (/^[\x21-\x7e]$/.test(c) ? c : `\\u{${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`))
    .join('');
  return refusal(
    'sender-syntax',
    553,
    '5.1.7',
    ascii === ''
      ? `Sender domain ${shown} is not a valid domain name`
      : `Sender domain ${shown} is not in its canonical spelling: write it as ${ascii}`,
  );
}

export function senderDomainMatches(domain: string, senders: readonly string[]): boolean {
  return senders.some((entry) =>
    entry.startsWith('*.')
      ? domain.endsWith(entry.slice(1)) && domain.length > entry.length - 1
      : domain === entry,
  );
}

export function checkRecipient(address: string): Refusal | undefined {
  const deny = (why: string) =>
    refusal('recipient-syntax', 550, '5.7.1', `Recipient <${address}> refused: ${why}; relay access denied`);
  const at = address.lastIndexOf('@');
  if (at <= 0) return deny('unqualified address, use user@domain');
  const local = address.slice(0, at);
  const domainPart = address.slice(at + 1);
  if (local.startsWith('"') || local.includes('"')) return deny('quoted local parts are not relayed');
  if (local.includes('%')) return deny('the percent hack (user%host) is not relayed');
  if (local.includes('!')) return deny('bang paths (host!user) are not relayed');
  if (local.includes('@') || local.includes(':'))
    return deny('routing syntax in the local part is not relayed');
  if (domainPart.startsWith('[')) return deny('address literals ([ip]) are not relayed');
  const domain = domainOf(address);
  if (domain === undefined || !domain.includes('.'))
    return deny('unqualified domain, use a full domain name');
  return undefined;
}

/** The ASCII (A-label), lower-case domain of an address; smtp-server hands over U-labels. */
export function domainOf(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at < 0) return undefined;
  const ascii = domainToASCII(address.slice(at + 1).replace(/\.$/, ''));
  return ascii === '' ? undefined : ascii.toLowerCase();
}
