// The operations repositories of both stores (SQLite and PostgreSQL): relay actions (compare-and-set,
// TTL, message kept apart from transitions), open alerts (raised and resolved once), Slack deliveries
// acted on once, leases; and the migration of a database from before they existed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ActiveAlert } from '../../src/domain/ops/alerts.ts';
import { decided, finished } from '../../src/domain/ops/relay-action.ts';
import { raw } from '../../src/i18n/phrase.ts';
import type { AuditInput, NewRelayActionRequest } from '../../src/store/repositories.ts';
import { storeBackends } from './backends.ts';

const at = '2026-01-01T00:00:00.000Z';

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
  detail: raw('oldest queued message is 2 h old'),
  remedy: raw('run /gateway relay queue'),
};

const { backends, skipped } = await storeBackends('store-ops');
if (skipped) it('PostgreSQL store: operations state', { skip: skipped }, () => undefined);

for (const backend of backends) {
  describe(`${backend.name} store: operations state`, () => {
    it('decides a relay action once (compare-and-set) and keeps its message through transitions', async (t) => {
      const file = await backend.location(t);
      const first = await backend.open(t, file);
      const created = await first.relayActions.create(pause, (id) => ({
        ...entry('relay-action-proposed'),
        details: { id },
      }));
      assert.equal(created.id, 1);
      assert.equal(created.message, null);
      await first.relayActions.setMessage(created.id, { channel: 'C0APPROVALS', ts: '1.000001' });
      await first.close();

      const store = await backend.open(t, file);
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
      const file = await backend.location(t);
      const first = await backend.open(t, file);
      assert.equal(await first.alerts.open(alert), true);
      assert.equal(await first.alerts.open({ ...alert, raisedAt: 9_000 }), false, 'already open');
      await first.alerts.setMessage(alert.key, { channel: 'C0ALERTS', ts: '2.000002' });
      await first.close();

      const store = await backend.open(t, file);
      assert.deepEqual(await store.alerts.list(), [
        { alert, message: { channel: 'C0ALERTS', ts: '2.000002' } },
      ]);
      assert.deepEqual((await store.alerts.get(alert.key))?.message, { channel: 'C0ALERTS', ts: '2.000002' });
      assert.equal(await store.alerts.close(alert.key), true);
      assert.equal(await store.alerts.close(alert.key), false);
      assert.equal(await store.alerts.get(alert.key), undefined);
    });

    it('upgrades a database written before the operations tables, keeping its data', async (t) => {
      const file = await backend.location(t);
      await backend.migrateTo(file, 1);
      await backend.exec(
        file,
        `INSERT INTO audit (at, actor, action) VALUES ('${at}', 'U0ALICE', 'proposed')`,
      );
      assert.equal(await backend.schemaVersion(file), 1);

      const store = await backend.open(t, file);
      assert.deepEqual(
        (await store.audit.list({ limit: 5 })).map((e) => e.action),
        ['proposed'],
      );
      assert.equal((await store.relayActions.create(pause, () => entry('relay-action-proposed'))).id, 1);
      assert.equal(await store.alerts.open(alert), true);
      assert.equal(await store.deliveries.claim('trigger:1', 1_000), true);
      assert.equal(await backend.schemaVersion(file), 4);
    });

    it("keeps each Slack user's locale and time zone, replaced on refresh", async (t) => {
      const store = await backend.open(t, await backend.location(t));
      assert.equal(await store.userLocales.get('U0HANAKO'), undefined);
      const first = { userId: 'U0HANAKO', locale: 'ja-JP', timeZone: 'Asia/Tokyo', fetchedAt: at };
      await store.userLocales.put(first);
      assert.deepEqual(await store.userLocales.get('U0HANAKO'), first);
      const refreshed = {
        ...first,
        locale: null,
        timeZone: 'Europe/Paris',
        fetchedAt: '2026-01-02T00:00:00.000Z',
      };
      await store.userLocales.put(refreshed);
      assert.deepEqual(await store.userLocales.get('U0HANAKO'), refreshed);
    });

    it('refuses a relay action decision past its TTL, in the write itself', async (t) => {
      const store = await backend.open(t, await backend.location(t));
      const created = await store.relayActions.create(pause, () => entry('relay-action-proposed'));
      const approve = (at: number) =>
        store.relayActions.transition({
          id: created.id,
          from: 'proposed',
          next: decided(created, 'approve', 'U0BOB', at),
          audit: entry('relay-action-approved', 'U0BOB'),
          unexpiredAt: at,
        });
      assert.equal(await approve(pause.expiresAt), false, 'at the expiry instant it is expired');
      assert.equal((await store.relayActions.get(created.id))?.state, 'proposed');
      assert.equal(await approve(pause.expiresAt - 1), true);
    });

    it('resolves an alert once across replicas; a claim left by a dead replica is taken over later', async (t) => {
      const location = await backend.location(t);
      const one = await backend.open(t, location);
      const two = await backend.open(t, location);
      assert.deepEqual(
        await Promise.all([one.alerts.open(alert), two.alerts.open(alert)]).then((r) => r.sort()),
        [false, true],
      );
      const claims = await Promise.all([
        one.alerts.claimResolve(alert.key, 10_000),
        two.alerts.claimResolve(alert.key, 10_000),
      ]);
      assert.equal(claims.filter(Boolean).length, 1, `${claims}`);
      assert.equal(await two.alerts.claimResolve(alert.key, 10_000 + 299_999), false, 'still claimed');
      assert.equal(await two.alerts.claimResolve(alert.key, 10_000 + 300_001), true, 'the claimer died');
      assert.ok(await one.alerts.get(alert.key), 'open until closed');
      assert.equal(await two.alerts.close(alert.key), true);
      assert.equal(await one.alerts.claimResolve(alert.key, 400_000), false, 'closed: nothing to resolve');
    });

    it('acts on a Slack delivery once, whichever replica sees it first; forgets keys after a day', async (t) => {
      const location = await backend.location(t);
      const one = await backend.open(t, location);
      const two = await backend.open(t, location);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).deliveries.claim('Ev0123', 5_000)),
      );
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal(await one.deliveries.claim('Ev0124', 5_000), true, 'another key');
      const nextDay = 5_000 + 24 * 3_600_000 + 1;
      const fresh = await backend.open(t, location);
      assert.equal(await fresh.deliveries.claim('other', nextDay), true, 'prunes the day-old keys');
      assert.equal(await fresh.deliveries.claim('Ev0123', nextDay), true, 'a day later the key is forgotten');
    });

    it('hands a lease to one holder at a time; it moves once the holder stops renewing', async (t) => {
      const location = await backend.location(t);
      const one = await backend.open(t, location);
      const two = await backend.open(t, location);
      const first = await Promise.all([
        one.leases.acquire('propagation', 'replica-1', 400),
        two.leases.acquire('propagation', 'replica-2', 400),
      ]);
      assert.equal(first.filter(Boolean).length, 1, `${first}`);
      const [holder, other] = first[0] ? [one, two] : [two, one];
      const [holderId, otherId] = first[0] ? ['replica-1', 'replica-2'] : ['replica-2', 'replica-1'];
      assert.equal(await holder.leases.acquire('propagation', holderId, 400), true, 'renewed');
      assert.equal(await other.leases.acquire('propagation', otherId, 400), false);
      assert.equal(await other.leases.acquire('monitor', otherId, 400), true, 'another lease is separate');
      await sleep(600);
      assert.equal(await other.leases.acquire('propagation', otherId, 60_000), true, 'expired: taken over');
      assert.equal(
        await holder.leases.acquire('propagation', holderId, 400),
        false,
        'the old holder lost it',
      );
      await other.leases.release('propagation', otherId);
      assert.equal(await holder.leases.acquire('propagation', holderId, 400), true, 'released');
    });
  });
}
