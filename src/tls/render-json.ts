// The result as JSON: the result object itself (codes and facts, the same in every language), plus
// `text`, its sentences and the whole text report in the translator's language.
import { createTranslator, type Translator } from '../i18n/translator.ts';
import { tlsTexts } from './render-messages.ts';
import { renderTlsText } from './render-text.ts';
import type { TlsTestResult } from './types.ts';

export function renderTlsJson(
  result: TlsTestResult,
  w: Translator = createTranslator('en', 'plain'),
): string {
  const text = { ...tlsTexts(result, w), report: renderTlsText(result, w) };
  return `${JSON.stringify({ ...result, text }, null, 2)}\n`;
}
