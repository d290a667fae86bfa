// Every message type the bot builds, rendered for a Japanese reader, has no English sentence left:
// after code spans, Slack markup (<@U…>, <#C…>, dates), emoji names, the values passed in (route and
// host names) and an allow-list of terms (TLS, MX, DKIM, product names, command words) are taken out,
// no Latin-letter word remains. The same builders in English are checked to contain English, so the
// check is not blind.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runPreflight } from '../../src/changes/tls-preflight.ts';
import { type ChangeRequest, newProposal, type PreflightRecord } from '../../src/domain/change-request.ts';
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
import { tlsTestMessage } from '../../src/slack/blocks/tls-test.ts';
import { trackerNotice } from '../../src/slack/blocks/workspace-notices.ts';
import { relayActionMessage } from '../../src/slack/ops/action-blocks.ts';
import { alertRaisedMessage, alertResolvedMessage } from '../../src/slack/ops/alert-blocks.ts';
import { channelWords, readerWords, type Words } from '../../src/slack/words.ts';
import type { AuditEntry } from '../../src/store/repositories.ts';
import { runTlsTest } from '../../src/tls/index.ts';
import { createTestPki, days, issueCertificate } from '../support/pki.ts';
import { type StarttlsServer, startStarttlsServer } from '../support/starttls-server.ts';
import { closedPort } from '../tls/fixtures.ts';

// Values passed in, and the form's example values (placeholders).
const VALUES = [
  // The TLS test's facts: certificate subjects and names (longest first).
  'CN=Ja Intermediate CA',
  'CN=Ja Root CA',
  'CN=127.0.0.1',
  'CN=mail.test.example',
  'mail.test.example',
  'relay.test.example',
  '_spf.google.com',
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
    // SMTP command names, as the TLS test reports them (no Japanese word exists for them).
    'EHLO',
    'STARTTLS',
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
    // Dates the TLS test reports (certificate validity), as ISO timestamps.
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, ' ')
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

// The TLS connection test, run for real against STARTTLS servers on loopback (a test CA playing the
// public roots): each verdict as the proposal's pre-flight and as the /gateway test-tls reply.
const pki = createTestPki('Ja');
const servers: StarttlsServer[] = [];
const TLS_VERDICTS: Record<string, PreflightRecord> = {};

async function tlsVerdicts(): Promise<void> {
  const good = pki.leaf(['mail.test.example', '127.0.0.1']);
  const wrongName = pki.leaf(['relay.test.example']);
  const expired = pki.leaf(['127.0.0.1'], { notBefore: days(-100), notAfter: days(-2) });
  const self = issueCertificate({ commonName: 'mail.test.example', altNames: ['127.0.0.1'] });
  const start = async (options: Parameters<typeof startStarttlsServer>[0]) => {
    const server = await startStarttlsServer(options);
    servers.push(server);
    return server.port;
  };
  const ports: Record<string, number> = {
    pass: await start({ certChainPem: pki.chainPem(good), keyPem: good.keyPem }),
    untrustedCa: await start({ certChainPem: self.certPem, keyPem: self.keyPem }),
    hostnameMismatch: await start({ certChainPem: pki.chainPem(wrongName), keyPem: wrongName.keyPem }),
    noStarttls: await start({ offerStarttls: false }),
    connectionRefused: await closedPort(),
    expired: await start({ certChainPem: pki.chainPem(expired), keyPem: expired.keyPem }),
  };
  const tester = {
    runTlsTest: (r: Parameters<typeof runTlsTest>[0]) =>
      runTlsTest(r, { timeoutMs: 5000 }, { publicRoots: [pki.root.certPem] }),
  };
  for (const [name, port] of Object.entries(ports)) {
    const record = await runPreflight(
      tester,
      { name: 'relay-1', host: '127.0.0.1', port, options: GOOGLE_DEFAULT_OPTIONS },
      () => new Date(created),
    );
    // As the store keeps it: JSON.
    TLS_VERDICTS[name] = JSON.parse(JSON.stringify(record)) as PreflightRecord;
  }
}

function tlsMessages(w: Words): unknown[] {
  return Object.values(TLS_VERDICTS).flatMap((preflight) => [
    proposalMessage(w, request(routeChange, { preflight })),
    consoleStepsMessage(w, request(routeChange, { state: 'approved', ...decided, preflight }), route),
    tlsTestMessage(w, { route: 'relay-1', host: '127.0.0.1', port: 2525, options: route.options }, preflight),
    tlsTestMessage(w, { host: '127.0.0.1', port: 2525, options: route.options }, preflight),
  ]);
}

describe('Japanese messages', () => {
  before(async () => {
    try {
      await tlsVerdicts();
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });

  it('the TLS verdicts are the ones named', () => {
    const summary = (name: string) => TLS_VERDICTS[name]?.summary as { code: string };
    assert.equal(TLS_VERDICTS.pass?.verdict, 'deliver');
    assert.equal(summary('pass').code, 'summary.deliver');
    for (const name of ['untrustedCa', 'hostnameMismatch', 'noStarttls', 'connectionRefused', 'expired']) {
      assert.equal(TLS_VERDICTS[name]?.verdict, 'bounce', name);
    }
    assert.deepEqual(
      ['untrustedCa', 'hostnameMismatch', 'noStarttls', 'connectionRefused', 'expired'].map(
        (name) => TLS_VERDICTS[name]?.causes[0]?.option,
      ),
      ['requireCaSigned', 'validateHostname', 'requireTls', 'connect', 'requireCaSigned'],
    );
  });

  it('TLS pre-flights and /gateway test-tls replies for ja contain no English sentence', () => {
    for (const words of [readerWords({ locale: 'ja', timeZone: 'Asia/Tokyo' }), channelWords('ja')]) {
      const messages = tlsMessages(words);
      assert.equal(messages.length, 24);
      for (const message of messages) {
        for (const text of shownText(message)) {
          assert.deepEqual(englishWords(text), [], `English left in: ${text}`);
        }
      }
    }
    const shown = tlsMessages(channelWords('ja')).flatMap(shownText).join('\n');
    assert.match(shown, /\[CA 署名済み証明書を使用する\]/);
    assert.match(shown, /\*証明書のホスト名を検証する\*/);
    assert.match(shown, /「証明書を検証できませんでした」/);
    assert.match(shown, /ポート \d+ で待ち受けているサーバーがありません/);
    assert.match(shown, /STARTTLS を有効にし/);
    assert.match(shown, /証明書を更新し/);
  });

  it('the same TLS messages in English are English', () => {
    const words = tlsMessages(channelWords('en')).flatMap((m) => shownText(m).flatMap(englishWords));
    for (const word of ['bounce', 'delivered', 'Renew', 'Turn', 'certificate', 'Install', 'Open']) {
      assert.ok(words.includes(word), `${word} in ${words.slice(0, 40).join(' ')}`);
    }
  });

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
