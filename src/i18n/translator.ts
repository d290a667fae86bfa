// One translator per locale, through i18next: named parameters, plural rules (Intl.PluralRules),
// and the glossary's console labels by nesting. Slack text escapes every parameter for mrkdwn unless
// the catalogue writes it {{- name}}; the terminal (the TLS CLI) gets a translator without escaping.
import i18next, { type i18n } from 'i18next';
import { escapeMrkdwn } from '../slack/mrkdwn.ts';
import { CATALOGUES, type MessageKey, type ParamsArg } from './catalogue.ts';
import type { Locale } from './locale.ts';

export type Markup = 'mrkdwn' | 'plain';

export interface Translator {
  readonly locale: Locale;
  t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string;
}

const instances = new Map<Markup, i18n>();

function instance(markup: Markup): i18n {
  let found = instances.get(markup);
  if (!found) {
    found = i18next.createInstance();
    void found.init({
      initAsync: false,
      showSupportNotice: false,
      lng: 'en',
      fallbackLng: false,
      returnNull: false,
      resources: {
        en: { translation: CATALOGUES.en },
        ja: { translation: CATALOGUES.ja },
      },
      interpolation:
        markup === 'mrkdwn' ? { escapeValue: true, escape: escapeMrkdwn } : { escapeValue: false },
    } as Parameters<i18n['init']>[0]);
    instances.set(markup, found);
  }
  return found;
}

export function createTranslator(locale: Locale, markup: Markup = 'mrkdwn'): Translator {
  const fixed = instance(markup).getFixedT(locale);
  return {
    locale,
    t: (key, ...params) => fixed(key, { ...(params[0] ?? {}) }) as string,
  };
}
