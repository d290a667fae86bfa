// The PostgreSQL repositories of the operations side and of running as several replicas: relay
// actions, open alerts, Slack deliveries acted on, and leases. Leases use the database's clock, so
// replicas with skewed clocks still agree on when one expired.
import type pg from 'pg';
import type { MessageRef } from '../domain/change-request.ts';
import type { ActiveAlert } from '../domain/ops/alerts.ts';
import type { RelayActionRequest, RelayActionState } from '../domain/ops/relay-action.ts';
import { appendAudit, transaction } from './pg-transaction.ts';
import type {
  AlertRepository,
  AuditInput,
  DeliveryRepository,
  LeaseRepository,
  NewRelayActionRequest,
  OpenAlert,
  RelayActionRepository,
  RelayActionWrite,
} from './repositories.ts';
import { DELIVERY_MEMORY_MS } from './repositories.ts';
import { type ActionRow, type AlertRow, actionData, actionFromRow, alertFromRow } from './rows.ts';

export class PgRelayActions implements RelayActionRepository {
  constructor(private readonly pool: pg.Pool) {}

  create(request: NewRelayActionRequest, audit: (id: number) => AuditInput): Promise<RelayActionRequest> {
    return transaction(this.pool, async (db) => {
      const { rows } = await db.query<{ id: number }>(
        'INSERT INTO relay_actions (state, requester, created_at, expires_at, data) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [request.state, request.requester, request.createdAt, request.expiresAt, actionData(request)],
      );
      const id = (rows[0] as { id: number }).id;
      await appendAudit(db, audit(id));
      return { ...request, id, message: null };
    });
  }

  async get(id: number): Promise<RelayActionRequest | undefined> {
    const { rows } = await this.pool.query<ActionRow>(
      'SELECT id, data, message FROM relay_actions WHERE id = $1',
      [id],
    );
    return rows[0] ? actionFromRow(rows[0]) : undefined;
  }

  async list(filter: { states?: RelayActionState[]; limit?: number }): Promise<RelayActionRequest[]> {
    const states = filter.states ?? [];
    const { rows } = await this.pool.query<ActionRow>(
      states.length > 0
        ? 'SELECT id, data, message FROM relay_actions WHERE state = ANY($1) ORDER BY id DESC LIMIT $2'
        : 'SELECT id, data, message FROM relay_actions ORDER BY id DESC LIMIT $1',
      states.length > 0 ? [states, filter.limit ?? 100] : [filter.limit ?? 100],
    );
    return rows.map(actionFromRow);
  }

  async transition(write: RelayActionWrite): Promise<boolean> {
    return transaction(this.pool, async (db) => {
      const params: unknown[] = [write.next.state, actionData(write.next), write.id, write.from];
      let ttl = '';
      if (write.unexpiredAt !== undefined) {
        params.push(write.unexpiredAt);
        ttl = ' AND expires_at > $5';
      }
      const updated = await db.query(
        `UPDATE relay_actions SET state = $1, data = $2 WHERE id = $3 AND state = $4${ttl}`,
        params,
      );
      if (updated.rowCount !== 1) return false;
      await appendAudit(db, write.audit);
      return true;
    });
  }

  async setMessage(id: number, ref: MessageRef): Promise<void> {
    await this.pool.query('UPDATE relay_actions SET message = $1 WHERE id = $2', [JSON.stringify(ref), id]);
  }
}

export class PgAlerts implements AlertRepository {
  constructor(private readonly pool: pg.Pool) {}

  async list(): Promise<OpenAlert[]> {
    const { rows } = await this.pool.query<AlertRow>(
      'SELECT data, message FROM open_alerts ORDER BY raised_at, key',
    );
    return rows.map(alertFromRow);
  }

  async get(key: string): Promise<OpenAlert | undefined> {
    const { rows } = await this.pool.query<AlertRow>('SELECT data, message FROM open_alerts WHERE key = $1', [
      key,
    ]);
    return rows[0] ? alertFromRow(rows[0]) : undefined;
  }

  async open(alert: ActiveAlert): Promise<boolean> {
    const inserted = await this.pool.query(
      'INSERT INTO open_alerts (key, relay, kind, raised_at, data) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING',
      [alert.key, alert.relay, alert.kind, alert.raisedAt, JSON.stringify(alert)],
    );
    return inserted.rowCount === 1;
  }

  async setMessage(key: string, ref: MessageRef): Promise<void> {
    await this.pool.query('UPDATE open_alerts SET message = $1 WHERE key = $2', [JSON.stringify(ref), key]);
  }

  async claimResolve(key: string, now: number, staleMs = 5 * 60_000): Promise<boolean> {
    const claimed = await this.pool.query(
      'UPDATE open_alerts SET resolving_at = $1 WHERE key = $2 AND (resolving_at IS NULL OR resolving_at < $3)',
      [now, key, now - staleMs],
    );
    return claimed.rowCount === 1;
  }

  async close(key: string): Promise<boolean> {
    return (await this.pool.query('DELETE FROM open_alerts WHERE key = $1', [key])).rowCount === 1;
  }
}

export class PgDeliveries implements DeliveryRepository {
  private lastPrune = 0;

  constructor(private readonly pool: pg.Pool) {}

  async claim(key: string, now: number): Promise<boolean> {
    if (now - this.lastPrune > 10 * 60_000) {
      this.lastPrune = now;
      await this.pool.query('DELETE FROM deliveries WHERE seen_at < $1', [now - DELIVERY_MEMORY_MS]);
    }
    const inserted = await this.pool.query(
      'INSERT INTO deliveries (key, seen_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
      [key, now],
    );
    return inserted.rowCount === 1;
  }
}

const DB_NOW_MS = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint';

export class PgLeases implements LeaseRepository {
  constructor(private readonly pool: pg.Pool) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, ${DB_NOW_MS} + $3)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.holder = excluded.holder OR leases.expires_at <= ${DB_NOW_MS}`,
      [name, holder, Math.round(ttlMs)],
    );
    return rowCount === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.pool.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
  }
}
