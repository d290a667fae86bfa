// Every message type the bot builds, rendered for a Japanese reader, has no English sentence left:
// after code spans, Slack markup (<@U…>, <#C…>, dates), emoji names, the values passed in (route and
// host names) and an allow-list of terms (TLS, MX, DKIM, product names, command words) are taken out,
// no Latin-letter word remains. The same builders in English are checked to contain English, so the
// check is not blind.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ChangeRequest, newProposal } from '../../src/domain/change-request.ts';
import type { Change, DesiredState } from '../../src/domain/desired-state.ts';
import type { ActiveAlert, AlertKind } from '../../src/domain/ops/alerts.ts';
import type { RelayActionRequest } from '../../src/domain/ops/relay-action.ts';
import { GOOGLE_DEFAULT_OPTIONS, type Route } from '../../src/domain/route.ts';
import { addRouteModal } from '../../src/slack/blocks/add-route-modal.ts';
import { approvalsMessage } from '../../src/slack/blocks/approvals.ts';
import { auditMessage } from '../../src/slack/blocks/audit.ts';
import { consoleStepsMessage } from '../../src/slack/blocks/console-steps.ts';
import { proposalMessage } from '../../src/slack/blocks/proposal.ts';
import { routeMessage, routesMessage } from '../../src/slack/blocks/routes.ts';
import { statusMessage } from '../../src/slack/blocks/timeline.ts';
import { trackerNotice } from '../../src/slack/blocks/workspace-notices.ts';
import { relayActionMessage } from '../../src/slack/ops/action-blocks.ts';
import { alertRaisedMessage, alertResolvedMessage } from '../../src/slack/ops/alert-blocks.ts';
import { channelWords, readerWords, type Words } from '../../src/slack/words.ts';
import type { AuditEntry } from '../../src/store/repositories.ts';

// Values passed in, and the form's example values (placeholders).
const VALUES = [
  'relay-1',
  'smtp.relay.example.com',
  'U0ALICE',
  'U0BOB',
  'gateway-1',
  'smtp.gateway.example.com',
];
const ALLOWED = new Set(
  [
    'TLS',
    'MX',
    'DKIM',
    'SPF',
    'DNS',
    'IP',
    'CA',
    'SMTP',
    'API',
    'Google',
    'Workspace',
    'Gmail',
    'Slack',
    'JST',
    // The /gateway set keywords, shown as typed: `tls on · ca on · hostname off · mx off`.
    'tls',
    'ca',
    'hostname',
    'mx',
    // Command placeholders in /gateway help.
    'NAME',
    'TOKEN',
    'N',
  ].map((w) => w.toLowerCase()),
);

function englishWords(text: string): string[] {
  let rest = text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/:[a-z_]+:/g, ' ')
    .replace(/\\n/g, ' ');
  for (const value of VALUES) rest = rest.split(value).join(' ');
  return (rest.match(/[A-Za-z]+/g) ?? []).filter((w) => !ALLOWED.has(w.toLowerCase()));
}

/** The text a person sees in a message or view: its fallback text and every text field of its blocks. */
function shownText(value: unknown): string[] {
  if (typeof value === 'string') return [];
  if (Array.isArray(value)) return value.flatMap(shownText);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) =>
      typeof v === 'string' && (key === 'text' || key === 'alt_text') ? [v] : shownText(v),
    );
  }
  return [];
}

const created = '2026-12-04T03:00:00.000Z';
const route: Route = {
  name: 'relay-1',
  host: 'smtp.relay.example.com',
  port: 587,
  options: GOOGLE_DEFAULT_OPTIONS,
};
const routeChange: Change = { kind: 'add-route', route };
const CHANGES: Change[] = [
  routeChange,
  { kind: 'set-option', name: 'relay-1', option: 'mxLookup', on: true },
  { kind: 'remove-route', name: 'relay-1' },
  { kind: 'use-route', routing: { route: 'relay-1', onwardTls: true } },
];

function request(change: Change, overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  return {
    id: 3,
    ...newProposal({
      change,
      diff: [{ subject: 'route relay-1', field: 'host', before: null, after: 'smtp.relay.example.com' }],
      requester: 'U0ALICE',
      reason: null,
      createdAt: created,
      expiresAt: '2026-12-05T03:00:00.000Z',
      preflight: null,
    }),
    ...overrides,
  };
}

