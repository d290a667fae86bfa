// A phrase as English plain text, for what stays English whoever reads Slack: log lines and the
// message of an Error.
import { type Phrase, renderPhrase } from './phrase.ts';
import { createTranslator } from './translator.ts';

const ENGLISH = createTranslator('en', 'plain');

export function inEnglish(p: Phrase): string {
  return renderPhrase(ENGLISH, p);
}
