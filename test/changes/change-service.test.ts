import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { ConfigAuthorizer } from '../../src/changes/authorizer.ts';
import { ChangeService, type TransitionNotice } from '../../src/changes/change-service.ts';
import type { TlsTester } from '../../src/changes/tls-preflight.ts';
import { GOOGLE_DEFAULT_OPTIONS } from '../../src/domain/route.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { wordedPhrase } from '../support/outcome-text.ts';
import { TlsTestDouble } from '../support/tls-double.ts';

const route = (name: string) => ({
  kind: 'add-route' as const,
  route: { name, host: `${name}.relay.example.com`, port: 25, options: { ...GOOGLE_DEFAULT_OPTIONS } },
});

function service(t: TestContext, tls: TlsTester = new TlsTestDouble()) {
  const dir = mkdtempSync(join(tmpdir(), 'change-service-'));
  const store = openSqliteStore(join(dir, 'bot.db'));
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const changes = new ChangeService({
    store,
    tls,
    authorizer: new ConfigAuthorizer({ approvers: ['U0ALICE', 'U0BOB'], requesters: [] }),
    now: () => new Date('2026-05-01T10:00:00Z'),
    ttlHours: 24,
  });
  const notices: TransitionNotice[] = [];
  changes.onTransition((n) => {
    notices.push(n);
  });
  return { changes, notices };
}

describe('ChangeService', () => {
  it('tells hooks about every transition, through to live and stalled', async (t) => {
    const { changes, notices } = service(t);
    const a = await changes.propose('U0ALICE', route('a'));
    assert.ok(a.ok);
    assert.ok((await changes.approve(a.request.id, 'U0BOB', { acknowledgeBounce: false })).ok);
    assert.ok((await changes.markApplied(a.request.id, 'U0BOB')).ok);
    assert.ok(
      (
        await changes.markApplied(a.request.id, 'system', {
          verified: true,
          details: { event: 'EMAIL_ROUTE' },
        })
      ).ok,
    );
    assert.ok((await changes.markStalled(a.request.id)).ok);
    assert.ok((await changes.markLive(a.request.id, { token: 'probe-1' })).ok);
    assert.deepEqual(
      notices.map((n) => `${n.from ?? 'new'}->${n.to}`),
      [
        'new->proposed',
        'proposed->approved',
        'approved->applied',
        'applied->applied',
        'applied->stalled',
        'stalled->live',
      ],
    );
    const trail = (await changes.audit(10, a.request.id)).reverse();
    assert.deepEqual(trail[3]?.details, { verified: true, event: 'EMAIL_ROUTE' });
    assert.equal((await changes.get(a.request.id))?.appliedVerified, true);
  });

  it('only approvers mark a change done; a hook that throws does not undo the transition', async (t) => {
    const { changes } = service(t);
    changes.onTransition(() => {
      throw new Error('slack is down');
    });
    const a = await changes.propose('U0ALICE', route('a'));
    assert.ok(a.ok);
    assert.ok((await changes.approve(a.request.id, 'U0BOB', { acknowledgeBounce: false })).ok);
    const refused = await changes.markApplied(a.request.id, 'U0CAROL');
    assert.equal(refused.ok, false);
    assert.equal((await changes.get(a.request.id))?.state, 'approved');
  });

  it('a proposal that no longer fits the desired state cannot be approved', async (t) => {
    const { changes } = service(t);
    const first = await changes.propose('U0ALICE', route('same'));
    const second = await changes.propose('U0ALICE', route('same'));
    assert.ok(first.ok && second.ok);
    assert.ok((await changes.approve(first.request.id, 'U0BOB', { acknowledgeBounce: false })).ok);
    const conflict = await changes.approve(second.request.id, 'U0BOB', { acknowledgeBounce: false });
    assert.equal(conflict.ok, false);
    assert.match(
      wordedPhrase(!conflict.ok ? conflict.problem : undefined),
      /no longer fits the desired state.*already exists/,
    );
    assert.equal((await changes.get(second.request.id))?.state, 'proposed');
    assert.equal((await changes.desiredState()).routes.length, 1);
  });

  it('"approve anyway" on a change whose pre-flight predicts no bounce is recorded as a plain approval', async (t) => {
    const { changes } = service(t);
    const a = await changes.propose('U0ALICE', route('a'));
    assert.ok(a.ok);
    assert.equal(a.request.preflight?.verdict, 'deliver');
    const approved = await changes.approve(a.request.id, 'U0BOB', { acknowledgeBounce: true });
    assert.ok(approved.ok);
    assert.equal(approved.request.bounceAcknowledged, false);
    const entry = (await changes.audit(10, a.request.id)).find((e) => e.toState === 'approved');
    assert.equal(entry?.action, 'approved');
    assert.deepEqual(entry?.details, { preflight: 'deliver', acknowledgeBounce: false });
  });

  it('a pre-flight that cannot run is recorded as "error" and does not block', async (t) => {
    const { changes } = service(t, {
      runTlsTest: async () => {
        throw new Error('network unreachable');
      },
    });
    const a = await changes.propose('U0ALICE', route('a'));
    assert.ok(a.ok);
    assert.equal(a.request.preflight?.verdict, 'error');
    assert.deepEqual(a.request.preflight?.summary, {
      code: 'preflight.couldNotRun',
      params: { detail: 'network unreachable' },
    });
    assert.ok((await changes.approve(a.request.id, 'U0BOB', { acknowledgeBounce: false })).ok);
  });
});

describe('ConfigAuthorizer', () => {
  it('approvers by ID or group (cached), requesters default to the approvers, a failing group lookup is explained', async () => {
    let lookups = 0;
    let now = 0;
    const authorizer = new ConfigAuthorizer({
      approvers: ['U0ALICE'],
      approverGroup: 'S0ADMINS',
      requesters: [],
      groupMembers: async () => {
        lookups++;
        return ['U0CAROL'];
      },
      now: () => now,
      groupCacheMs: 1000,
    });
    assert.deepEqual(await authorizer.mayApprove('U0ALICE'), { allowed: true });
    assert.deepEqual(await authorizer.mayApprove('U0CAROL'), { allowed: true });
    assert.deepEqual(await authorizer.mayPropose('U0CAROL'), { allowed: true });
    assert.equal((await authorizer.mayApprove('U0EVE')).allowed, false);
    assert.equal(lookups, 1);
    now = 2000;
    await authorizer.mayApprove('U0EVE');
    assert.equal(lookups, 2);

    const failing = new ConfigAuthorizer({
      approvers: [],
      approverGroup: 'S0ADMINS',
      requesters: [],
      groupMembers: async () => {
        throw Object.assign(new Error('An API error occurred: paid_only'), { data: { error: 'paid_only' } });
      },
    });
    const refused = await failing.mayApprove('U0CAROL');
    assert.equal(refused.allowed, false);
    assert.match(
      wordedPhrase(!refused.allowed ? refused.reason : undefined),
      /`APPROVER_GROUP` S0ADMINS could not be read \(paid_only\)/,
    );
    const requesters = new ConfigAuthorizer({ approvers: ['U0ALICE'], requesters: ['U0DAN'] });
    assert.deepEqual(await requesters.mayPropose('U0DAN'), { allowed: true });
    assert.equal((await requesters.mayPropose('U0ALICE')).allowed, false);
  });
});
