// Who reads a message, in which language and time zone: users.info (include_locale) per Slack user,
// cached in the store for a day. Slack's answer is outside input: a locale that is not a language
// tag, or a zone this runtime does not know, counts as not given.
import type { webApi } from '@slack/bolt';
import { knownTimeZone, type Locale, localeOfTag } from '../i18n/locale.ts';
import type { UserLocale, UserLocaleRepository } from '../store/repositories.ts';
import { safeErrorMessage } from './safe-error.ts';
import { channelWords, type Reader, readerWords, type Words } from './words.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReadersOptions {
  store: UserLocaleRepository;
  /** The Slack client (lazily: it exists once the app does). */
  client: () => webApi.WebClient;
  defaultLocale: Locale;
  now?: () => Date;
  maxAgeMs?: number;
  onError?: (message: string) => void;
}

export class Readers {
  /** For channel messages that several people act on, alerts, and anything without one reader. */
  readonly channel: Words;

  constructor(private readonly options: ReadersOptions) {
    this.channel = channelWords(options.defaultLocale);
  }

  get defaultLocale(): Locale {
    return this.options.defaultLocale;
  }

  async reader(userId: string): Promise<Reader> {
    const entry = await this.entry(userId);
    const timeZone = knownTimeZone(entry?.timeZone);
    return {
      locale: localeOfTag(entry?.locale, this.options.defaultLocale),
      ...(timeZone ? { timeZone } : {}),
    };
  }

  async words(userId: string): Promise<Words> {
    return readerWords(await this.reader(userId));
  }

  private async entry(userId: string): Promise<UserLocale | undefined> {
    const now = (this.options.now ?? (() => new Date()))();
    let cached: UserLocale | undefined;
    try {
      cached = await this.options.store.get(userId);
    } catch (error) {
      this.options.onError?.(`reading the locale of ${userId} failed: ${safeErrorMessage(error)}`);
    }
    const maxAge = this.options.maxAgeMs ?? DAY_MS;
    if (cached && now.getTime() - Date.parse(cached.fetchedAt) < maxAge) return cached;
    try {
      const answer = await this.options.client().users.info({ user: userId, include_locale: true });
      const user = answer.user as { locale?: unknown; tz?: unknown } | undefined;
      const fresh: UserLocale = {
        userId,
        locale: typeof user?.locale === 'string' ? user.locale.slice(0, 35) : null,
        timeZone: typeof user?.tz === 'string' ? user.tz.slice(0, 64) : null,
        fetchedAt: now.toISOString(),
      };
      await this.options.store.put(fresh);
      return fresh;
    } catch (error) {
      this.options.onError?.(`users.info for ${userId} failed: ${safeErrorMessage(error)}`);
      return cached;
    }
  }
}
