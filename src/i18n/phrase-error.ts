// Errors that say what went wrong as a phrase, so whoever shows one words it for its reader; the
// Error's own message is the same phrase in English, for the log.
import { type Phrase, renderPhrase } from './phrase.ts';
import { createTranslator } from './translator.ts';

const ENGLISH = createTranslator('en', 'plain');

export function inEnglish(p: Phrase): string {
  return renderPhrase(ENGLISH, p);
}

export class PhraseError extends Error {
  constructor(readonly problem: Phrase) {
    super(inEnglish(problem));
    this.name = new.target.name;
  }
}
