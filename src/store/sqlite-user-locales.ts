// The SQLite users.info cache: one row per Slack user, replaced on each refresh.
import type { Database } from 'better-sqlite3';
import type { UserLocale, UserLocaleRepository } from './repositories.ts';
import { type UserLocaleRow, userLocaleFromRow } from './rows.ts';

export class SqliteUserLocales implements UserLocaleRepository {
  constructor(private readonly db: Database) {}

  async get(userId: string): Promise<UserLocale | undefined> {
    const row = this.db
      .prepare('SELECT user_id, locale, time_zone, fetched_at FROM user_locales WHERE user_id = ?')
      .get(userId) as UserLocaleRow | undefined;
    return row && userLocaleFromRow(row);
  }

  async put(entry: UserLocale): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO user_locales (user_id, locale, time_zone, fetched_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET locale = excluded.locale, time_zone = excluded.time_zone,
           fetched_at = excluded.fetched_at`,
      )
      .run(entry.userId, entry.locale, entry.timeZone, entry.fetchedAt);
  }
}
