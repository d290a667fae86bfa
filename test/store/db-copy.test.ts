// `npm run db:copy -- --from FILE.db --to postgres://...`: moves a SQLite store into an empty
// PostgreSQL database, audit trail included, and refuses a database that already holds a store.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { newProposal, transition } from '../../src/domain/change-request.ts';
import { EMPTY_STATE, planChange } from '../../src/domain/desired-state.ts';
import { GOOGLE_DEFAULT_OPTIONS } from '../../src/domain/route.ts';
import { raw } from '../../src/i18n/phrase.ts';
import { openPostgresStore } from '../../src/store/pg-store.ts';
import type { Store } from '../../src/store/repositories.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { postgresForSuite } from '../support/postgres.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const at = '2026-01-01T00:00:00.000Z';

async function dbCopy(...args: string[]) {
  const child = spawn('npm', ['run', '--silent', 'db:copy', '--', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** A store with a bit of everything: an approved change, a proposed one, a relay action, an alert. */
async function fill(store: Store): Promise<void> {
  const route = {
    name: 'relay-1',
    host: 'smtp.example.com',
    port: 25,
    options: { ...GOOGLE_DEFAULT_OPTIONS },
  };
  const change = { kind: 'add-route' as const, route };
  const proposal = newProposal({
    change,
    diff: [],
    requester: 'U0ALICE',
    reason: 'new relay',
    createdAt: at,
    expiresAt: '2026-01-02T00:00:00.000Z',
    preflight: null,
  });
  const entry = {
    at,
    actor: 'U0ALICE',
    action: 'proposed',
    fromState: null,
    toState: 'proposed',
    reason: null,
  };
  const first = await store.changes.create(proposal, { ...entry, details: { note: 'ü "quoted"' } });
  await store.changes.setApprovalMessage(first.id, { channel: 'C0APPROVALS', ts: '1.000001' });
  const moved = transition(
    first,
    { type: 'approve', actor: 'U0BOB', acknowledgeBounce: false },
    new Date(at),
  );
  assert.ok(moved.ok);
  const plan = planChange(EMPTY_STATE, change);
  assert.ok(plan.ok);
  await store.changes.transition({
    id: first.id,
    from: 'proposed',
    next: moved.next,
    desiredState: { expectedVersion: 0, next: plan.next },
    audit: { ...entry, actor: 'U0BOB', changeId: first.id, action: 'approved', details: null },
  });
  await store.changes.create({ ...proposal, reason: 'second' }, { ...entry, details: null });
  await store.audit.append({
    ...entry,
    changeId: null,
    action: 'relay-action-run',
    details: { relays: ['mx1'] },
  });
  await store.relayActions.create(
    {
      action: 'pause',
      relays: ['mx1'],
      requester: 'U0ALICE',
      reason: null,
      state: 'proposed',
      createdAt: 1_767_225_600_000,
      expiresAt: 1_767_229_200_000,
      decidedBy: null,
      decidedAt: null,
      outcomes: [],
    },
    (id) => ({ ...entry, changeId: null, action: 'relay-action-proposed', details: { id } }),
  );
  await store.alerts.open({
    key: 'mx1:queue-age',
    kind: 'queue-age',
    relay: 'mx1',
    raisedAt: 1_767_225_600_000,
    detail: raw('old'),
    remedy: raw('look'),
  });
}

async function snapshot(store: Store) {
  return {
    state: await store.desiredState.load(),
    changes: await store.changes.list({ limit: 100 }),
    audit: await store.audit.list({ limit: 100 }),
    actions: await store.relayActions.list({ limit: 100 }),
    alerts: await store.alerts.list(),
  };
}

const server = await postgresForSuite('db:copy');
if (server) after(() => server.stop());

describe('npm run db:copy', () => {
  it('refuses bad arguments with the usage, and a missing file by name', async (t) => {
    const none = await dbCopy('--from', 'x.db');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--to is required\nusage: npm run db:copy -- --from FILE\.db --to postgres:/);
    const mysql = await dbCopy('--from', 'x.db', '--to', 'mysql://u:secretpw@h/db');
    assert.equal(mysql.code, 2);
    assert.doesNotMatch(mysql.stderr, /secretpw/);
    const dir = mkdtempSync(join(tmpdir(), 'db-copy-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const missing = await dbCopy(
      '--from',
      join(dir, 'none.db'),
      '--to',
      'postgres://u:secretpw@127.0.0.1:1/db',
    );
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot open the SQLite store .*none\.db/);
    assert.doesNotMatch(missing.stderr, /secretpw/);
  });

  it('copies every table, the audit trail included, keeps ids, and refuses a non-empty database', {
    skip: server ? false : 'PostgreSQL is not available (see the log above)',
  }, async (t) => {
    assert.ok(server);
    const dir = mkdtempSync(join(tmpdir(), 'db-copy-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'bot.db');
    const sqlite = openSqliteStore(file);
    await fill(sqlite);
    const before = await snapshot(sqlite);
    await sqlite.close();
    const url = await server.newDatabase();

    const copied = await dbCopy('--from', file, '--to', url);
    assert.equal(copied.code, 0, copied.stderr);
    assert.match(
      copied.stdout,
      /desired_state 1, change_requests 2, audit 5, relay_actions 1, open_alerts 1/,
    );
    const pgStore = await openPostgresStore({ url, poolSize: 2 });
    t.after(() => pgStore.close());
    assert.deepEqual(await snapshot(pgStore), before);
    const next = await pgStore.changes.create(before.changes[0] as never, {
      at,
      actor: 'U0ALICE',
      action: 'proposed',
      fromState: null,
      toState: 'proposed',
      reason: null,
      details: null,
    });
    assert.equal(next.id, 3, 'new ids continue after the copied ones');
    assert.equal((await pgStore.audit.list({ limit: 1 }))[0]?.id, 6);

    const again = await dbCopy('--from', file, '--to', url);
    assert.equal(again.code, 1);
    assert.match(
      again.stderr,
      /refusing to write into a non-empty database: desired_state at 127\.0\.0\.1:\d+\/test_\d+ has 1 row/,
    );
    assert.equal((await pgStore.audit.list({ limit: 100 })).length, 6, 'nothing written');
  });
});
