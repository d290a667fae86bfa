// Moves a SQLite store into an empty PostgreSQL database (`npm run db:copy`): every table that holds
// state, the audit trail included, in one transaction, with the ids kept (so audit entries still point
// at their change) and the id sequences moved past them. Slack delivery keys and leases are not
// copied: they only matter while a bot runs.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { migratePostgres } from './pg-migrations.ts';
import { describePostgresUrl } from './pg-store.ts';
import { transaction } from './pg-transaction.ts';
import { migrate, SQLITE_SCHEMA_VERSION } from './sqlite-migrations.ts';

/** The tables copied, in an order that keeps foreign keys satisfied, and their columns. */
const TABLES: { name: string; columns: string[]; identity: boolean }[] = [
  { name: 'desired_state', columns: ['id', 'version', 'data', 'updated_at'], identity: false },
  {
    name: 'change_requests',
    columns: ['id', 'state', 'requester', 'created_at', 'expires_at', 'data'],
    identity: true,
  },
  {
    name: 'audit',
    columns: ['id', 'at', 'actor', 'change_id', 'action', 'from_state', 'to_state', 'reason', 'details'],
    identity: true,
  },
  {
    name: 'relay_actions',
    columns: ['id', 'state', 'requester', 'created_at', 'expires_at', 'data', 'message'],
    identity: true,
  },
  {
    name: 'open_alerts',
    columns: ['key', 'relay', 'kind', 'raised_at', 'data', 'message', 'resolving_at'],
    identity: false,
  },
];

export class CopyRefused extends Error {
  override name = 'CopyRefused';
}

export type CopyCounts = Record<string, number>;

export async function copySqliteToPostgres(from: string, to: string): Promise<CopyCounts> {
  let source: BetterSqlite3.Database;
  try {
    source = new BetterSqlite3(from, { fileMustExist: true });
  } catch (error) {
    throw new CopyRefused(`cannot open the SQLite store ${from}: ${(error as Error).message}`);
  }
  const target = new pg.Pool({ connectionString: to, max: 1 });
  target.on('error', () => undefined);
  try {
    const version = source.pragma('user_version', { simple: true }) as number;
    if (version > SQLITE_SCHEMA_VERSION) {
      throw new CopyRefused(
        `${from} has schema version ${version}, newer than this program's ${SQLITE_SCHEMA_VERSION}: copy it with the newer version`,
      );
    }
    if (version === 0 && !source.prepare("SELECT 1 FROM sqlite_master WHERE name = 'audit'").get()) {
      throw new CopyRefused(`${from} is not a bot store (it has no audit table)`);
    }
    // What the bot itself would do at start-up: bring an older file up to the current schema.
    migrate(source);
    try {
      await migratePostgres(target);
    } catch (error) {
      throw new CopyRefused(
        `cannot open the PostgreSQL database at ${describePostgresUrl(to)}: ${(error as Error).message}`,
      );
    }
    return await transaction(target, async (db) => {
      // No bot may write while the copy runs, and a second copy waits, then finds the tables full.
      await db.query(`LOCK TABLE ${TABLES.map((t) => t.name).join(', ')} IN EXCLUSIVE MODE`);
      for (const table of TABLES) {
        const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table.name}`);
        const n = Number(rows[0]?.n ?? 0);
        if (n > 0) {
          throw new CopyRefused(
            `refusing to write into a non-empty database: ${table.name} at ${describePostgresUrl(to)} has ${n} row${n === 1 ? '' : 's'} (copy into a new, empty database)`,
          );
        }
      }
      const counts: CopyCounts = {};
      for (const table of TABLES) {
        const columns = table.columns.join(', ');
        const placeholders = table.columns.map((_, i) => `$${i + 1}`).join(', ');
        const insert = `INSERT INTO ${table.name} (${columns}) VALUES (${placeholders})`;
        const order = table.identity ? ' ORDER BY id' : '';
        let count = 0;
        for (const row of source.prepare(`SELECT ${columns} FROM ${table.name}${order}`).iterate()) {
          const values = table.columns.map((c) => (row as Record<string, unknown>)[c] ?? null);
          await db.query(insert, values);
          count++;
        }
        if (table.identity && count > 0) {
          await db.query(
            `SELECT setval(pg_get_serial_sequence('${table.name}', 'id'), (SELECT max(id) FROM ${table.name}))`,
          );
        }
        const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table.name}`);
        if (Number(rows[0]?.n) !== count) {
          throw new Error(
            `${table.name}: ${count} rows read but ${rows[0]?.n} written; nothing was committed`,
          );
        }
        counts[table.name] = count;
      }
      return counts;
    });
  } finally {
    source.close();
    await target.end().catch(() => undefined);
  }
}
