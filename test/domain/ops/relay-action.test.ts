import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkRelayDecision,
  decided,
  finished,
  needsApproval,
  parseWithoutApproval,
  type RelayActionRequest,
  type RelayDecisionCheck,
} from '../../../src/domain/ops/relay-action.ts';
import { wordedPhrase } from '../../support/outcome-text.ts';

const refusal = (check: RelayDecisionCheck) => wordedPhrase(check.allowed ? undefined : check.problem);

const request: RelayActionRequest = {
  id: 3,
  action: 'restart',
  relays: ['a'],
  requester: 'U0ALICE',
  reason: null,
  state: 'proposed',
  createdAt: 1000,
  expiresAt: 5000,
  decidedBy: null,
  decidedAt: null,
  outcomes: [],
  message: null,
};

describe('relay action approval rules', () => {
  it('needs approval unless configured otherwise', () => {
    assert.equal(needsApproval('restart', new Set()), true);
    const parsed = parseWithoutApproval('flush, status,Reload');
    assert.ok(parsed.ok);
    assert.deepEqual([...parsed.actions], ['flush', 'reload']);
    assert.equal(needsApproval('flush', parsed.actions), false);
    assert.equal(needsApproval('restart', parsed.actions), true);
    assert.deepEqual(parseWithoutApproval('reboot'), {
      ok: false,
      error:
        'RELAY_ACTIONS_WITHOUT_APPROVAL: "reboot" is not a relay action: use any of pause, resume, flush, reload, restart (seen: "reboot")',
    });
    assert.deepEqual(parseWithoutApproval(undefined), { ok: true, actions: new Set() });
  });

  it('refuses self-approval, non-approvers, decided and expired requests', () => {
    const base = { request, actorIsApprover: true, decision: 'approve' as const, now: 2000 };
    assert.deepEqual(checkRelayDecision({ ...base, actor: 'U0BOB' }), { allowed: true });
    assert.match(
      refusal(checkRelayDecision({ ...base, actor: 'U0ALICE' })),
      /you requested relay action #3 \(restart\), so you cannot approve it/,
    );
    assert.equal(checkRelayDecision({ ...base, actor: 'U0ALICE', decision: 'reject' }).allowed, true);
    assert.match(
      refusal(checkRelayDecision({ ...base, actor: 'U0CAROL', actorIsApprover: false })),
      /only configured approvers/,
    );
    assert.match(refusal(checkRelayDecision({ ...base, actor: 'U0BOB', now: 5000 })), /expired/);
    const approved = decided(request, 'approve', 'U0BOB', 2000);
    assert.equal(approved.state, 'approved');
    assert.match(
      refusal(checkRelayDecision({ ...base, request: approved, actor: 'U0CAROL' })),
      /already approved by <@U0BOB>/,
    );
  });

  it('finishes as done only when every relay succeeded', () => {
    assert.equal(finished(request, [{ relay: 'a', ok: true, text: 'ok' }]).state, 'done');
    assert.equal(
      finished(request, [
        { relay: 'a', ok: true, text: 'ok' },
        { relay: 'b', ok: false, text: 'unreachable' },
      ]).state,
      'failed',
    );
  });
});
