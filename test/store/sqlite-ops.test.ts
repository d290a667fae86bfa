// The operations repositories of the SQLite store: relay actions (compare-and-set, message kept apart
// from transitions) and open alerts; and the migration of a database from before they existed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import type { ActiveAlert } from '../../src/domain/ops/alerts.ts';
import { decided, finished } from '../../src/domain/ops/relay-action.ts';
import type { AuditInput, NewRelayActionRequest } from '../../src/store/repositories.ts';
import { migrate } from '../../src/store/sqlite-migrations.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';

const at = '2026-01-01T00:00:00.000Z';

function tempFile(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'store-ops-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'bot.db');
}

const pause: NewRelayActionRequest = {
  action: 'pause',
  relays: ['mx1', 'mx2'],
  requester: 'U0ALICE',
  reason: 'maintenance',
  state: 'proposed',
  createdAt: 1_000,
  expiresAt: 3_601_000,
  decidedBy: null,
  decidedAt: null,
  outcomes: [],
};

const entry = (action: string, actor = 'U0ALICE'): AuditInput => ({
  at,
  actor,
  changeId: null,
  action,
  fromState: null,
  toState: null,
  reason: null,
  details: null,
});

const alert: ActiveAlert = {
  key: 'mx1:queue-age',
  kind: 'queue-age',
  relay: 'mx1',
  raisedAt: 5_000,
  detail: 'oldest queued message is 2 h old',
  remedy: 'run /gateway relay queue',
};

describe('SQLite store: operations state', () => {
  it('decides a relay action once (compare-and-set) and keeps its message through transitions', async (t) => {
    const file = tempFile(t);
    const first = openSqliteStore(file);
    const created = await first.relayActions.create(pause, (id) => ({
      ...entry('relay-action-proposed'),
      details: { id },
    }));
    assert.equal(created.id, 1);
    assert.equal(created.message, null);
    await first.relayActions.setMessage(created.id, { channel: 'C0APPROVALS', ts: '1.000001' });
    await first.close();

    const store = openSqliteStore(file);
    t.after(() => store.close());
    const loaded = await store.relayActions.get(created.id);
    assert.deepEqual(loaded, { ...pause, id: 1, message: { channel: 'C0APPROVALS', ts: '1.000001' } });
    assert.ok(loaded);
    const approve = (actor: string) =>
      store.relayActions.transition({
        id: 1,
        from: 'proposed',
        next: decided({ ...loaded, message: null }, 'approve', actor, 2_000),
        audit: entry('relay-action-approved', actor),
      });
    assert.deepEqual(await Promise.all([approve('U0BOB'), approve('U0CAROL')]), [true, false]);
    const approved = await store.relayActions.get(1);
    assert.equal(approved?.state, 'approved');
    assert.equal(approved?.decidedBy, 'U0BOB');
    assert.deepEqual(approved?.message, { channel: 'C0APPROVALS', ts: '1.000001' }, 'not dropped');
    assert.ok(approved);
    const done = finished(approved, [{ relay: 'mx1', ok: true, text: 'paused' }]);
    assert.equal(
      await store.relayActions.transition({ id: 1, from: 'approved', next: done, audit: entry('result') }),
      true,
    );
    assert.deepEqual((await store.relayActions.get(1))?.outcomes, done.outcomes);
    assert.deepEqual(await store.relayActions.list({ states: ['proposed'] }), []);
    assert.deepEqual(
      (await store.audit.list({ limit: 10 })).map((e) => `${e.action}:${e.actor}`),
      ['result:U0ALICE', 'relay-action-approved:U0BOB', 'relay-action-proposed:U0ALICE'],
      'the losing writer left no audit entry',
    );
  });

  it('opens an alert once, keeps its message, and closes it once', async (t) => {
    const file = tempFile(t);
    const first = openSqliteStore(file);
    assert.equal(await first.alerts.open(alert), true);
    assert.equal(await first.alerts.open({ ...alert, raisedAt: 9_000 }), false, 'already open');
    await first.alerts.setMessage(alert.key, { channel: 'C0ALERTS', ts: '2.000002' });
    await first.close();

    const store = openSqliteStore(file);
    t.after(() => store.close());
    assert.deepEqual(await store.alerts.list(), [
      { alert, message: { channel: 'C0ALERTS', ts: '2.000002' } },
    ]);
    assert.deepEqual((await store.alerts.get(alert.key))?.message, { channel: 'C0ALERTS', ts: '2.000002' });
    assert.equal(await store.alerts.close(alert.key), true);
    assert.equal(await store.alerts.close(alert.key), false);
    assert.equal(await store.alerts.get(alert.key), undefined);
  });

  it('upgrades a database written before the operations tables, keeping its data', async (t) => {
    const file = tempFile(t);
    const old = new BetterSqlite3(file);
    migrate(old, 1);
    old.prepare('INSERT INTO audit (at, actor, action) VALUES (?, ?, ?)').run(at, 'U0ALICE', 'proposed');
    assert.equal(old.pragma('user_version', { simple: true }), 1);
    old.close();

    const store = openSqliteStore(file);
    t.after(() => store.close());
    assert.deepEqual(
      (await store.audit.list({ limit: 5 })).map((e) => e.action),
      ['proposed'],
    );
    assert.equal((await store.relayActions.create(pause, () => entry('relay-action-proposed'))).id, 1);
    assert.equal(await store.alerts.open(alert), true);
    const raw = new BetterSqlite3(file);
    t.after(() => raw.close());
    assert.equal(raw.pragma('user_version', { simple: true }), 3);
  });
});
