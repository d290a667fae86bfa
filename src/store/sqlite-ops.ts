// The SQLite repositories of the operations side: relay actions awaiting approval and open alerts.
import type { Database } from 'better-sqlite3';
import type { MessageRef } from '../domain/change-request.ts';
import type { ActiveAlert } from '../domain/ops/alerts.ts';
import type { RelayActionRequest, RelayActionState } from '../domain/ops/relay-action.ts';
import type {
  AlertRepository,
  AuditInput,
  NewRelayActionRequest,
  OpenAlert,
  RelayActionRepository,
  RelayActionWrite,
} from './repositories.ts';

type AppendAudit = (entry: AuditInput) => void;

interface ActionRow {
  id: number;
  data: string;
  message: string | null;
}

function actionFromRow(row: ActionRow): RelayActionRequest {
  const data = JSON.parse(row.data) as Omit<RelayActionRequest, 'id' | 'message'>;
  return { ...data, id: row.id, message: row.message ? (JSON.parse(row.message) as MessageRef) : null };
}

/** What goes in `data`: everything but the id and the message, which have their own columns. */
function actionData(request: RelayActionRequest | NewRelayActionRequest): string {
  const { id: _id, message: _message, ...data } = request as RelayActionRequest;
  return JSON.stringify(data);
}

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
      const updated = this.db
        .prepare('UPDATE relay_actions SET state = ?, data = ? WHERE id = ? AND state = ?')
        .run(write.next.state, actionData(write.next), write.id, write.from);
      if (updated.changes !== 1) return false;
      this.appendAudit(write.audit);
      return true;
    })();
  }

  async setMessage(id: number, ref: MessageRef): Promise<void> {
    this.db.prepare('UPDATE relay_actions SET message = ? WHERE id = ?').run(JSON.stringify(ref), id);
  }
}

interface AlertRow {
  data: string;
  message: string | null;
}

function alertFromRow(row: AlertRow): OpenAlert {
  return {
    alert: JSON.parse(row.data) as ActiveAlert,
    message: row.message ? (JSON.parse(row.message) as MessageRef) : null,
  };
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

  async close(key: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM open_alerts WHERE key = ?').run(key).changes === 1;
  }
}
