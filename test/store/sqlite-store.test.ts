import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { newProposal, transition } from '../../src/domain/change-request.ts';
import { EMPTY_STATE, planChange } from '../../src/domain/desired-state.ts';
import { GOOGLE_DEFAULT_OPTIONS } from '../../src/domain/route.ts';
import type { NewChangeRequest } from '../../src/store/repositories.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';

const at = '2026-01-01T00:00:00.000Z';
const change = {
  kind: 'add-route' as const,
  route: { name: 'relay-1', host: 'smtp.example.com', port: 25, options: { ...GOOGLE_DEFAULT_OPTIONS } },
};

function proposal(): NewChangeRequest {
  return newProposal({
    change,
    diff: [],
    requester: 'U0ALICE',
    reason: 'new relay',
    createdAt: at,
    expiresAt: '2026-01-02T00:00:00.000Z',
    preflight: null,
  });
}

function tempFile(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'nested', 'bot.db');
}

const audit = {
  at,
  actor: 'U0ALICE',
  action: 'proposed',
  fromState: null,
  toState: 'proposed',
  reason: null,
  details: null,
};

describe('SQLite store', () => {
  it('a transition built from a read made before the approval message was recorded keeps that message', async (t) => {
    const store = openSqliteStore(tempFile(t));
    t.after(() => store.close());
    const created = await store.changes.create(proposal(), audit);
    const readBefore = await store.changes.get(created.id);
    assert.ok(readBefore);
    await store.changes.setApprovalMessage(created.id, { channel: 'C0APPROVALS', ts: '1700000000.000100' });
    const moved = transition(readBefore, { type: 'reject', actor: 'U0BOB' }, new Date(at));
    assert.ok(moved.ok);
    const stored = await store.changes.transition({
      id: created.id,
      from: 'proposed',
      next: moved.next,
      audit: { ...audit, actor: 'U0BOB', changeId: created.id, action: 'rejected', toState: 'rejected' },
    });
    assert.equal(stored, true);
    const after = await store.changes.get(created.id);
    assert.equal(after?.state, 'rejected');
    assert.deepEqual(after?.approvalMessage, { channel: 'C0APPROVALS', ts: '1700000000.000100' });
  });

  it('approves with compare-and-set: the second writer from "proposed" loses, state and audit written once', async (t) => {
    const file = tempFile(t);
    const store = openSqliteStore(file);
    t.after(() => store.close());
    const created = await store.changes.create(proposal(), audit);
    const plan = planChange(EMPTY_STATE, change);
    assert.ok(plan.ok);
    const approvedBy = (actor: string) => {
      const moved = transition(created, { type: 'approve', actor, acknowledgeBounce: false }, new Date(at));
      assert.ok(moved.ok);
      return store.changes.transition({
        id: created.id,
        from: 'proposed',
        next: moved.next,
        desiredState: { expectedVersion: 0, next: plan.next },
        audit: {
          ...audit,
          actor,
          changeId: created.id,
          action: 'approved',
          fromState: 'proposed',
          toState: 'approved',
        },
      });
    };
    assert.deepEqual(await Promise.all([approvedBy('U0BOB'), approvedBy('U0CAROL')]), [true, false]);
    assert.equal((await store.changes.get(created.id))?.decidedBy, 'U0BOB');
    assert.deepEqual(
      (await store.desiredState.load()).routes.map((r) => r.name),
      ['relay-1'],
    );
    const entries = await store.audit.list({ limit: 10, changeId: created.id });
    assert.deepEqual(
      entries.map((e) => `${e.action}:${e.actor}`),
      ['approved:U0BOB', 'proposed:U0ALICE'],
    );
  });

  it('rolls the change request back when the desired state moved meanwhile', async (t) => {
    const store = openSqliteStore(tempFile(t));
    t.after(() => store.close());
    const created = await store.changes.create(proposal(), audit);
    const plan = planChange(EMPTY_STATE, change);
    assert.ok(plan.ok);
    const moved = transition(
      created,
      { type: 'approve', actor: 'U0BOB', acknowledgeBounce: false },
      new Date(at),
    );
    assert.ok(moved.ok);
    const write = {
      id: created.id,
      from: 'proposed' as const,
      next: moved.next,
      audit: { ...audit, changeId: created.id, action: 'approved' },
    };
    assert.equal(
      await store.changes.transition({ ...write, desiredState: { expectedVersion: 0, next: plan.next } }),
      true,
    );
    const second = await store.changes.create(proposal(), audit);
    const stale = await store.changes.transition({
      ...write,
      id: second.id,
      next: { ...moved.next, id: second.id },
      desiredState: { expectedVersion: 0, next: plan.next },
    });
    assert.equal(stale, false);
    assert.equal((await store.changes.get(second.id))?.state, 'proposed');
    assert.equal((await store.audit.list({ limit: 10, changeId: second.id })).length, 1);
  });

  it('keeps everything across a restart, and the audit table refuses updates and deletes', async (t) => {
    const file = tempFile(t);
    const first = openSqliteStore(file);
    const created = await first.changes.create(proposal(), audit);
    await first.changes.setApprovalMessage(created.id, { channel: 'C1', ts: '1.000001' });
    await first.close();

    const second = openSqliteStore(file);
    t.after(() => second.close());
    const loaded = await second.changes.get(created.id);
    assert.equal(loaded?.reason, 'new relay');
    assert.deepEqual(loaded?.approvalMessage, { channel: 'C1', ts: '1.000001' });
    assert.equal((await second.changes.list({ states: ['proposed'] })).length, 1);

    const raw = new BetterSqlite3(file);
    t.after(() => raw.close());
    assert.throws(() => raw.prepare("UPDATE audit SET actor = 'U0EVE'").run(), /append-only/);
    assert.throws(() => raw.prepare('DELETE FROM audit').run(), /append-only/);
  });
});
