// Schema migrations for the SQLite store, applied in order and recorded in user_version.
import type { Database } from 'better-sqlite3';

const MIGRATIONS: string[] = [
  `CREATE TABLE desired_state (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     version INTEGER NOT NULL,
     data TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE change_requests (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     state TEXT NOT NULL,
     requester TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX change_requests_state ON change_requests (state, expires_at);
   CREATE TABLE audit (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     change_id INTEGER REFERENCES change_requests (id),
     action TEXT NOT NULL,
     from_state TEXT,
     to_state TEXT,
     reason TEXT,
     details TEXT
   );
   CREATE INDEX audit_change ON audit (change_id, id);
   CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
     BEGIN SELECT RAISE(ABORT, 'the audit table is append-only'); END;
   CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
     BEGIN SELECT RAISE(ABORT, 'the audit table is append-only'); END;`,
  // 2: operations state that must survive a restart: relay actions awaiting approval, open alerts.
  // Times are epoch milliseconds, as in the ops domain; `message` is a JSON MessageRef.
  `CREATE TABLE relay_actions (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     state TEXT NOT NULL,
     requester TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     data TEXT NOT NULL,
     message TEXT
   );
   CREATE INDEX relay_actions_state ON relay_actions (state, expires_at);
   CREATE TABLE open_alerts (
     key TEXT PRIMARY KEY,
     relay TEXT NOT NULL,
     kind TEXT NOT NULL,
     raised_at INTEGER NOT NULL,
     data TEXT NOT NULL,
     message TEXT
   );`,
  // 3: several replicas: Slack deliveries acted on (by key), leases on one-at-a-time work, and the claim
  // of an alert's resolve. Times are epoch milliseconds. (Same version in sqlite and postgres dialects.)
  `CREATE TABLE deliveries (
     key TEXT PRIMARY KEY,
     seen_at INTEGER NOT NULL
   );
   CREATE INDEX deliveries_seen ON deliveries (seen_at);
   CREATE TABLE leases (
     name TEXT PRIMARY KEY,
     holder TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   );
   ALTER TABLE open_alerts ADD COLUMN resolving_at INTEGER;`,
  // 4: each Slack user's locale and time zone from users.info, so replies need not ask every time.
  `CREATE TABLE user_locales (
     user_id TEXT PRIMARY KEY,
     locale TEXT,
     time_zone TEXT,
     fetched_at TEXT NOT NULL
   );`,
];

/** The schema version this code writes (the PostgreSQL migrations have the same count). */
export const SQLITE_SCHEMA_VERSION = MIGRATIONS.length;

/** Applies the migrations not applied yet, up to `target` (all by default; tests stop earlier). */
export function migrate(db: Database, target = MIGRATIONS.length): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < target; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
