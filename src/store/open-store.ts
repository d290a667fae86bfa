// Picks the store from the configuration: PostgreSQL when DATABASE_URL is set (several replicas share
// it), otherwise the embedded SQLite file DATABASE. The PostgreSQL client is loaded only when used, so
// a bot on SQLite does not carry it in memory.
import type { BotConfig } from '../config.ts';
import type { Store } from './repositories.ts';
import { openSqliteStore } from './sqlite-store.ts';

export async function openStore(
  config: Pick<BotConfig, 'database' | 'databaseUrl' | 'databasePoolSize'>,
): Promise<Store> {
  if (config.databaseUrl) {
    const { openPostgresStore } = await import('./pg-store.ts');
    return openPostgresStore({ url: config.databaseUrl, poolSize: config.databasePoolSize });
  }
  return openSqliteStore(config.database);
}

/** One line for the log and /healthz: which store, and where. */
export function describeStore(store: Pick<Store, 'kind' | 'location'>): string {
  return `${store.kind === 'postgresql' ? 'PostgreSQL' : 'SQLite'} (${store.location})`;
}
