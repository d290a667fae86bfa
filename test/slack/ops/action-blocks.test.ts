import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RelayActionRequest } from '../../../src/domain/ops/relay-action.ts';
import { relayActionMessage } from '../../../src/slack/ops/action-blocks.ts';
import { channelWords } from '../../../src/slack/words.ts';

const en = channelWords('en');

const request: RelayActionRequest = {
  id: 4,
  action: 'flush',
  relays: ['mx1'],
  requester: 'U0ALICE',
  reason: null,
  state: 'expired',
  createdAt: Date.parse('2026-03-01T09:00:00Z'),
  expiresAt: Date.parse('2026-03-02T09:00:00Z'),
  decidedBy: null,
  decidedAt: Date.parse('2026-03-02T09:00:00Z'),
  outcomes: [],
  message: null,
};

describe('relay action message', () => {
  it('an expired request says how to ask again, with no buttons left', () => {
    const message = relayActionMessage(en, request);
    const text = JSON.stringify(message.blocks);
    assert.match(text, /Expired\* without a decision/);
    assert.match(text, /request it again: `\/gateway relay flush --relay mx1`/);
    assert.equal(
      message.blocks.some((b) => b.type === 'actions'),
      false,
    );
    const fleetWide = JSON.stringify(relayActionMessage(en, { ...request, relays: ['mx1', 'mx2'] }).blocks);
    assert.match(fleetWide, /request it again: `\/gateway relay flush`/);
  });
});
