import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  auditPollDelayMs,
  auditPollingOver,
  type ChangeHistory,
  PROPAGATION_WINDOW_MS,
  probeDue,
  propagationTimeline,
  stalledTroubleshooting,
} from '../../src/domain/propagation.ts';
import { wordedPhrase } from '../support/outcome-text.ts';

const t0 = new Date('2026-11-27T10:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

const approved: ChangeHistory = {
  proposedAt: t0,
  proposedBy: 'alice',
  approvedAt: at(5),
  approvedBy: 'bob',
  probes: [],
};

describe('propagationTimeline', () => {
  it('stays proposed, or ends rejected/expired', () => {
    assert.equal(
      propagationTimeline({ proposedAt: t0, proposedBy: 'alice', probes: [] }, at(1)).state,
      'proposed',
    );
    const rejected = propagationTimeline(
      {
        proposedAt: t0,
        proposedBy: 'alice',
        closed: { state: 'rejected', at: at(2), by: 'bob' },
        probes: [],
      },
      at(3),
    );
    assert.equal(rejected.state, 'rejected');
    assert.equal(wordedPhrase(rejected.steps.at(-1)?.detail), 'rejected by bob');
  });

  it('is approved and waiting for evidence until applied', () => {
    const timeline = propagationTimeline(approved, at(10));
    assert.equal(timeline.state, 'approved');
    assert.equal(timeline.windowStart, undefined);
    assert.match(wordedPhrase(timeline.steps.find((step) => step.label === 'applied')?.detail), /waiting/);
  });

  it('shows applied (unverified) and the time elapsed in the 24-hour window', () => {
    const history: ChangeHistory = { ...approved, applied: { at: at(30), verified: false, markedBy: 'bob' } };
    const timeline = propagationTimeline(history, at(30 + 150));
    assert.equal(timeline.state, 'applied');
    assert.equal(timeline.verified, false);
    assert.equal(timeline.elapsedMs, 150 * 60_000);
    assert.match(wordedPhrase(timeline.steps.find((step) => step.label === 'applied')?.detail), /unverified/);
    assert.match(wordedPhrase(timeline.steps.at(-1)?.detail), /2 h 30 min of up to 24 h/);
  });

  it('becomes live at the first probe sighting', () => {
    const history: ChangeHistory = {
      ...approved,
      applied: {
        at: at(30),
        verified: true,
        evidence: {
          eventId: 'x',
          at: at(30).toISOString(),
          eventName: 'CREATE_GMAIL_SETTING',
          settingName: 'EMAIL_ROUTE',
        },
      },
      probes: [
        { token: 'aaa', sentAt: at(40) },
        {
          token: 'bbb',
          sentAt: at(100),
          sighting: {
            seenAt: at(101).toISOString(),
            clientIp: '209.85.220.41',
            tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
            dkim: 'pass',
          },
        },
      ],
    };
    const timeline = propagationTimeline(history, at(2000));
    assert.equal(timeline.state, 'live', 'live even after the window: it was seen in time');
    assert.equal(timeline.verified, true);
    assert.equal(timeline.liveProbe?.token, 'bbb');
    assert.match(
      wordedPhrase(timeline.steps.find((step) => step.label === 'probe' && step.done)?.detail),
      /209\.85\.220\.41.*TLSv1\.3.*DKIM pass/,
    );
  });

  it('stalls when no probe was seen within 24 hours of the change', () => {
    const history: ChangeHistory = {
      ...approved,
      applied: { at: at(30), verified: true },
      probes: [{ token: 'aaa', sentAt: at(40) }],
    };
    const justBefore = new Date(at(30).getTime() + PROPAGATION_WINDOW_MS - 1);
    assert.equal(propagationTimeline(history, justBefore).state, 'applied');
    const after = propagationTimeline(history, new Date(at(30).getTime() + PROPAGATION_WINDOW_MS));
    assert.equal(after.state, 'stalled');
    assert.match(wordedPhrase(after.steps.at(-1)?.detail), /no probe reached the relay within 24 hours/);
  });
});

describe('probe and poll schedules', () => {
  it('probes while propagating, at the interval', () => {
    const applied: ChangeHistory = { ...approved, applied: { at: at(30), verified: true }, probes: [] };
    assert.equal(probeDue(approved, at(31), 60 * 60_000), false, 'not before the change is applied');
    assert.equal(probeDue(applied, at(31), 60 * 60_000), true);
    const probed = { ...applied, probes: [{ token: 'a', sentAt: at(31) }] };
    assert.equal(probeDue(probed, at(60), 60 * 60_000), false);
    assert.equal(probeDue(probed, at(91), 60 * 60_000), true);
  });

  it('backs off audit polling up to 30 minutes and stops after 7 days', () => {
    assert.deepEqual(
      [1, 2, 3, 6, 7, 20].map(auditPollDelayMs),
      [60_000, 120_000, 240_000, 1_800_000, 1_800_000, 1_800_000],
    );
    assert.equal(auditPollingOver(t0, at(60)), false);
    assert.equal(auditPollingOver(t0, at(7 * 24 * 60 + 1)), true);
  });

  it('names the route, host and port in the troubleshooting steps', () => {
    const steps = stalledTroubleshooting({ name: 'gw1', host: 'smtp.gw.example.net', port: 587 });
    const text = steps.map((step) => wordedPhrase(step));
    assert.ok(text.some((step) => step.includes('smtp.gw.example.net:587')));
    assert.ok(text.some((step) => step.includes('/gateway test-tls gw1')));
    const unknown = stalledTroubleshooting({ name: 'gone' }).map((step) => wordedPhrase(step));
    assert.ok(unknown.some((step) => step.includes("Route `gone` is not in the bot's desired state")));
  });

  it("the steps name the Admin console labels of the reader's language", () => {
    const ja = stalledTroubleshooting({ name: 'gw1', host: 'smtp.gw.example.net', port: 587 })
      .map((step) => wordedPhrase(step, 'ja'))
      .join('\n');
    assert.match(ja, /\[アプリ\] > \[Google Workspace\] > \[Gmail\] > \[詳細設定\] > \[ルーティング\]/);
    assert.match(ja, /\[メッセージを変更\] の \[ルートを変更\]/);
    assert.match(ja, /\[送信ゲートウェイ\]/);
  });
});
