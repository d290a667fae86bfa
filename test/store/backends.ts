// The store's two back ends behind one test interface, so each store test runs against both: SQLite
// (a temp file) and PostgreSQL (a fresh database on a throwaway server, when one can be started;
// otherwise the PostgreSQL half is skipped with the reason printed).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, type TestContext } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { migratePostgres } from '../../src/store/pg-migrations.ts';
import { openPostgresStore } from '../../src/store/pg-store.ts';
import type { Store } from '../../src/store/repositories.ts';
import { migrate } from '../../src/store/sqlite-migrations.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { postgresForSuite } from '../support/postgres.ts';

export interface Backend {
  name: 'SQLite' | 'PostgreSQL';
  /** A new, empty place for a store (a file path or a database URL), removed after the test. */
  location(t: TestContext): Promise<string>;
  /** Opens a store there (a restart, or for PostgreSQL another replica); closed after the test. */
  open(t: TestContext, location: string): Promise<Store>;
  /** Applies the migrations up to `version` only, as an older bot would have. */
  migrateTo(location: string, version: number): Promise<void>;
  /** Runs SQL outside the store (no parameters) and returns its rows. */
  exec(location: string, sql: string): Promise<Record<string, unknown>[]>;
  schemaVersion(location: string): Promise<number>;
}

const sqlite: Backend = {
  name: 'SQLite',
  async location(t) {
    const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    return join(dir, 'nested', 'bot.db');
  },
  async open(t, location) {
    const store = openSqliteStore(location);
    t.after(() => store.close());
    return store;
  },
  async migrateTo(location, version) {
    mkdirSync(dirname(location), { recursive: true });
    const db = new BetterSqlite3(location);
    migrate(db, version);
    db.close();
  },
  async exec(location, sql) {
    const db = new BetterSqlite3(location);
    try {
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all() as Record<string, unknown>[];
      statement.run();
      return [];
    } finally {
      db.close();
    }
  },
  async schemaVersion(location) {
    const db = new BetterSqlite3(location);
    try {
      return db.pragma('user_version', { simple: true }) as number;
    } finally {
      db.close();
    }
  },
};

function postgres(server: { newDatabase(): Promise<string> }): Backend {
  const withClient = async <T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'PostgreSQL',
    location: () => server.newDatabase(),
    async open(t, location) {
      const store = await openPostgresStore({ url: location, poolSize: 4 });
      t.after(() => store.close());
      return store;
    },
    async migrateTo(location, version) {
      const pool = new pg.Pool({ connectionString: location, max: 1 });
      try {
        await migratePostgres(pool, version);
      } finally {
        await pool.end();
      }
    },
    exec: (location, sql) => withClient(location, async (client) => (await client.query(sql)).rows),
    schemaVersion: (location) =>
      withClient(location, async (client) => {
        const { rows } = await client.query('SELECT max(version) AS v FROM schema_migrations');
        return Number(rows[0]?.v ?? 0);
      }),
  };
}

/** Both back ends, or SQLite and the reason the PostgreSQL half did not run. Stops the server after the file. */
export async function storeBackends(what: string): Promise<{ backends: Backend[]; skipped?: string }> {
  const server = await postgresForSuite(what);
  if (!server) return { backends: [sqlite], skipped: 'PostgreSQL is not available (see the log above)' };
  after(() => server.stop());
  return { backends: [sqlite, postgres(server)] };
}
