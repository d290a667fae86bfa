// The PostgreSQL users.info cache: one row per Slack user, replaced on each refresh.
import type pg from 'pg';
import type { UserLocale, UserLocaleRepository } from './repositories.ts';
import { type UserLocaleRow, userLocaleFromRow } from './rows.ts';

export class PgUserLocales implements UserLocaleRepository {
  constructor(private readonly pool: pg.Pool) {}

  async get(userId: string): Promise<UserLocale | undefined> {
    const { rows } = await this.pool.query<UserLocaleRow>(
      'SELECT user_id, locale, time_zone, fetched_at FROM user_locales WHERE user_id = $1',
      [userId],
    );
    const row = rows[0];
    return row && userLocaleFromRow(row);
  }

  async put(entry: UserLocale): Promise<void> {
    await this.pool.query(
      `INSERT INTO user_locales (user_id, locale, time_zone, fetched_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id) DO UPDATE SET locale = excluded.locale, time_zone = excluded.time_zone,
         fetched_at = excluded.fetched_at`,
      [entry.userId, entry.locale, entry.timeZone, entry.fetchedAt],
    );
  }
}
