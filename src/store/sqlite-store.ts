// The SQLite implementation of the repositories (better-sqlite3: synchronous, one file, WAL).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { ChangeRequest, ChangeState, MessageRef } from '../domain/change-request.ts';
import { type DesiredState, EMPTY_STATE } from '../domain/desired-state.ts';
import type {
  AuditEntry,
  AuditInput,
  AuditRepository,
  ChangeRequestRepository,
  DesiredStateRepository,
  NewChangeRequest,
  Store,
  TransitionWrite,
} from './repositories.ts';
import { type AuditRow, auditFromRow } from './rows.ts';
import { migrate } from './sqlite-migrations.ts';
import { SqliteAlerts, SqliteDeliveries, SqliteLeases, SqliteRelayActions } from './sqlite-ops.ts';
import { SqliteUserLocales } from './sqlite-user-locales.ts';

/** Thrown inside a transaction to roll it back when a compare-and-set loses. */
class LostRace extends Error {}

export function openSqliteStore(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  const audit = new SqliteAudit(db);
  return {
    desiredState: new SqliteDesiredState(db),
    changes: new SqliteChangeRequests(db, audit),
    audit,
    relayActions: new SqliteRelayActions(db, (entry) => audit.appendSync(entry)),
    alerts: new SqliteAlerts(db),
    userLocales: new SqliteUserLocales(db),
    deliveries: new SqliteDeliveries(db),
    leases: new SqliteLeases(db),
    kind: 'sqlite',
    location: file,
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    close: async () => {
      db.close();
    },
  };
}

class SqliteDesiredState implements DesiredStateRepository {
  constructor(private readonly db: Database) {}

  async load(): Promise<DesiredState> {
    return loadState(this.db);
  }
}

function loadState(db: Database): DesiredState {
  const row = db.prepare('SELECT version, data FROM desired_state WHERE id = 1').get() as
    | { version: number; data: string }
    | undefined;
  if (!row) return structuredClone(EMPTY_STATE);
  const data = JSON.parse(row.data) as Omit<DesiredState, 'version'>;
  return { routes: data.routes, routing: data.routing, version: row.version };
}

function writeState(db: Database, expectedVersion: number, next: DesiredState, at: string): void {
  const data = JSON.stringify({ routes: next.routes, routing: next.routing });
  if (expectedVersion === 0) {
    const inserted = db
      .prepare('INSERT OR IGNORE INTO desired_state (id, version, data, updated_at) VALUES (1, ?, ?, ?)')
      .run(next.version, data, at);
    if (inserted.changes === 1) return;
  }
  const updated = db
    .prepare('UPDATE desired_state SET version = ?, data = ?, updated_at = ? WHERE id = 1 AND version = ?')
    .run(next.version, data, at, expectedVersion);
  if (updated.changes !== 1) throw new LostRace();
}

class SqliteChangeRequests implements ChangeRequestRepository {
  constructor(
    private readonly db: Database,
    private readonly audit: SqliteAudit,
  ) {}

  async create(request: NewChangeRequest, audit: Omit<AuditInput, 'changeId'>): Promise<ChangeRequest> {
    return this.db.transaction(() => {
      const result = this.db
        .prepare(
          'INSERT INTO change_requests (state, requester, created_at, expires_at, data) VALUES (?, ?, ?, ?, ?)',
        )
        .run(request.state, request.requester, request.createdAt, request.expiresAt, '{}');
      const id = Number(result.lastInsertRowid);
      const stored: ChangeRequest = { ...request, id };
      this.db.prepare('UPDATE change_requests SET data = ? WHERE id = ?').run(JSON.stringify(stored), id);
      this.audit.appendSync({ ...audit, changeId: id });
      return stored;
    })();
  }

  async get(id: number): Promise<ChangeRequest | undefined> {
    const row = this.db.prepare('SELECT data FROM change_requests WHERE id = ?').get(id) as
      | { data: string }
      | undefined;
    return row ? (JSON.parse(row.data) as ChangeRequest) : undefined;
  }

  async list(filter: { states?: ChangeState[]; limit?: number }): Promise<ChangeRequest[]> {
    const states = filter.states ?? [];
    const where = states.length > 0 ? `WHERE state IN (${states.map(() => '?').join(', ')})` : '';
    const rows = this.db
      .prepare(`SELECT data FROM change_requests ${where} ORDER BY id DESC LIMIT ?`)
      .all(...states, filter.limit ?? 100) as { data: string }[];
    return rows.map((row) => JSON.parse(row.data) as ChangeRequest);
  }

  async transition(write: TransitionWrite): Promise<boolean> {
    try {
      this.db.transaction(() => {
        // `next` was built from a read made before this write; the approval message may have been
        // recorded since (a click right after posting), and must not be lost.
        const row = this.db.prepare('SELECT data FROM change_requests WHERE id = ?').get(write.id) as
          | { data: string }
          | undefined;
        const stored = row ? (JSON.parse(row.data) as ChangeRequest) : undefined;
        const next =
          stored?.approvalMessage && !write.next.approvalMessage
            ? { ...write.next, approvalMessage: stored.approvalMessage }
            : write.next;
        const ttl = write.unexpiredAt === undefined ? '' : ' AND expires_at > ?';
        const updated = this.db
          .prepare(`UPDATE change_requests SET state = ?, data = ? WHERE id = ? AND state = ?${ttl}`)
          .run(
            next.state,
            JSON.stringify(next),
            write.id,
            write.from,
            ...(write.unexpiredAt === undefined ? [] : [write.unexpiredAt]),
          );
        if (updated.changes !== 1) throw new LostRace();
        if (write.desiredState) {
          writeState(this.db, write.desiredState.expectedVersion, write.desiredState.next, write.audit.at);
        }
        this.audit.appendSync(write.audit);
      })();
      return true;
    } catch (error) {
      if (error instanceof LostRace) return false;
      throw error;
    }
  }

  async setApprovalMessage(id: number, ref: MessageRef): Promise<void> {
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT data FROM change_requests WHERE id = ?').get(id) as
        | { data: string }
        | undefined;
      if (!row) return;
      const request = JSON.parse(row.data) as ChangeRequest;
      this.db
        .prepare('UPDATE change_requests SET data = ? WHERE id = ?')
        .run(JSON.stringify({ ...request, approvalMessage: ref }), id);
    })();
  }
}

class SqliteAudit implements AuditRepository {
  constructor(private readonly db: Database) {}

  appendSync(entry: AuditInput): void {
    this.db
      .prepare(
        'INSERT INTO audit (at, actor, change_id, action, from_state, to_state, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        entry.at,
        entry.actor,
        entry.changeId,
        entry.action,
        entry.fromState,
        entry.toState,
        entry.reason,
        entry.details ? JSON.stringify(entry.details) : null,
      );
  }

  async append(entry: AuditInput): Promise<void> {
    this.appendSync(entry);
  }

  async list(filter: { limit: number; changeId?: number }): Promise<AuditEntry[]> {
    const rows = (
      filter.changeId === undefined
        ? this.db.prepare('SELECT * FROM audit ORDER BY id DESC LIMIT ?').all(filter.limit)
        : this.db
            .prepare('SELECT * FROM audit WHERE change_id = ? ORDER BY id DESC LIMIT ?')
            .all(filter.changeId, filter.limit)
    ) as AuditRow[];
    return rows.map(auditFromRow);
  }
}
