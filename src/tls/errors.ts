import { createTranslator } from '../i18n/translator.ts';
import { renderTlsMessage, type TlsMessage } from './messages.ts';

/**
 * Bad input from a person: every problem names the value seen and what to do, as a code with its
 * facts (the CLI words them in its language; the error's own message is the English, for logs).
 */
export class TlsTestInputError extends Error {
  readonly problems: TlsMessage[];

  constructor(problems: TlsMessage[]) {
    const english = createTranslator('en', 'plain');
    super(problems.map((problem) => renderTlsMessage(english, problem)).join('\n'));
    this.name = 'TlsTestInputError';
    this.problems = problems;
  }
}
