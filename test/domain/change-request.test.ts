import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkDecision, expiryTime } from '../../src/domain/approval-policy.ts';
import { type ChangeRequest, isExpired, newProposal, transition } from '../../src/domain/change-request.ts';
import { GOOGLE_DEFAULT_OPTIONS } from '../../src/domain/route.ts';
import { wordedPhrase } from '../support/outcome-text.ts';

const created = new Date('2026-01-01T00:00:00Z');
const later = (hours: number) => new Date(created.getTime() + hours * 3_600_000);

function request(overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  return {
    id: 7,
    ...newProposal({
      change: {
        kind: 'add-route',
        route: { name: 'r', host: 'h.example.com', port: 25, options: GOOGLE_DEFAULT_OPTIONS },
      },
      diff: [],
      requester: 'U0ALICE',
      reason: null,
      createdAt: created.toISOString(),
      expiresAt: expiryTime(created, 24).toISOString(),
      preflight: null,
    }),
    ...overrides,
  };
}

describe('change request state machine', () => {
  it('walks proposed -> approved -> applied (unverified) -> applied (verified) -> live', () => {
    const approved = transition(
      request(),
      { type: 'approve', actor: 'U0BOB', acknowledgeBounce: false },
      later(1),
    );
    assert.ok(approved.ok);
    assert.equal(approved.next.state, 'approved');
    assert.equal(approved.next.decidedBy, 'U0BOB');
    const applied = transition(
      approved.next,
      { type: 'mark-applied', actor: 'U0BOB', verified: false },
      later(2),
    );
    assert.ok(applied.ok);
    assert.deepEqual([applied.next.state, applied.next.appliedVerified], ['applied', false]);
    const again = transition(
      applied.next,
      { type: 'mark-applied', actor: 'U0BOB', verified: false },
      later(3),
    );
    assert.equal(again.ok, false);
    const verified = transition(
      applied.next,
      { type: 'mark-applied', actor: 'system', verified: true },
      later(4),
    );
    assert.ok(verified.ok);
    assert.equal(verified.next.appliedVerified, true);
    assert.equal(verified.next.appliedAt, later(2).toISOString());
    const live = transition(verified.next, { type: 'mark-live' }, later(5));
    assert.ok(live.ok);
    assert.equal(live.next.state, 'live');
  });

  it('applied can stall and a late probe still makes it live', () => {
    const applied = request({ state: 'applied', appliedAt: later(1).toISOString() });
    const stalled = transition(applied, { type: 'mark-stalled' }, later(30));
    assert.ok(stalled.ok);
    const live = transition(stalled.next, { type: 'mark-live' }, later(31));
    assert.ok(live.ok);
  });

  it('refuses transitions the state does not allow, saying why', () => {
    const rejected = request({ state: 'rejected', decidedBy: 'U0BOB' });
    const result = transition(
      rejected,
      { type: 'approve', actor: 'U0CAROL', acknowledgeBounce: false },
      later(1),
    );
    assert.equal(result.ok, false);
    assert.match(wordedPhrase(!result.ok ? result.error : undefined), /already rejected by <@U0BOB>/);
    assert.equal(transition(request(), { type: 'mark-live' }, later(1)).ok, false);
    assert.equal(transition(request({ state: 'approved' }), { type: 'expire' }, later(30)).ok, false);
  });
});

describe('approval policy', () => {
  const base = { actor: 'U0BOB', actorIsApprover: true, now: later(1), decision: 'approve' as const };

  it('allows another approver before the TTL', () => {
    assert.deepEqual(checkDecision({ ...base, request: request() }), { allowed: true });
  });

  it('refuses self-approval, non-approvers, expired and decided requests', () => {
    assert.equal(
      (checkDecision({ ...base, actor: 'U0ALICE', request: request() }) as { reason: string }).reason,
      'self-approval',
    );
    assert.equal(
      (checkDecision({ ...base, actorIsApprover: false, request: request() }) as { reason: string }).reason,
      'not-approver',
    );
    assert.equal(
      (checkDecision({ ...base, now: later(24), request: request() }) as { reason: string }).reason,
      'expired',
    );
    assert.equal(isExpired(request(), later(23.99)), false);
    assert.equal(
      (checkDecision({ ...base, request: request({ state: 'approved' }) }) as { reason: string }).reason,
      'not-proposed',
    );
  });

  it('the requester may reject (withdraw) their own proposal when they are an approver', () => {
    assert.deepEqual(checkDecision({ ...base, actor: 'U0ALICE', decision: 'reject', request: request() }), {
      allowed: true,
    });
  });

  it('a pre-flight predicting bounces needs "approve anyway"', () => {
    const bouncing = request({
      preflight: { verdict: 'bounce', summary: 's', causes: [], remedies: [], ranAt: created.toISOString() },
    });
    assert.equal(
      (checkDecision({ ...base, request: bouncing }) as { reason: string }).reason,
      'bounce-not-acknowledged',
    );
    assert.deepEqual(checkDecision({ ...base, request: bouncing, acknowledgeBounce: true }), {
      allowed: true,
    });
  });
});
