// A sentence as data: a catalogue key and its parameters, which may themselves be phrases (or lists
// of them). The domain returns phrases (codes and facts, no words); whoever shows one renders it in
// its reader's language. Outside text (error messages, remote answers) travels as `raw`, never as a key.
import type { MessageKey, MessageParams } from './catalogue.ts';
import type { Translator } from './translator.ts';

export type PhraseParam = string | number | Phrase | readonly Phrase[];

export interface Phrase {
  key: MessageKey;
  params?: Record<string, PhraseParam>;
}

type PhraseParams<K extends MessageKey> = { [N in keyof MessageParams<K>]: PhraseParam };

export function phrase<K extends MessageKey>(
  key: K,
  ...params: keyof MessageParams<K> extends never ? [] : [PhraseParams<K>]
): Phrase {
  return params[0] ? { key, params: params[0] as Record<string, PhraseParam> } : { key };
}

/** Text that is not the bot's own (an error message, a remote answer): shown as it is, in any language. */
export function raw(text: string): Phrase {
  return { key: 'phrase.raw', params: { text } };
}

/** A Slack user as a mention; an actor that is not a Slack user id (the bot itself) as it is. */
export function who(actor: string): Phrase {
  return /^[UW][A-Z0-9]+$/.test(actor) ? { key: 'phrase.user', params: { user: actor } } : raw(actor);
}

/** A list of phrases, joined the way the reader's language lists things ('parts': a looser join). */
export function list(items: readonly Phrase[], join: 'list' | 'parts' = 'list'): Phrase {
  return { key: join === 'list' ? 'phrase.list' : 'phrase.parts', params: { items } };
}

/** A duration, rounded to the unit that reads best. */
export function age(seconds: number): Phrase {
  if (seconds < 120) return phrase('age.seconds', { n: Math.round(seconds) });
  if (seconds < 7200) return phrase('age.minutes', { n: Math.round(seconds / 60) });
  if (seconds < 172_800) return phrase('age.hours', { n: Math.round(seconds / 3600) });
  return phrase('age.days', { n: Math.round(seconds / 86_400) });
}

function isPhrase(value: PhraseParam): value is Phrase {
  return typeof value === 'object' && !Array.isArray(value);
}

/**
 * The phrase in the translator's language. Give it a plain translator; where the text goes into
 * Slack mrkdwn, either escape the result (when no template writes markup) or pass `escapeOutside`, which is
 * applied to every value from outside (string parameters, raw text) and not to the catalogue's own
 * markup, such as the mentions a template writes as <@{{user}}>.
 */
export function renderPhrase(
  t: Translator,
  p: Phrase,
  escapeOutside: (text: string) => string = (x) => x,
): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(p.params ?? {})) {
    if (typeof value === 'string') params[name] = escapeOutside(value);
    else if (typeof value === 'number') params[name] = value;
    else if (isPhrase(value)) params[name] = renderPhrase(t, value, escapeOutside);
    else
      params[name] = (value as readonly Phrase[])
        .map((item) => renderPhrase(t, item, escapeOutside))
        .join(t.t(p.key === 'phrase.parts' ? 'phrase.partSeparator' : 'phrase.separator'));
  }
  return (t.t as (key: string, params: Record<string, string | number>) => string)(p.key, params);
}
