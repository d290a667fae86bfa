// The PostgreSQL implementation of the repositories (the `pg` client, a pool of DATABASE_POOL_SIZE).
// Several bot replicas share one database; each compare-and-set is one UPDATE ... WHERE state = $from
// (READ COMMITTED re-checks the condition after a concurrent writer commits, so only one wins).
import pg from 'pg';
import type { ChangeRequest, ChangeState, MessageRef } from '../domain/change-request.ts';
import { type DesiredState, EMPTY_STATE } from '../domain/desired-state.ts';
import { migratePostgres } from './pg-migrations.ts';
import { PgAlerts, PgDeliveries, PgLeases, PgRelayActions } from './pg-ops.ts';
import { appendAudit, LostRace, type Queryable, transaction } from './pg-transaction.ts';
import { PgUserLocales } from './pg-user-locales.ts';
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

export interface PostgresStoreOptions {
  /** DATABASE_URL */
  url: string;
  /** DATABASE_POOL_SIZE */
  poolSize: number;
}

/** host:port/database of a postgres:// URL, without user or password (for logs and /healthz). */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize });
  // An idle connection dropped by the server must not crash the bot; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(
      `cannot open the PostgreSQL store at ${describePostgresUrl(options.url)}: ${(error as Error).message} (check DATABASE_URL, that PostgreSQL runs and that the user may create tables)`,
    );
  }
  const audit = new PgAudit(pool);
  return {
    desiredState: new PgDesiredState(pool),
    changes: new PgChangeRequests(pool),
    audit,
    relayActions: new PgRelayActions(pool),
    alerts: new PgAlerts(pool),
    deliveries: new PgDeliveries(pool),
    leases: new PgLeases(pool),
    userLocales: new PgUserLocales(pool),
    kind: 'postgresql',
    location: describePostgresUrl(options.url),
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
}

class PgDesiredState implements DesiredStateRepository {
  constructor(private readonly pool: pg.Pool) {}

  async load(): Promise<DesiredState> {
    const { rows } = await this.pool.query<{ version: number; data: string }>(
      'SELECT version, data FROM desired_state WHERE id = 1',
    );
    const row = rows[0];
    if (!row) return structuredClone(EMPTY_STATE);
    const data = JSON.parse(row.data) as Omit<DesiredState, 'version'>;
    return { routes: data.routes, routing: data.routing, version: row.version };
  }
}

async function writeState(db: Queryable, expectedVersion: number, next: DesiredState, at: string) {
  const data = JSON.stringify({ routes: next.routes, routing: next.routing });
  if (expectedVersion === 0) {
    const inserted = await db.query(
      'INSERT INTO desired_state (id, version, data, updated_at) VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING',
      [next.version, data, at],
    );
    if (inserted.rowCount === 1) return;
  }
  const updated = await db.query(
    'UPDATE desired_state SET version = $1, data = $2, updated_at = $3 WHERE id = 1 AND version = $4',
    [next.version, data, at, expectedVersion],
  );
  if (updated.rowCount !== 1) throw new LostRace();
}

class PgChangeRequests implements ChangeRequestRepository {
  constructor(private readonly pool: pg.Pool) {}

  create(request: NewChangeRequest, audit: Omit<AuditInput, 'changeId'>): Promise<ChangeRequest> {
    return transaction(this.pool, async (db) => {
      const { rows } = await db.query<{ id: number }>(
        'INSERT INTO change_requests (state, requester, created_at, expires_at, data) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [request.state, request.requester, request.createdAt, request.expiresAt, '{}'],
      );
      const id = (rows[0] as { id: number }).id;
      const stored: ChangeRequest = { ...request, id };
      await db.query('UPDATE change_requests SET data = $1 WHERE id = $2', [JSON.stringify(stored), id]);
      await appendAudit(db, { ...audit, changeId: id });
      return stored;
    });
  }

  async get(id: number): Promise<ChangeRequest | undefined> {
    const { rows } = await this.pool.query<{ data: string }>(
      'SELECT data FROM change_requests WHERE id = $1',
      [id],
    );
    return rows[0] ? (JSON.parse(rows[0].data) as ChangeRequest) : undefined;
  }

  async list(filter: { states?: ChangeState[]; limit?: number }): Promise<ChangeRequest[]> {
    const states = filter.states ?? [];
    const { rows } = await this.pool.query<{ data: string }>(
      states.length > 0
        ? 'SELECT data FROM change_requests WHERE state = ANY($1) ORDER BY id DESC LIMIT $2'
        : 'SELECT data FROM change_requests ORDER BY id DESC LIMIT $1',
      states.length > 0 ? [states, filter.limit ?? 100] : [filter.limit ?? 100],
    );
    return rows.map((row) => JSON.parse(row.data) as ChangeRequest);
  }

  async transition(write: TransitionWrite): Promise<boolean> {
    try {
      await transaction(this.pool, async (db) => {
        // Locks the row: a concurrent transition waits here, then finds the state moved.
        const { rows } = await db.query<{ data: string }>(
          'SELECT data FROM change_requests WHERE id = $1 FOR UPDATE',
          [write.id],
        );
        const stored = rows[0] ? (JSON.parse(rows[0].data) as ChangeRequest) : undefined;
        // `next` was built from a read made before this write; the approval message may have been
        // recorded since, and must not be lost.
        const next =
          stored?.approvalMessage && !write.next.approvalMessage
            ? { ...write.next, approvalMessage: stored.approvalMessage }
            : write.next;
        const params: unknown[] = [next.state, JSON.stringify(next), write.id, write.from];
        let ttl = '';
        if (write.unexpiredAt !== undefined) {
          params.push(write.unexpiredAt);
          ttl = ' AND expires_at::timestamptz > $5::timestamptz';
        }
        const updated = await db.query(
          `UPDATE change_requests SET state = $1, data = $2 WHERE id = $3 AND state = $4${ttl}`,
          params,
        );
        if (updated.rowCount !== 1) throw new LostRace();
        if (write.desiredState) {
          await writeState(db, write.desiredState.expectedVersion, write.desiredState.next, write.audit.at);
        }
        await appendAudit(db, write.audit);
      });
      return true;
    } catch (error) {
      if (error instanceof LostRace) return false;
      throw error;
    }
  }

  async setApprovalMessage(id: number, ref: MessageRef): Promise<void> {
    await transaction(this.pool, async (db) => {
      const { rows } = await db.query<{ data: string }>(
        'SELECT data FROM change_requests WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!rows[0]) return;
      const request = JSON.parse(rows[0].data) as ChangeRequest;
      await db.query('UPDATE change_requests SET data = $1 WHERE id = $2', [
        JSON.stringify({ ...request, approvalMessage: ref }),
        id,
      ]);
    });
  }
}

class PgAudit implements AuditRepository {
  constructor(private readonly pool: pg.Pool) {}

  append(entry: AuditInput): Promise<void> {
    return appendAudit(this.pool, entry);
  }

  async list(filter: { limit: number; changeId?: number }): Promise<AuditEntry[]> {
    const { rows } =
      filter.changeId === undefined
        ? await this.pool.query<AuditRow>('SELECT * FROM audit ORDER BY id DESC LIMIT $1', [filter.limit])
        : await this.pool.query<AuditRow>(
            'SELECT * FROM audit WHERE change_id = $1 ORDER BY id DESC LIMIT $2',
            [filter.changeId, filter.limit],
          );
    return rows.map(auditFromRow);
  }
}
