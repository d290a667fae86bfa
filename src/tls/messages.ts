// What the TLS connection test says, as codes plus facts: the catalogue's `tls` section words them
// in the reader's language (renderTlsMessage). A parameter is a fact (text or number), a list of
// names, another message, or a phrase of the catalogue (the route-target rules' problems, shared with
// route validation); the last two are written {{- name}} in the catalogue, since they are rendered already.
import type { MessageKey } from '../i18n/catalogue.ts';
import { list, type Phrase, type PhraseParam, phrase, raw, renderPhrase } from '../i18n/phrase.ts';
import type { Translator } from '../i18n/translator.ts';

/** A key of the catalogue's `tls` section, without the `tls.` prefix. */
export type TlsCode = MessageKey extends infer K ? (K extends `tls.${infer C}` ? C : never) : never;

export type TlsParam = string | number | readonly string[] | TlsMessage | readonly TlsMessage[] | Phrase;

export interface TlsMessage {
  code: TlsCode;
  params?: Record<string, TlsParam>;
}

export function tlsMessage(code: TlsCode, params?: Record<string, TlsParam>): TlsMessage {
  return params ? { code, params } : { code };
}

function isMessage(value: unknown): value is TlsMessage {
  return typeof value === 'object' && value !== null && 'code' in value;
}

function isPhrase(value: unknown): value is Phrase {
  return typeof value === 'object' && value !== null && 'key' in value;
}

/**
 * The message in the translator's language. A plain string is a pre-flight stored before the test
 * spoke in codes (English, kept as it was): returned as it is.
 */
export function renderTlsMessage(t: Translator, message: TlsMessage | string): string {
  if (typeof message === 'string') return message;
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.params ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') values[name] = value;
    else if (isMessage(value)) values[name] = renderTlsMessage(t, value);
    else if (isPhrase(value)) values[name] = renderPhrase(t, value);
    else if (value.length === 0) values[name] = t.t('tls.join.none');
    else if (value.every((item) => typeof item === 'string')) {
      values[name] = (value as readonly string[]).join(t.t('tls.join.names'));
    } else {
      values[name] = (value as readonly TlsMessage[])
        .map((item) => renderTlsMessage(t, item))
        .join(t.t('tls.join.reasons'));
    }
  }
  // The parameter names are the catalogue's own; the parity test keeps them equal in both languages.
  const key = `tls.${message.code}` as MessageKey;
  return (t.t as (key: MessageKey, params: Record<string, string | number>) => string)(key, values);
}

/**
 * The message as a phrase, for readers that word phrases (the diagnose report): the same catalogue
 * keys, so a diagnose report shows the TLS test's verdict in the reader's language too.
 */
export function tlsPhrase(message: TlsMessage | string): Phrase {
  if (typeof message === 'string') return raw(message);
  const params: Record<string, PhraseParam> = {};
  for (const [name, value] of Object.entries(message.params ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') params[name] = value;
    else if (isMessage(value)) params[name] = tlsPhrase(value);
    else if (isPhrase(value)) params[name] = value;
    else if (value.length === 0) params[name] = phrase('tls.join.none');
    else if (value.every((item) => typeof item === 'string')) {
      params[name] = list((value as readonly string[]).map(raw));
    } else params[name] = list((value as readonly TlsMessage[]).map(tlsPhrase), 'parts');
  }
  return { key: `tls.${message.code}` as MessageKey, params };
}
