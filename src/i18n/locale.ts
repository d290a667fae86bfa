// The locales the bot writes in, and how a Slack user's locale tag (users.info) maps onto them.
export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

const TAG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/;

/**
 * Japanese for `ja` and `ja-*`, English for any other well-formed tag; the fallback (DEFAULT_LOCALE)
 * when the tag is missing or not a language tag at all.
 */
export function localeOfTag(tag: string | null | undefined, fallback: Locale): Locale {
  if (typeof tag !== 'string' || !TAG.test(tag)) return fallback;
  return /^ja(?:[-_]|$)/i.test(tag) ? 'ja' : 'en';
}

/** The IANA zone if this runtime knows it, else undefined (users.info's tz is outside input). */
export function knownTimeZone(zone: string | null | undefined): string | undefined {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
