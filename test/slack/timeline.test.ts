import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChangeRequest } from '../../src/domain/change-request.ts';
import {
  PROPAGATION_WINDOW_MS,
  propagationTimeline,
  stalledTroubleshooting,
} from '../../src/domain/propagation.ts';
import { GOOGLE_DEFAULT_OPTIONS } from '../../src/domain/route.ts';
import { statusMessage } from '../../src/slack/blocks/timeline.ts';
import { channelWords } from '../../src/slack/words.ts';

const t0 = Date.parse('2026-11-27T10:00:00Z');

const request: ChangeRequest = {
  id: 7,
  change: {
    kind: 'add-route',
    route: { name: 'gw1', host: 'smtp.gw.example.net', port: 587, options: { ...GOOGLE_DEFAULT_OPTIONS } },
  },
  diff: [],
  requester: 'U0ALICE',
  reason: null,
  state: 'stalled',
  createdAt: new Date(t0).toISOString(),
  expiresAt: new Date(t0 + PROPAGATION_WINDOW_MS).toISOString(),
  preflight: null,
  decidedBy: 'U0BOB',
  decidedAt: new Date(t0 + 60_000).toISOString(),
  bounceAcknowledged: false,
  appliedBy: 'U0BOB',
  appliedAt: new Date(t0 + 120_000).toISOString(),
  appliedVerified: false,
  liveAt: null,
  stalledAt: null,
  approvalMessage: null,
};

const en = channelWords('en');

describe('/gateway status rendering', () => {
  it('shows the steps with who did them, the state, and what to check when stalled', () => {
    const timeline = propagationTimeline(
      {
        proposedAt: new Date(t0),
        proposedBy: 'U0ALICE',
        approvedAt: new Date(t0 + 60_000),
        approvedBy: 'U0BOB',
        applied: { at: new Date(t0 + 120_000), verified: false, markedBy: 'U0BOB' },
        probes: [{ token: 'abc', sentAt: new Date(t0 + 180_000) }],
      },
      new Date(t0 + 120_000 + PROPAGATION_WINDOW_MS),
    );
    const message = statusMessage(
      en,
      [
        {
          request,
          timeline,
          troubleshooting: stalledTroubleshooting({ name: 'gw1', host: 'smtp.gw.example.net', port: 587 }),
        },
      ],
      'gw1',
    );
    const text = JSON.stringify(message.blocks);
    assert.equal(message.text, 'Changes to route gw1');
    assert.match(text, /\*#7\* add route gw1 \(smtp\.gw\.example\.net:587\) — :warning: stalled/);
    assert.match(text, /proposed by <@U0ALICE>/);
    assert.match(text, /approved by <@U0BOB>/);
    assert.match(text, /marked done by <@U0BOB>/);
    assert.match(text, /probe `abc` sent, not seen yet/);
    assert.match(text, /What to check/);
    assert.match(text, /smtp\.gw\.example\.net:587/);
  });

  it('shows the elapsed part of the 24-hour window while propagating', () => {
    const timeline = propagationTimeline(
      {
        proposedAt: new Date(t0),
        proposedBy: 'U0ALICE',
        approvedAt: new Date(t0 + 60_000),
        applied: { at: new Date(t0 + 120_000), verified: true },
        probes: [],
      },
      new Date(t0 + 120_000 + 90 * 60_000),
    );
    const message = statusMessage(en, [
      { request: { ...request, state: 'applied' }, timeline, troubleshooting: [] },
    ]);
    const text = JSON.stringify(message.blocks);
    assert.match(text, /applied, propagating/);
    assert.match(text, /24-hour window: 1 h 30 min elapsed/);
    assert.ok(!/What to check/.test(text));
  });
});
