// The SQLite repositories of the operations side: relay actions awaiting approval and open alerts.
import type { Database } from 'better-sqlite3';
import type { MessageRef } from '../domain/change-request.ts';
import type { ActiveAlert } from '../domain/ops/alerts.ts';
import type { RelayActionRequest, RelayActionState } from '../domain/ops/relay-action.ts';
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

type AppendAudit = (entry: AuditInput) => void;

export class SqliteRelayActions implements RelayActionRepository {
  constructor(
    private readonly db: Database,
    private readonly appendAudit: AppendAudit,
  ) {}

  async create(
    request: NewRelayActionRequest,
    audit: (id: number) => AuditInput,
  ): Promise<RelayActionRequest> {
    return this.db.transaction(() => {
      const result = this.db
        .prepare(
          'INSERT INTO relay_actions (state, requester, created_at, expires_at, data) VALUES (?, ?, ?, ?, ?)',
        )
        .run(request.state, request.requester, request.createdAt, request.expiresAt, actionData(request));
      const id = Number(result.lastInsertRowid);
      this.appendAudit(audit(id));
      return { ...request, id, message: null };
    })();
  }

  async get(id: number): Promise<RelayActionRequest | undefined> {
    const row = this.db.prepare('SELECT id, data, message FROM relay_actions WHERE id = ?').get(id) as
      | ActionRow
      | undefined;
    return row ? actionFromRow(row) : undefined;
  }

  async list(filter: { states?: RelayActionState[]; limit?: number }): Promise<RelayActionRequest[]> {
    const states = filter.states ?? [];
    const where = states.length > 0 ? `WHERE state IN (${states.map(() => '?').join(', ')})` : '';
    const rows = this.db
      .prepare(`SELECT id, data, message FROM relay_actions ${where} ORDER BY id DESC LIMIT ?`)
      .all(...states, filter.limit ?? 100) as ActionRow[];
    return rows.map(actionFromRow);
  }

  async transition(write: RelayActionWrite): Promise<boolean> {
    return this.db.transaction(() => {
      const ttl = write.unexpiredAt === undefined ? '' : ' AND expires_at > ?';
      const updated = this.db
        .prepare(`UPDATE relay_actions SET state = ?, data = ? WHERE id = ? AND state = ?${ttl}`)
        .run(
          write.next.state,
          actionData(write.next),
          write.id,
          write.from,
          ...(write.unexpiredAt === undefined ? [] : [write.unexpiredAt]),
        );
      if (updated.changes !== 1) return false;
      this.appendAudit(write.audit);
      return true;
    })();
  }

  async setMessage(id: number, ref: MessageRef): Promise<void> {
    this.db.prepare('UPDATE relay_actions SET message = ? WHERE id = ?').run(JSON.stringify(ref), id);
  }
}

export class SqliteAlerts implements AlertRepository {
  constructor(private readonly db: Database) {}

  async list(): Promise<OpenAlert[]> {
    const rows = this.db
      .prepare('SELECT data, message FROM open_alerts ORDER BY raised_at, key')
      .all() as AlertRow[];
    return rows.map(alertFromRow);
  }

  async get(key: string): Promise<OpenAlert | undefined> {
    const row = this.db.prepare('SELECT data, message FROM open_alerts WHERE key = ?').get(key) as
      | AlertRow
      | undefined;
    return row ? alertFromRow(row) : undefined;
  }

  async open(alert: ActiveAlert): Promise<boolean> {
    const inserted = this.db
      .prepare('INSERT OR IGNORE INTO open_alerts (key, relay, kind, raised_at, data) VALUES (?, ?, ?, ?, ?)')
      .run(alert.key, alert.relay, alert.kind, alert.raisedAt, JSON.stringify(alert));
    return inserted.changes === 1;
  }

  async setMessage(key: string, ref: MessageRef): Promise<void> {
    this.db.prepare('UPDATE open_alerts SET message = ? WHERE key = ?').run(JSON.stringify(ref), key);
  }

  async claimResolve(key: string, now: number, staleMs = 5 * 60_000): Promise<boolean> {
    const claimed = this.db
      .prepare(
        'UPDATE open_alerts SET resolving_at = ? WHERE key = ? AND (resolving_at IS NULL OR resolving_at < ?)',
      )
      .run(now, key, now - staleMs);
    return claimed.changes === 1;
  }

  async close(key: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM open_alerts WHERE key = ?').run(key).changes === 1;
  }
}

export class SqliteDeliveries implements DeliveryRepository {
  private lastPrune = 0;

  constructor(private readonly db: Database) {}

  async claim(key: string, now: number): Promise<boolean> {
    if (now - this.lastPrune > 10 * 60_000) {
      this.lastPrune = now;
      this.db.prepare('DELETE FROM deliveries WHERE seen_at < ?').run(now - DELIVERY_MEMORY_MS);
    }
    return (
      this.db.prepare('INSERT OR IGNORE INTO deliveries (key, seen_at) VALUES (?, ?)').run(key, now)
        .changes === 1
    );
  }
}

export class SqliteLeases implements LeaseRepository {
  constructor(
    private readonly db: Database,
    private readonly clock: () => number = Date.now,
  ) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    const taken = this.db
      .prepare(
        `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`,
      )
      .run(name, holder, now + ttlMs, now);
    return taken.changes === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    this.db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?').run(name, holder);
  }
}
