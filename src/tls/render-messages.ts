// The sentences of a result in one language: what the JSON output carries next to the codes, and
// what readers that take text (the diagnose report) are given.
import type { Translator } from '../i18n/translator.ts';
import { renderTlsMessage } from './messages.ts';
import type { Cause, TlsTestResult } from './types.ts';

export interface RenderedCause {
  option: Cause['option'];
  target?: string;
  message: string;
  headline: string;
}

export interface TlsTexts {
  locale: Translator['locale'];
  summary: string;
  causes: RenderedCause[];
  remedies: string[];
  warnings: string[];
}

export function tlsTexts(
  result: Pick<TlsTestResult, 'summary' | 'causes' | 'remedies' | 'warnings'>,
  w: Translator,
): TlsTexts {
  return {
    locale: w.locale,
    summary: renderTlsMessage(w, result.summary),
    causes: result.causes.map((cause) => ({
      option: cause.option,
      ...(cause.target ? { target: cause.target } : {}),
      message: renderTlsMessage(w, cause.message),
      headline: renderTlsMessage(w, cause.headline),
    })),
    remedies: result.remedies.map((remedy) => renderTlsMessage(w, remedy)),
    warnings: result.warnings.map((warning) => renderTlsMessage(w, warning)),
  };
}
