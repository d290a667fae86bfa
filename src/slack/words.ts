// What a message builder writes with: the translator of its reader's language, and dates as that
// reader reads them. A channel message (several readers) gets Slack's date token, which each client
// shows in its own reader's zone; a message for one person gets the date in their zone, with it.
import { formatDate } from '../i18n/dates.ts';
import type { Locale } from '../i18n/locale.ts';
import { type Phrase, renderPhrase } from '../i18n/phrase.ts';
import { createTranslator, type Translator } from '../i18n/translator.ts';
import { slackDate } from './blocks/kit.ts';
import { escapeMrkdwn } from './mrkdwn.ts';

export interface Words extends Translator {
  date(iso: string): string;
}

export interface Reader {
  locale: Locale;
  /** The reader's IANA zone, when Slack told it. */
  timeZone?: string;
}

/** For a message with no single reader (a channel that several people act on). */
export function channelWords(locale: Locale): Words {
  return { ...createTranslator(locale), date: slackDate };
}

export function readerWords(reader: Reader): Words {
  const zone = reader.timeZone;
  return {
    ...createTranslator(reader.locale),
    date: zone ? (iso) => formatDate(iso, reader.locale, zone) : slackDate,
  };
}

/**
 * A phrase (codes and facts from the domain) worded for this reader, as plain text: escape it
 * (escapeMrkdwn) or pass it as a {{parameter}} where it goes into mrkdwn, as it may quote outside text.
 */
export function say(w: Words, p: Phrase): string {
  return renderPhrase(createTranslator(w.locale, 'plain'), p);
}

/**
 * A phrase as mrkdwn, for a {{- parameter}} or a text field: values from outside are escaped, the
 * catalogue's own markup (mentions, code spans) is kept.
 */
export function sayMrkdwn(w: Words, p: Phrase): string {
  return renderPhrase(createTranslator(w.locale, 'plain'), p, escapeMrkdwn);
}
