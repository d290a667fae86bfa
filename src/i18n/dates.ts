// A time as one reader reads it: in their time zone, with the zone's name, in their language.
import type { Locale } from './locale.ts';

const FORMAT_LOCALE: Record<Locale, string> = { en: 'en-US', ja: 'ja-JP' };

export function formatDate(iso: string, locale: Locale, timeZone: string): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  return new Intl.DateTimeFormat(FORMAT_LOCALE[locale], {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(when);
}
