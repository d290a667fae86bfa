// A change in a few words, in the reader's language.
import type { Change } from '../../domain/desired-state.ts';
import { keywordOf } from '../../domain/route.ts';
import type { Translator } from '../../i18n/translator.ts';

export function changeText(w: Translator, change: Change): string {
  switch (change.kind) {
    case 'add-route':
      return w.t('change.addRoute', {
        name: change.route.name,
        host: change.route.host,
        port: change.route.port,
      });
    case 'set-option':
      return w.t(change.on ? 'change.setOptionOn' : 'change.setOptionOff', {
        option: keywordOf(change.option),
        name: change.name,
      });
    case 'remove-route':
      return w.t('change.removeRoute', { name: change.name });
    case 'use-route':
      return w.t(change.routing.onwardTls ? 'change.useRouteTls' : 'change.useRoute', {
        route: change.routing.route,
      });
  }
}
