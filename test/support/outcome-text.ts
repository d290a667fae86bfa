// A diagnose outcome worded in English (or Japanese), for tests that read what a check found.
import type { CheckOutcome } from '../../src/domain/ops/diagnose-report.ts';
import type { Locale } from '../../src/i18n/locale.ts';
import { type Phrase, renderPhrase } from '../../src/i18n/phrase.ts';
import { createTranslator } from '../../src/i18n/translator.ts';
import { outcomeText } from '../../src/slack/ops/diagnose-blocks.ts';

export interface OutcomeText {
  status: CheckOutcome['status'];
  summary: string;
  details: string[];
  /** The remedies, joined by a space ('' for a pass). */
  remedy: string;
  remedies: string[];
}

export function worded(outcome: CheckOutcome, locale: Locale = 'en'): OutcomeText {
  const text = outcomeText(createTranslator(locale, 'plain'), outcome);
  return {
    status: outcome.status,
    summary: text.summary,
    details: text.details,
    remedy: text.remedies.join(' '),
    remedies: text.remedies,
  };
}

/** A phrase worded in English (or Japanese), as plain text; '' for none. */
export function wordedPhrase(p: Phrase | undefined, locale: Locale = 'en'): string {
  return p ? renderPhrase(createTranslator(locale, 'plain'), p) : '';
}
