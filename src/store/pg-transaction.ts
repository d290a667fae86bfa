// One transaction on one pooled connection (BEGIN, the work, COMMIT; ROLLBACK on any throw), and the
// audit insert every repository shares.
import type pg from 'pg';
import type { AuditInput } from './repositories.ts';

/** Thrown inside a transaction to roll it back when a compare-and-set loses. */
export class LostRace extends Error {}

/** A pool or a client in a transaction: both answer query(). */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function appendAudit(db: Queryable, entry: AuditInput): Promise<void> {
  await db.query(
    'INSERT INTO audit (at, actor, change_id, action, from_state, to_state, reason, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [
      entry.at,
      entry.actor,
      entry.changeId,
      entry.action,
      entry.fromState,
      entry.toState,
      entry.reason,
      entry.details ? JSON.stringify(entry.details) : null,
    ],
  );
}