const decided = { decidedBy: 'U0BOB', decidedAt: '2026-12-04T04:00:00.000Z' };
const STATES: Partial<ChangeRequest>[] = [
  {},
  { state: 'rejected', ...decided },
  { state: 'expired', decidedAt: decided.decidedAt },
  { state: 'approved', ...decided, bounceAcknowledged: true },
  { state: 'applied', ...decided, appliedBy: 'U0BOB', appliedAt: decided.decidedAt },
  { state: 'applied', ...decided, appliedBy: 'U0BOB', appliedAt: decided.decidedAt, appliedVerified: true },
  { state: 'live', ...decided, appliedAt: decided.decidedAt, appliedVerified: true, liveAt: created },
  { state: 'stalled', ...decided, appliedAt: decided.decidedAt, stalledAt: created },
];

const state: DesiredState = {
  routes: [route],
  routing: { route: 'relay-1', onwardTls: true },
  version: 2,
};
const audit: AuditEntry[] = [
  {
    id: 1,
    at: created,
    actor: 'system',
    changeId: 3,
    action: 'expired',
    fromState: null,
    toState: 'expired',
    reason: null,
    details: null,
  },
  {
    id: 2,
    at: created,
    actor: 'U0BOB',
    changeId: 3,
    action: 'approved',
    fromState: 'proposed',
    toState: 'approved',
    reason: null,
    details: null,
  },
];

const relayAction = (state: RelayActionRequest['state']): RelayActionRequest => ({
  id: 4,
  action: 'restart',
  relays: ['relay-1'],
  requester: 'U0ALICE',
  reason: null,
  state,
  createdAt: Date.parse(created),
  expiresAt: Date.parse(created) + 86_400_000,
  decidedBy: state === 'proposed' ? null : 'U0BOB',
  decidedAt: state === 'proposed' ? null : Date.parse(created),
  outcomes: [],
  message: null,
});

// The alert's detail and remedy are the monitor's facts (still English): given here as values.
const alert = (kind: AlertKind): ActiveAlert =>
  ({
    key: `relay-1:${kind}`,
    relay: 'relay-1',
    kind,
    raisedAt: Date.parse(created),
    detail: '',
    remedy: '',
  }) as ActiveAlert;
const KINDS: AlertKind[] = [
  'relay-unreachable',
  'queue-age',
  'deferral-spike',
  'allowlist-refresh',
  'cert-expiry',
];

function everyMessage(w: Words): unknown[] {
  return [
    ...(['proposed', 'rejected', 'expired', 'approved', 'done', 'failed'] as const).map((state) =>
      relayActionMessage(w, relayAction(state)),
    ),
    ...KINDS.flatMap((kind) => [
      alertRaisedMessage(w, alert(kind)),
      alertResolvedMessage(w, alert(kind), Date.parse(created), ''),
    ]),
    trackerNotice(w, { type: 'stalled', request: request(routeChange), troubleshooting: [] } as never),
    statusMessage(w, []),
    statusMessage(w, [], 'relay-1'),
    ...CHANGES.flatMap((change) => STATES.map((s) => proposalMessage(w, request(change, s)))),
    ...CHANGES.flatMap((change) => [
      consoleStepsMessage(w, request(change, { state: 'approved', ...decided }), route),
      consoleStepsMessage(w, request(change, STATES[4]), route),
    ]),
    consoleStepsMessage(
      w,
      request(routeChange, {
        state: 'approved',
        preflight: { verdict: 'bounce', summary: '', causes: [], remedies: [], ranAt: created },
      }),
      undefined,
    ),
    addRouteModal(w, { channel: 'C0OPS' }),
    routesMessage(w, state, 2),
    routesMessage(w, { routes: [], routing: null, version: 0 }, 0),
    routeMessage(w, route, state, [request(routeChange)], audit),
    approvalsMessage(w, [request(routeChange)]),
    approvalsMessage(w, []),
    auditMessage(w, audit),
    auditMessage(w, []),
  ];
}

describe('Japanese messages', () => {
  for (const [name, words] of [
    ['for one reader (ja-JP, Asia/Tokyo)', readerWords({ locale: 'ja', timeZone: 'Asia/Tokyo' })],
    ['in a channel with DEFAULT_LOCALE=ja', channelWords('ja')],
  ] as const) {
    it(`contain no English sentence ${name}`, () => {
      const messages = everyMessage(words);
      assert.ok(messages.length > 40);
      for (const message of messages) {
        for (const text of shownText(message)) {
          assert.deepEqual(englishWords(text), [], `English left in: ${text}`);
        }
      }
    });
  }

  it('the check sees English where there is English', () => {
    const words = everyMessage(channelWords('en')).flatMap((m) => shownText(m).flatMap(englishWords));
    assert.ok(words.includes('Approve') && words.includes('Click'), words.slice(0, 20).join(' '));
  });
});
