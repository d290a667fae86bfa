// The store's change requests, desired state and audit table, run against both back ends (SQLite and
// PostgreSQL): compare-and-set approvals, TTL enforced by the write, the append-only audit table,
// migrations applied once even when two replicas start together.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ChangeRequest, newProposal, transition } from '../../src/domain/change-request.ts';
import { EMPTY_STATE, planChange } from '../../src/domain/desired-state.ts';
import { GOOGLE_DEFAULT_OPTIONS } from '../../src/domain/route.ts';
import type { NewChangeRequest, Store } from '../../src/store/repositories.ts';
import { storeBackends } from './backends.ts';

const at = '2026-01-01T00:00:00.000Z';
const change = {
  kind: 'add-route' as const,
  route: { name: 'relay-1', host: 'smtp.example.com', port: 25, options: { ...GOOGLE_DEFAULT_OPTIONS } },
};

function proposal(name = 'relay-1'): NewChangeRequest {
  return newProposal({
    change: { ...change, route: { ...change.route, name } },
    diff: [],
    requester: 'U0ALICE',
    reason: 'new relay',
    createdAt: at,
    expiresAt: '2026-01-02T00:00:00.000Z',
    preflight: null,
  });
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

const { backends, skipped } = await storeBackends('store');
if (skipped) it('PostgreSQL store', { skip: skipped }, () => undefined);

for (const backend of backends) {
  /** Approves `request` as read before (both racers read "proposed"), on the state as read before. */
  const approve = async (
    store: Store,
    created: ChangeRequest,
    actor: string,
    extra = {},
    state = EMPTY_STATE,
  ) => {
    const moved = transition(created, { type: 'approve', actor, acknowledgeBounce: false }, new Date(at));
    assert.ok(moved.ok);
    const plan = planChange(state, created.change);
    assert.ok(plan.ok);
    return store.changes.transition({
      id: created.id,
      from: 'proposed',
      next: moved.next,
      desiredState: { expectedVersion: state.version, next: plan.next },
      audit: {
        ...audit,
        actor,
        changeId: created.id,
        action: 'approved',
        fromState: 'proposed',
        toState: 'approved',
      },
      ...extra,
    });
  };

  describe(`${backend.name} store`, () => {
    it('a transition built from a read made before the approval message was recorded keeps that message', async (t) => {
      const store = await backend.open(t, await backend.location(t));
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
      const store = await backend.open(t, await backend.location(t));
      const created = await store.changes.create(proposal(), audit);
      assert.deepEqual(
        await Promise.all([approve(store, created, 'U0BOB'), approve(store, created, 'U0CAROL')]),
        [true, false],
      );
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

    it('two replicas approving at once on their own connections give one approval', async (t) => {
      const location = await backend.location(t);
      const one = await backend.open(t, location);
      const two = await backend.open(t, location);
      for (let round = 0; round < 5; round++) {
        const created = await one.changes.create(proposal(`relay-${round}`), audit);
        const state = await two.desiredState.load();
        const results = await Promise.all([
          approve(one, created, 'U0BOB', {}, state),
          approve(two, created, 'U0CAROL', {}, state),
        ]);
        assert.equal(results.filter(Boolean).length, 1, `round ${round}: ${results}`);
        const approvals = (await two.audit.list({ limit: 10, changeId: created.id })).filter(
          (e) => e.action === 'approved',
        );
        assert.equal(approvals.length, 1);
        assert.equal((await one.changes.get(created.id))?.decidedBy, approvals[0]?.actor);
      }
      const final = await one.desiredState.load();
      assert.equal(final.version, 5, 'each change moved the state once');
      assert.equal(final.routes.length, 5);
    });

    it('two replicas rejecting and expiring one proposal at once give one decision (compare-and-set on the state)', async (t) => {
      const location = await backend.location(t);
      const one = await backend.open(t, location);
      const two = await backend.open(t, location);
      for (let round = 0; round < 5; round++) {
        const created = await one.changes.create(proposal(), audit);
        const rejected = transition(created, { type: 'reject', actor: 'U0BOB' }, new Date(at));
        const expired = transition(created, { type: 'expire' }, new Date('2026-01-02T00:00:00.000Z'));
        assert.ok(rejected.ok && expired.ok);
        const write = (store: Store, next: ChangeRequest, action: string) =>
          store.changes.transition({
            id: created.id,
            from: 'proposed',
            next,
            audit: { ...audit, changeId: created.id, action, fromState: 'proposed', toState: next.state },
          });
        const results = await Promise.all([
          write(one, rejected.next, 'rejected'),
          write(two, expired.next, 'expired'),
        ]);
        assert.equal(results.filter(Boolean).length, 1, `round ${round}: ${results}`);
        const decisions = (await one.audit.list({ limit: 10, changeId: created.id })).filter(
          (e) => e.action !== 'proposed',
        );
        assert.equal(decisions.length, 1);
        assert.equal((await two.changes.get(created.id))?.state, decisions[0]?.toState);
      }
    });

    it('refuses a write past the TTL: the expiry is checked by the database, not only by the caller', async (t) => {
      const store = await backend.open(t, await backend.location(t));
      const created = await store.changes.create(proposal(), audit);
      assert.equal(
        await approve(store, created, 'U0BOB', { unexpiredAt: '2026-01-02T00:00:00.000Z' }),
        false,
      );
      assert.equal(
        await approve(store, created, 'U0BOB', { unexpiredAt: '2026-01-03T10:00:00.000Z' }),
        false,
      );
      assert.equal((await store.changes.get(created.id))?.state, 'proposed');
      assert.equal((await store.audit.list({ limit: 10, changeId: created.id })).length, 1);
      assert.equal(await approve(store, created, 'U0BOB', { unexpiredAt: '2026-01-01T23:59:59.999Z' }), true);
    });

    it('rolls the change request back when the desired state moved meanwhile', async (t) => {
      const store = await backend.open(t, await backend.location(t));
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
      const location = await backend.location(t);
      const first = await backend.open(t, location);
      const created = await first.changes.create(proposal(), audit);
      await first.changes.setApprovalMessage(created.id, { channel: 'C1', ts: '1.000001' });
      await first.close();

      const second = await backend.open(t, location);
      const loaded = await second.changes.get(created.id);
      assert.equal(loaded?.reason, 'new relay');
      assert.deepEqual(loaded?.approvalMessage, { channel: 'C1', ts: '1.000001' });
      assert.equal((await second.changes.list({ states: ['proposed'] })).length, 1);

      await assert.rejects(backend.exec(location, "UPDATE audit SET actor = 'U0EVE'"), /append-only/);
      await assert.rejects(backend.exec(location, 'DELETE FROM audit'), /append-only/);
      if (backend.name === 'PostgreSQL') {
        await assert.rejects(backend.exec(location, 'TRUNCATE audit'), /append-only/);
      }
      assert.deepEqual(
        (await second.audit.list({ limit: 5 })).map((e) => e.actor),
        ['U0ALICE'],
      );
    });

    it('two replicas starting together on an empty database migrate it once', async (t) => {
      const location = await backend.location(t);
      const stores = await Promise.all([backend.open(t, location), backend.open(t, location)]);
      assert.equal(await backend.schemaVersion(location), 4);
      await stores[0]?.changes.create(proposal(), audit);
      assert.equal((await stores[1]?.changes.list({}))?.length, 1);
      assert.equal(stores[0]?.kind, backend.name === 'SQLite' ? 'sqlite' : 'postgresql');
      assert.doesNotMatch(String(stores[0]?.location), /:[^/@]*@/, 'no credentials in the location');
    });
  });
}
