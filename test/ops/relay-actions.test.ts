import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Authorizer } from '../../src/changes/authorizer.ts';
import { GatewayFleet } from '../../src/gateway-client/fleet.ts';
import { type Phrase, phrase } from '../../src/i18n/phrase.ts';
import { RelayActionService } from '../../src/ops/relay-actions.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { wordedPhrase } from '../support/outcome-text.ts';

const APPROVERS = new Set(['U0ALICE', 'U0BOB', 'U0CAROL']);
const authorizer: Authorizer = {
  mayView: async () => ({ allowed: true }),
  mayPropose: async (u) =>
    APPROVERS.has(u)
      ? { allowed: true }
      : { allowed: false, reason: phrase('refusal.notRequester', { user: u }) },
  // A slow check, so concurrent clicks overlap.
  mayApprove: async (u) => {
    await new Promise((r) => setTimeout(r, 20));
    return APPROVERS.has(u)
      ? { allowed: true }
      : { allowed: false, reason: phrase('refusal.notApprover', { user: u }) };
  },
};

describe('RelayActionService', () => {
  let server: Server;
  let url = '';
  let pauses = 0;
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/pause') pauses++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ paused: true }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  function service(now = () => 1_000_000, withoutApproval: string[] = []) {
    const store = openSqliteStore(':memory:');
    after(() => store.close());
    const audit = {
      /** Oldest first. */
      actions: async () => (await store.audit.list({ limit: 100 })).map((e) => e.action).reverse(),
    };
    const actions = new RelayActionService({
      fleet: new GatewayFleet({ relays: [{ name: 'a', url, token: 't' }], timeoutMs: 2000 }),
      authorizer,
      audit: store.audit,
      requests: store.relayActions,
      ttlHours: 1,
      withoutApproval: new Set(withoutApproval),
      now,
    });
    return { actions, audit };
  }

  it('gives exactly one decision for two approvals clicked at once, and runs the action once', async () => {
    const { actions, audit } = service();
    const seen: string[] = [];
    actions.onChange((r) => {
      seen.push(r.state);
    });
    const proposed = await actions.request('U0ALICE', 'pause');
    assert.equal(proposed.type, 'proposed');
    const id = proposed.type === 'proposed' ? proposed.request.id : 0;
    const before = pauses;
    const results = await Promise.all([
      actions.decide(id, 'U0BOB', 'approve'),
      actions.decide(id, 'U0CAROL', 'approve'),
    ]);
    assert.equal(results.filter((r) => r.ok).length, 1);
    const refused = results.find((r) => !r.ok);
    assert.match(
      wordedPhrase(refused && !refused.ok ? refused.problem : undefined),
      /already (approved|done) by <@U0(BOB|CAROL)>/,
    );
    assert.equal(pauses - before, 1);
    assert.deepEqual(seen, ['proposed', 'approved', 'done']);
    assert.deepEqual(await audit.actions(), [
      'relay-action-proposed',
      'relay-action-approved',
      'relay-action-result',
    ]);
    assert.equal((await actions.get(id))?.state, 'done');
  });

  it('runs configured actions at once, refuses unknown relays and people who may not propose', async () => {
    const { actions } = service(undefined, ['pause']);
    const done = await actions.request('U0ALICE', 'pause');
    assert.deepEqual(done, {
      type: 'done',
      action: 'pause',
      outcomes: [{ relay: 'a', ok: true, text: phrase('action.outcome.paused') }],
    });
    const unknown = await actions.request('U0ALICE', 'pause', 'zz');
    assert.equal(unknown.type, 'refused');
    assert.equal(
      wordedPhrase(unknown.type === 'refused' ? unknown.problem : undefined),
      'no relay named "zz": use one of a',
    );
    assert.deepEqual(await actions.request('U0EVE', 'pause'), {
      type: 'refused',
      problem: phrase('refusal.notRequester', { user: 'U0EVE' }),
    });
  });

  it('says restart needs a managed relay, and refuses decisions after expiry', async () => {
    let now = 1_000_000;
    const { actions } = service(() => now, ['restart']);
    const restart = await actions.request('U0ALICE', 'restart');
    assert.equal(restart.type, 'done');
    assert.match(
      restart.type === 'done' ? wordedPhrase(restart.outcomes[0]?.text as Phrase) : '',
      /relay "a" is not run by the bot \(`GATEWAY_MANAGED` is not `true`/,
    );

    const { actions: slow } = service(() => now);
    const proposed = await slow.request('U0ALICE', 'flush');
    const id = proposed.type === 'proposed' ? proposed.request.id : 0;
    now += 3_600_000;
    assert.deepEqual(await slow.pending(), []);
    assert.equal((await slow.get(id))?.state, 'expired');
    const late = await slow.decide(id, 'U0BOB', 'approve');
    assert.equal(late.ok, false);
    assert.match(wordedPhrase(!late.ok ? late.problem : undefined), /expired/);
    assert.equal((await slow.get(id))?.state, 'expired');
  });

  it('expires overdue requests in a sweep, once, telling the hooks, and then refuses a click', async () => {
    let now = 1_000_000;
    const { actions, audit } = service(() => now);
    const seen: string[] = [];
    actions.onChange((r) => {
      seen.push(`${r.id}:${r.state}`);
    });
    const first = await actions.request('U0ALICE', 'pause');
    now += 1_800_000;
    const second = await actions.request('U0ALICE', 'flush');
    assert.equal(first.type, 'proposed');
    assert.equal(second.type, 'proposed');
    now += 1_800_000; // the first is due, the second has half an hour left
    const moved = await actions.expireDue();
    assert.deepEqual(
      moved.map((r) => [r.id, r.state]),
      [[1, 'expired']],
    );
    assert.deepEqual(await actions.expireDue(), [], 'an expired request is not expired again');
    assert.deepEqual(
      (await actions.pending()).map((r) => r.id),
      [2],
    );
    assert.deepEqual(seen, ['1:proposed', '2:proposed', '1:expired']);
    const late = await actions.decide(1, 'U0BOB', 'approve');
    assert.equal(late.ok, false);
    assert.match(wordedPhrase(!late.ok ? late.problem : undefined), /already expired/);
    assert.deepEqual(await audit.actions(), [
      'relay-action-proposed',
      'relay-action-proposed',
      'relay-action-expired',
    ]);
  });
});
