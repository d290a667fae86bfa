// Every message type the bot builds, rendered for a Japanese reader, has no English sentence left:
// after code spans, Slack markup (<@U…>, <#C…>, dates), emoji names, the values passed in (route and
// host names) and an allow-list of terms (TLS, MX, DKIM, product names, command words) are taken out,
// no Latin-letter word remains. The same builders in English are checked to contain English, so the
// check is not blind.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ConfigAuthorizer } from '../../src/changes/authorizer.ts';
import { runPreflight } from '../../src/changes/tls-preflight.ts';
import { checkDecision } from '../../src/domain/approval-policy.ts';
import {
  type ChangeRequest,
  newProposal,
  type PreflightRecord,
  transition,
} from '../../src/domain/change-request.ts';
import { type Change, type DesiredState, planChange } from '../../src/domain/desired-state.ts';
import { checkNewRoute } from '../../src/domain/new-route.ts';
import { type AlertEvent, emptyAlertBook, evaluateAlerts } from '../../src/domain/ops/alerts.ts';
import { bypassCheck, contentCheck } from '../../src/domain/ops/content-check.ts';
import {
  deferredCheck,
  dkimCheck,
  dnsCheck,
  propagationCheck,
  rejectionsCheck,
  relayHealthCheck,
  spfCheck,
  tlsCheck,
} from '../../src/domain/ops/diagnose-checks.ts';
import { type CheckOutcome, finishCheck, newReport } from '../../src/domain/ops/diagnose-report.ts';
import { checkRelayDecision, type RelayActionRequest } from '../../src/domain/ops/relay-action.ts';
import type { RelaySnapshot } from '../../src/domain/ops/relay-snapshot.ts';
import {
  type ChangeHistory,
  PROPAGATION_WINDOW_MS,
  propagationTimeline,
  stalledTroubleshooting,
} from '../../src/domain/propagation.ts';
import { changeOption, GOOGLE_DEFAULT_OPTIONS, type Route } from '../../src/domain/route.ts';
import { GatewayError } from '../../src/gateway-client/errors.ts';
import { GatewayFleet } from '../../src/gateway-client/fleet.ts';
import { CATALOGUES } from '../../src/i18n/catalogue.ts';
import { list, type Phrase, phrase, raw } from '../../src/i18n/phrase.ts';
import { DiagnoseInputError, resolveSubject } from '../../src/ops/diagnose-runner.ts';
import type { OpsServices } from '../../src/ops/ops-services.ts';
import type { RelayCertificate } from '../../src/ops/tls-runner.ts';
import { addRouteModal } from '../../src/slack/blocks/add-route-modal.ts';
import { approvalsMessage } from '../../src/slack/blocks/approvals.ts';
import { auditMessage } from '../../src/slack/blocks/audit.ts';
import { consoleStepsMessage } from '../../src/slack/blocks/console-steps.ts';
import { proposalMessage } from '../../src/slack/blocks/proposal.ts';
import { routeMessage, routesMessage } from '../../src/slack/blocks/routes.ts';
import { type ChangeTimeline, statusMessage } from '../../src/slack/blocks/timeline.ts';
import { tlsTestMessage } from '../../src/slack/blocks/tls-test.ts';
import { trackerNotice } from '../../src/slack/blocks/workspace-notices.ts';
import { audit as auditCommand } from '../../src/slack/commands/audit.ts';
import { probeCommand } from '../../src/slack/commands/probe.ts';
import { route as routeCommand } from '../../src/slack/commands/route.ts';
import { type CommandContext, type Subcommand, UsageError } from '../../src/slack/commands/router.ts';
import { setOption } from '../../src/slack/commands/set-option.ts';
import { testTls } from '../../src/slack/commands/test-tls.ts';
import { relayActionMessage } from '../../src/slack/ops/action-blocks.ts';
import { alertRaisedMessage, alertResolvedMessage } from '../../src/slack/ops/alert-blocks.ts';
import { diagnoseCommand, relayCommand } from '../../src/slack/ops/commands.ts';
import { diagnoseMessage } from '../../src/slack/ops/diagnose-blocks.ts';
import { relayHomeLine, relayQueueBlocks, relayStatusBlocks } from '../../src/slack/ops/status-blocks.ts';
import { channelWords, readerWords, say, sayMrkdwn, type Words } from '../../src/slack/words.ts';
import type { AuditEntry } from '../../src/store/repositories.ts';
import { runTlsTest } from '../../src/tls/index.ts';
import { tlsPhrase } from '../../src/tls/messages.ts';
import { decideGoogleAdmin } from '../../src/workspace/admin-authorizer.ts';
import type { AdminStatus } from '../../src/workspace/directory.ts';
import {
  describeGoogleFailure,
  GoogleApiError,
  type GoogleFailure,
  translateGoogleError,
} from '../../src/workspace/google-errors.ts';
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
  'relay-2',
  'relay-3',
  'smtp.relay.example.com',
  'U0ALICE',
  'U0BOB',
  'gateway-1',
  'smtp.gateway.example.com',
  'smtp.example.com',
  // Words an admin typed wrongly in the usage cases, quoted back.
  'maybe',
  'dance',
  'nope',
  '--bogus',
  '--force',
  'xyz',
  'localhost',
  // Facts from outside in the diagnose fixtures: error texts, reason codes and SPF results as the
  // relay or DNS report them, a scanner's name, an account.
  'NXDOMAIN',
  'missing_scope',
  'Backend Error',
  'TLSv1.3',
  'invalid_grant',
  'Invalid email or User ID',
  'orgUnits/sales0002',
  'orgUnits/eng00003',
  // Google's API names and OAuth scopes, as Google writes them.
  'https://www.googleapis.com/auth/admin.reports.audit.readonly',
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/gmail.send',
  'https://www.googleapis.com/auth/cloud-identity.policies.readonly',
  'Admin SDK Reports API',
  'Admin SDK API',
  'Cloud Identity API',
  'Admin SDK Directory API (users.get)',
  'Gmail API (users.messages.send)',
  'Cloud Identity Policy API (policies.list)',
  'S0VIEWERS',
  'user@example.com',
  'gone@example.com',
  'someone@example.org',
  'admin@example.com',
  'ECONNREFUSED',
  'sender-domain',
  'client-not-allowed',
  'bare-newline',
  '2001:db8::1',
  'clamd',
  'mallory@example.com',
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
    'SMTPS',
    'STARTTLS',
    'API',
    'Google',
    'Workspace',
    'Gmail',
    'Slack',
    'JST',
    'HTTP',
    'PID',
    'CPU',
    'JSON',
    'HTTPS',
    'Cloud',
    // Mail and DNS terms, as the console and RFCs write them.
    'DANE',
    'MTA',
    'STS',
    'DNSSEC',
    'SERVFAIL',
    'AAAA',
    'TXT',
    'A',
    'CR',
    'LF',
    'CRLF',
    'URL',
    'ID',
    'MB',
    // SPF results as RFC 7208 names them (the value the DNS check found).
    'pass',
    'softfail',
    'temperror',
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
    .replace(/&(lt|gt|amp);/g, ' ')
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

// What a relay says it did, for each action and each way one can fail.
const OUTCOMES_OF_ACTIONS: RelayActionRequest['outcomes'] = [
  phrase('action.outcome.paused'),
  phrase('action.outcome.resumed'),
  phrase('action.outcome.flushed', { count: 1 }),
  phrase('action.outcome.flushed', { count: 3 }),
  phrase('action.outcome.reloaded', { count: 1, restart: raw('') }),
  phrase('action.outcome.reloaded', {
    count: 12,
    restart: phrase('action.outcome.restartKeys', { keys: list([raw('listen.port'), raw('spool.dir')]) }),
  }),
  phrase('action.outcome.notManaged', { relay: 'relay-1' }),
  phrase('action.outcome.restarted', { before: '101', after: '202', seconds: '1.5' }),
  phrase('action.outcome.restartedSilent', { before: '101', after: '202', error: raw('ECONNREFUSED') }),
].map((text, i) => ({ relay: 'relay-1', ok: i < 6, text }));

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
  outcomes: state === 'done' || state === 'failed' ? OUTCOMES_OF_ACTIONS : [],
  message: null,
});

// Every alert kind, raised and resolved by the monitor's own rules (evaluateAlerts), with its facts.
function alertEvents(): AlertEvent[] {
  const at = Date.parse(created);
  const counters = { accepted: 0, delivered: 0, deferred: 0, bounced: 0, rejected: {} };
  const healthy: RelaySnapshot = {
    relay: 'relay-1',
    at,
    reachable: true,
    queue: { messages: 0 },
    counters,
    allowlist: { size: 12 },
    certNotAfter: at + 90 * 86_400_000,
    scan: { scanners: [{ name: 'clamd', ok: true }], findings: [] },
    archive: { archived: 1, pending: 0, failing: 0, alert: false },
  };
  const sick = (t: number, certDays: number): RelaySnapshot => ({
    ...healthy,
    at: t,
    queue: { messages: 4, oldestAgeSeconds: 7200 },
    counters: { ...counters, deferred: 12, delivered: 2 },
    allowlist: { size: 12, error: 'NXDOMAIN' },
    certNotAfter: t + certDays * 86_400_000,
    scan: {
      scanners: [{ name: 'clamd', ok: false, error: 'ECONNREFUSED' }],
      findings: [{ at: t, sender: 'mallory@example.com', kind: 'virus', detail: 'clamd', refused: true }],
    },
    archive: { destination: 'smtp.relay.example.com', archived: 1, pending: 3, failing: 3, alert: true },
  });
  const events: AlertEvent[] = [];
  for (const [relay, certDays] of [
    ['relay-1', 5],
    ['relay-2', -3],
  ] as const) {
    let book = emptyAlertBook();
    const step = (snapshot: RelaySnapshot) => {
      const next = evaluateAlerts(book, { ...snapshot, relay });
      book = next.book;
      events.push(...next.events);
    };
    step(healthy);
    step({ relay, at: at + 1000, reachable: false, error: 'ECONNREFUSED' });
    step({ relay, at: at + 2000, reachable: false });
    step(sick(at + 3000, certDays));
    step({ ...healthy, at: at + 3 * 3_600_000, counters: { ...counters, deferred: 12, delivered: 40 } });
  }
  return events;
}
const KINDS = new Set(alertEvents().map((e) => e.alert.kind));

// Each diagnose check (the TLS test's own summary aside: the TLS module words it) in pass, warn and
// fail, shown in one report per status.
const T0 = Date.parse(created);
const up: RelaySnapshot = {
  relay: 'relay-1',
  at: T0,
  reachable: true,
  uptimeSeconds: 7200,
  allowlist: { size: 12 },
  queue: { messages: 3, oldestAgeSeconds: 600 },
};
const scan: RelaySnapshot['scan'] = {
  scanners: [{ name: 'clamd', ok: true }],
  lastDay: { clean: 4, virus: 1, spam: 0, error: 0 },
  findings: [],
};
const tls = (verdict: 'deliver' | 'bounce', days: number) => ({
  verdict,
  summary: raw(''),
  remedies: [],
  warnings: [],
  targets: [{ label: 'relay-1', certificate: { daysToExpiry: days } }],
});
const OUTCOMES: Record<'pass' | 'warn' | 'fail', CheckOutcome[]> = {
  pass: [
    tlsCheck(tls('deliver', 60)),
    dnsCheck({
      host: 'smtp.relay.example.com',
      isIp: false,
      mxLookup: true,
      addresses: ['192.0.2.1'],
      mx: [{ exchange: 'smtp.relay.example.com', priority: 10 }],
    }),
    dnsCheck({ host: '192.0.2.1', isIp: true, mxLookup: false, addresses: [] }),
    relayHealthCheck([up]),
    relayHealthCheck([up, { ...up, relay: 'relay-2' }]),
    rejectionsCheck({}, 'day'),
    deferredCheck([]),
    dkimCheck({ pass: 0, fail: 0 }),
    dkimCheck({ pass: 100, fail: 0 }),
    spfCheck([{ domain: 'smtp.relay.example.com', address: '192.0.2.1', result: 'pass' }]),
    propagationCheck(undefined, T0),
    propagationCheck({ change: 3, state: 'live', since: T0 - 90_000 }, T0),
    propagationCheck({ change: 3, state: 'rejected', since: T0 }, T0),
    contentCheck([]),
    contentCheck([{ ...up, scan, archive: { archived: 5, pending: 0, failing: 0, alert: false } }]),
  ],
  warn: [
    tlsCheck(tls('deliver', 3)),
    relayHealthCheck([]),
    relayHealthCheck([
      { ...up, paused: true, tenant: { bound: false }, allowlist: { size: 12, error: 'NXDOMAIN' } },
      { ...up, relay: 'relay-2', certNotAfter: T0 + 5 * 86_400_000 },
    ]),
    rejectionsCheck({ 'client-not-allowed': 4, 'bare-newline': 1 }, 'sinceStart'),
    dkimCheck({ pass: 93, fail: 7 }),
    spfCheck([{ domain: 'smtp.relay.example.com', address: '2001:db8::1', result: 'temperror' }]),
    propagationCheck({ change: 3, state: 'applied', since: T0 - 3 * 3_600_000 }, T0),
    propagationCheck({ change: 3, state: 'approved', since: T0 - 3 * 86_400_000 }, T0),
    contentCheck([
      {
        ...up,
        scan: {
          ...scan,
          findings: [
            { at: T0, sender: 'mallory@example.com', kind: 'virus', detail: 'clamd', refused: true },
          ],
        },
        archive: { archived: 5, pending: 2, failing: 2, alert: false },
      },
    ]),
    bypassCheck({
      ok: false,
      detail: phrase('setupCheck.perUserOn', { units: list([raw('orgUnits/sales0002')]) }),
    }),
  ],
  fail: [
    tlsCheck(tls('bounce', 60), { pausedRelay: 'relay-1' }),
    tlsCheck(tls('bounce', 60)),
    dnsCheck({
      host: 'smtp.relay.example.com',
      isIp: false,
      mxLookup: true,
      addresses: [],
      error: phrase('check.dns.lookupError.nxdomain'),
    }),
    ...(['nodata', 'servfail', 'refused', 'timeout'] as const).map((code) =>
      dnsCheck({
        host: 'smtp.relay.example.com',
        isIp: false,
        mxLookup: false,
        addresses: [],
        error: phrase(`check.dns.lookupError.${code}`),
      }),
    ),
    dnsCheck({ host: 'smtp.relay.example.com', isIp: false, mxLookup: false, addresses: [] }),
    relayHealthCheck([
      { relay: 'relay-1', at: T0, reachable: false, error: 'ECONNREFUSED' },
      { relay: 'relay-2', at: T0, reachable: false },
      { ...up, relay: 'relay-3', allowlist: { size: 0 }, certNotAfter: T0 - 2 * 86_400_000 },
    ]),
    rejectionsCheck({ 'sender-domain': 1, 'client-not-allowed': 1 }, 'day'),
    deferredCheck(
      ['TLS', 'NXDOMAIN', 'ECONNREFUSED', '421', 'softfail'].map((lastError, i) => ({
        destination: `smtp.relay.example.com${i}`,
        messages: i + 1,
        lastError,
        ...(i % 2 ? { oldestAgeSeconds: 86_400 * i } : {}),
      })),
    ),
    deferredCheck([{ destination: 'smtp.relay.example.com', messages: 1 }]),
    dkimCheck({ pass: 1, fail: 3 }),
    spfCheck([{ domain: 'smtp.relay.example.com', address: '192.0.2.1', result: 'softfail' }]),
    spfCheck([]),
    propagationCheck({ change: 3, state: 'stalled', since: T0 }, T0),
    contentCheck([
      {
        ...up,
        scan: {
          ...scan,
          scanners: [
            { name: 'clamd', ok: false, error: 'ECONNREFUSED' },
            { name: 'clamd', ok: false },
          ],
        },
        archive: {
          destination: 'smtp.relay.example.com',
          archived: 0,
          pending: 9,
          failing: 9,
          alert: true,
          lastError: '421',
        },
      },
      { ...up, relay: 'relay-2', archive: { archived: 0, pending: 9, failing: 9, alert: true } },
      { ...up, relay: 'relay-3', scan },
    ]),
  ],
};

function diagnoseReports(w: Words): unknown[] {
  return Object.entries(OUTCOMES)
    .map(([status, outcomes]) => {
      const checks = outcomes.map((_, i) => ({ id: `c${i}`, title: TITLES[i % TITLES.length] as Phrase }));
      let report = newReport({ kind: 'route', name: 'relay-1' }, checks, T0);
      if (status === 'pass') return diagnoseMessage(w, report);
      outcomes.forEach((outcome, i) => {
        report = finishCheck(report, `c${i}`, outcome, i * 700, T0 + 5000);
      });
      return diagnoseMessage(w, report);
    })
    .concat(
      // A finished all-pass report too (the loop above leaves the pass report running).
      diagnoseMessage(
        w,
        OUTCOMES.pass.reduce(
          (r, outcome, i) => finishCheck(r, `c${i}`, outcome, 5, T0 + 10),
          newReport(
            { kind: 'relays' },
            OUTCOMES.pass.map((_, i) => ({ id: `c${i}`, title: TITLES[0] as Phrase })),
            T0,
          ),
        ),
      ),
      diagnoseMessage(w, newReport({ kind: 'target', host: 'smtp.relay.example.com', port: 25 }, [], T0)),
    );
}

const TITLES = (
  ['relay', 'content', 'rejections', 'deferred', 'dkim', 'spf', 'bypass', 'propagation'] as const
)
  .map((k) => phrase(`check.title.${k}`))
  .concat([
    phrase('check.title.tls', { target: 'smtp.relay.example.com:25' }),
    phrase('check.title.tlsRoute', { name: 'relay-1', target: 'smtp.relay.example.com:25' }),
    phrase('check.title.dns', { host: 'smtp.relay.example.com' }),
    phrase('check.title.recipientTls', { domain: 'smtp.relay.example.com' }),
  ]);

// Validation errors of typed routes and proposed changes, as the add-route form and commands show them.
function validationProblems(): Phrase[] {
  const options = GOOGLE_DEFAULT_OPTIONS;
  const problems: Phrase[] = [];
  for (const [name, host, port] of [
    ['', '', '465'],
    ['relay-1', 'smtp.relay.example.com', '24'],
    ['名前!', 'relay-1', '２５'],
    ['gateway-1', 'relay-1 relay-2', '25'],
    ['gateway-1', '192.0.2', '25'],
  ] as const) {
    const checked = checkNewRoute(state, { name, host, port, options: { ...options, requireTls: false } });
    if (!checked.ok) problems.push(...Object.values(checked.errors));
  }
  for (const change of [
    routeChange,
    { kind: 'set-option', name: 'relay-1', option: 'requireTls', on: true },
    { kind: 'set-option', name: 'relay-1', option: 'mxLookup', on: false },
    { kind: 'set-option', name: 'gateway-1', option: 'mxLookup', on: true },
    { kind: 'remove-route', name: 'relay-1' },
    { kind: 'use-route', routing: { route: 'relay-1', onwardTls: true } },
  ] as Change[]) {
    const plan = planChange(state, change);
    if (!plan.ok) problems.push(...plan.errors);
  }
  const noTls = { ...options, requireTls: false, requireCaSigned: false, validateHostname: false };
  const turnOn = changeOption(noTls, 'requireCaSigned', true);
  if (!turnOn.ok) problems.push(turnOn.error);
  const empty = planChange(
    { routes: [], routing: null, version: 0 },
    { kind: 'remove-route', name: 'relay-1' },
  );
  if (!empty.ok) problems.push(...empty.errors);
  try {
    resolveSubject('smtp.relay.example.com:465', state);
  } catch (error) {
    if (error instanceof DiagnoseInputError) problems.push(error.problem);
  }
  return problems;
}

// /gateway status: a change in each state of its propagation timeline, with every kind of step.
function statusTimelines(): ChangeTimeline[] {
  const t = (minutes: number) => new Date(T0 + minutes * 60_000);
  const proposed: ChangeHistory = { proposedAt: t(0), proposedBy: 'U0ALICE', probes: [] };
  const approved: ChangeHistory = { ...proposed, approvedAt: t(5), approvedBy: 'U0BOB' };
  const evidence = {
    eventId: '1',
    at: t(30).toISOString(),
    actor: 'admin@example.com',
    eventName: 'CHANGE_APPLICATION_SETTING',
    settingName: 'OUTBOUND_RELAY',
    newValue: 'relay-1',
  };
  const verified = { at: t(30), verified: true, evidence };
  const seen = { seenAt: t(90).toISOString(), clientIp: '209.85.220.41', dkim: 'pass' };
  const histories: [ChangeHistory, Date][] = [
    [proposed, t(1)],
    [{ ...proposed, closed: { state: 'rejected', at: t(3), by: 'U0BOB' } }, t(4)],
    [{ ...proposed, closed: { state: 'expired', at: t(3) } }, t(4)],
    [approved, t(10)],
    [{ ...proposed, approvedAt: t(5) }, t(10)],
    [{ ...approved, applied: { at: t(30), verified: false, markedBy: 'U0BOB' } }, t(180)],
    [{ ...approved, applied: { at: t(30), verified: false } }, t(40)],
    [
      {
        ...approved,
        applied: verified,
        probes: [
          { token: 'aaa', sentAt: t(40) },
          { token: 'bbb', sentAt: t(50), sendError: 'Backend Error' },
        ],
      },
      t(100),
    ],
    [
      {
        ...approved,
        applied: verified,
        probes: [
          { token: 'ccc', sentAt: t(60), sighting: { ...seen, tls: { protocol: 'TLSv1.3', cipher: 'x' } } },
          { token: 'ddd', sentAt: t(61), sighting: { ...seen, tls: null } },
        ],
      },
      t(100),
    ],
    [
      { ...approved, applied: verified, probes: [{ token: 'aaa', sentAt: t(40) }] },
      new Date(t(30).getTime() + PROPAGATION_WINDOW_MS),
    ],
  ];
  return histories.map(([history, now]) => ({
    request: request(routeChange),
    timeline: propagationTimeline(history, now),
    troubleshooting: stalledTroubleshooting(route),
  }));
}

// What each subcommand answers to bad input (unknown words, flags, counts, routes and relays): the
// problems its run() throws before it touches any outside system.
async function usageProblems(): Promise<Phrase[]> {
  const fleet = new GatewayFleet({
    relays: [{ name: 'relay-1', url: 'http://127.0.0.1:9', token: 'unused' }],
    timeoutMs: 1000,
  });
  const desiredState = async () => state;
  const ops = { fleet, changes: { desiredState } } as unknown as OpsServices;
  const tracker = { probeNow: async () => ({}), lookup: async () => undefined } as never;
  const cases: [Subcommand, string[], DesiredState?][] = [
    [setOption, ['relay-1']],
    [setOption, ['relay-1', 'tls', 'on', 'relay-2']],
    [setOption, ['relay-1', 'maybe', 'on']],
    [setOption, ['relay-1', 'tls', 'maybe']],
    [auditCommand, ['0']],
    [routeCommand, ['nope']],
    [routeCommand, ['nope'], { routes: [], routing: null, version: 0 }],
    [probeCommand(tracker, true), ['xyz']],
    [testTls, ['--bogus']],
    [testTls, ['smtp.example.com', 'relay-2']],
    [testTls, ['localhost']],
    [relayCommand(ops), ['status', '--relay']],
    [relayCommand(ops), ['status', '--force']],
    [relayCommand(ops), []],
    [relayCommand(ops), ['dance']],
    [relayCommand(ops), ['status', '--relay', 'nope']],
    [diagnoseCommand(ops), ['relay-1', 'relay-2']],
  ];
  const problems: Phrase[] = [];
  for (const [command, args, desired] of cases) {
    const services = { changes: { desiredState: async () => desired ?? state } };
    const context = { args, words: channelWords('en'), services, reply: async () => {} };
    try {
      await command.run(context as unknown as CommandContext);
      assert.fail(`/gateway ${command.name} ${args.join(' ')} was accepted`);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      problems.push(error.problem);
    }
  }
  return problems;
}
const USAGE_PROBLEMS: Phrase[] = [];

// Why a person may not look, propose or approve, and why a decision on a change or a relay action is
// refused: from the authorizers and the domain's policies themselves; the change and relay-action
// services' own refusals (not found, lost races) are built as those services build them.
async function refusals(): Promise<Phrase[]> {
  const problems: Phrase[] = [];
  const refused = (decision: { allowed: boolean; reason?: Phrase }) => {
    if (decision.allowed || !decision.reason) assert.fail('allowed');
    problems.push(decision.reason);
  };
  const people = Array.from({ length: 12 }, (_, i) => `U0PERSON${i}`);
  const config = new ConfigAuthorizer({ approvers: people, requesters: [], approverGroup: 'S0ADMINS' });
  refused(await config.mayView('U0EVE'));
  refused(await new ConfigAuthorizer({ approvers: [], requesters: [] }).mayView('U0EVE'));
  refused(await config.mayApprove('U0EVE'));
  refused(await new ConfigAuthorizer({ approvers: [], requesters: ['U0DAN'] }).mayPropose('U0EVE'));
  const groupFails = async () => {
    throw Object.assign(new Error('An API error occurred: missing_scope'), {
      data: { error: 'missing_scope' },
    });
  };
  refused(
    await new ConfigAuthorizer({
      approvers: [],
      requesters: [],
      viewerGroup: 'S0VIEWERS',
      groupMembers: groupFails,
    }).mayView('U0EVE'),
  );
  const statuses: Record<string, AdminStatus | 'fails'> = {
    'user@example.com': {
      found: true,
      email: 'user@example.com',
      isAdmin: false,
      isDelegatedAdmin: false,
      suspended: false,
      admin: false,
    },
    'gone@example.com': {
      found: true,
      email: 'gone@example.com',
      isAdmin: true,
      isDelegatedAdmin: false,
      suspended: true,
      admin: false,
    },
    'someone@example.org': { found: false, email: 'someone@example.org' },
    'admin@example.com': 'fails',
  };
  const directory = {
    adminStatus: async (email: string): Promise<AdminStatus> => {
      const status = statuses[email];
      if (status === 'fails' || !status) {
        throw new GoogleApiError(googleFailures()[0] as GoogleFailure);
      }
      return status;
    },
  };
  for (const email of [...Object.keys(statuses), undefined]) {
    refused(await decideGoogleAdmin('U0EVE', async () => email, directory));
  }
  refused(await decideGoogleAdmin('U0EVE', groupFails, directory));

  const now = new Date(Date.parse(created) + 3_600_000);
  const proposed = request(routeChange, { preflight: TLS_VERDICTS.untrustedCa ?? null });
  const decision = {
    request: proposed,
    actor: 'U0BOB',
    actorIsApprover: true,
    now,
    decision: 'approve',
  } as const;
  for (const input of [
    { ...decision, request: request(routeChange, { state: 'rejected', ...decided }) },
    { ...decision, request: request(routeChange, { state: 'expired' }) },
    { ...decision, now: new Date(Date.parse(created) + 30 * 86_400_000) },
    { ...decision, actorIsApprover: false },
    {
      ...decision,
      actorIsApprover: false,
      notApproverBecause: phrase('refusal.notApprover', { user: 'U0BOB' }),
    },
    { ...decision, actor: 'U0ALICE' },
    decision,
  ]) {
    const policy = checkDecision(input);
    if (policy.allowed) assert.fail('allowed');
    problems.push(policy.problem);
  }
  for (const [from, event] of [
    [
      { state: 'approved', ...decided },
      { type: 'approve', actor: 'U0CAROL', acknowledgeBounce: false },
    ],
    [{}, { type: 'mark-live' }],
    [
      { state: 'applied', appliedVerified: true },
      { type: 'mark-applied', actor: 'U0BOB', verified: true },
    ],
    [{ state: 'live' }, { type: 'mark-stalled' }],
  ] as const) {
    const moved = transition(request(routeChange, from as Partial<ChangeRequest>), event, now);
    if (moved.ok) assert.fail(`${event.type} allowed`);
    problems.push(moved.error);
  }
  const relayDecision = {
    request: relayAction('proposed'),
    actor: 'U0BOB',
    actorIsApprover: true,
    decision: 'approve',
    now: Date.parse(created),
  } as const;
  for (const input of [
    { ...relayDecision, request: relayAction('approved') },
    { ...relayDecision, request: { ...relayAction('expired'), decidedBy: null } },
    { ...relayDecision, now: Date.parse(created) + 2 * 86_400_000 },
    { ...relayDecision, actorIsApprover: false },
    { ...relayDecision, actor: 'U0ALICE' },
  ]) {
    const check = checkRelayDecision(input);
    if (check.allowed) assert.fail('allowed');
    problems.push(check.problem);
  }
  const plan = planChange(state, routeChange);
  problems.push(
    phrase('refusal.noChange', { id: 9 }),
    phrase('refusal.conflict', { id: 3, problems: list(plan.ok ? [] : plan.errors, 'parts') }),
    phrase('refusal.busy', { id: 3 }),
    phrase('refusal.changedMeanwhile', { id: 3 }),
    phrase('refusal.noRelayAction', { id: 9 }),
    phrase('refusal.relayActionChanged', { id: 4 }),
    phrase('refusal.noRelayConfigured'),
  );
  return problems;
}
const REFUSALS: Phrase[] = [];

// What each kind of Google failure says (translateGoogleError on the errors Google's clients throw),
// and the lines of /gateway google check.
function googleFailures(): GoogleFailure[] {
  const context = { api: 'directory', clientId: '1234567890', subject: 'admin@example.com' } as const;
  const answer = (status: number, data: unknown = {}) => ({ response: { status, data, headers: {} } });
  const errors: unknown[] = [
    answer(403, { error: { errors: [{ reason: 'insufficientPermissions' }] } }),
    answer(400, { error: 'unauthorized_client' }),
    answer(400, { error: 'invalid_grant', error_description: 'Invalid email or User ID' }),
    answer(400, { error: 'invalid_grant', error_description: 'NXDOMAIN' }),
    answer(429),
    answer(403, { error: { errors: [{ reason: 'accessNotConfigured' }] } }),
    answer(401),
    answer(403),
    answer(404),
    answer(503, { error: { message: 'Backend Error' } }),
    answer(400),
    answer(418),
    Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }),
    Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
    new Error('socket hang up'),
  ];
  return [
    ...errors.map((error) => translateGoogleError(error, context)),
    ...(['audit', 'probe', 'policies'] as const).map((api) =>
      translateGoogleError(answer(403), { ...context, api }),
    ),
  ];
}

function setupCheckLines(): Phrase[] {
  const subject = 'admin@example.com';
  return [
    ...(['audit', 'directory', 'probe', 'policies'] as const).map((api) =>
      phrase('setupCheck.works', {
        what: phrase('setupCheck.auditReads', { subject }),
        scope: 'https://www.googleapis.com/auth/gmail.send',
        purpose: phrase(`googleFailure.purpose.${api}`),
      }),
    ),
    phrase('setupCheck.directoryNotFound', { subject }),
    phrase('setupCheck.directoryAdmin', { subject }),
    phrase('setupCheck.directoryNotAdmin', { subject }),
    phrase('setupCheck.probeSends', { sender: subject }),
    phrase('setupCheck.noSubjectAudit'),
    phrase('setupCheck.noSubjectDirectory'),
    phrase('setupCheck.noSubjectPolicies'),
    phrase('setupCheck.noSender'),
    phrase('setupCheck.noRecipient'),
    phrase('setupCheck.recipientInside', { recipient: 'someone@example.org' }),
    phrase('setupCheck.recipientOk', { recipient: 'someone@example.org' }),
    phrase('setupCheck.perUserOff', { count: 1, subject }),
    phrase('setupCheck.perUserOff', { count: 3, subject }),
    phrase('setupCheck.perUserOn', { units: list([raw('orgUnits/sales0002'), raw('orgUnits/eng00003')]) }),
    phrase('tracker.noProbes'),
    phrase('tracker.relayUnasked', { token: 'xyz', error: raw('ECONNREFUSED') }),
    ...[
      phrase('relayProbes.unreachable', { origin: 'http://127.0.0.1:8025' }),
      phrase('relayProbes.timedOut', { origin: 'http://127.0.0.1:8025' }),
      phrase('relayProbes.token'),
      phrase('relayProbes.http', { status: 500, path: '/probes/xyz' }),
      phrase('relayProbes.shape', { path: '/probes/xyz' }),
    ].map((error) => phrase('tracker.relayUnasked', { token: 'xyz', error })),
    ...googleFailures().flatMap((failure) => [
      phrase('tracker.auditUnread', { id: 3, failure: describeGoogleFailure(failure) }),
      phrase('tracker.probeNotSent', { failure: describeGoogleFailure(failure) }),
    ]),
  ];
}

// What the bot's control client says when a relay cannot be read, one of each kind.
const url = 'http://127.0.0.1:8025';
const RELAY_CLIENT_ERRORS = [
  new GatewayError(
    'relay-2',
    'GET /status',
    'unreachable',
    phrase('relayClient.unreachable', { url, code: phrase('relayClient.code', { code: 'ECONNREFUSED' }) }),
  ),
  new GatewayError(
    'relay-2',
    'GET /status',
    'unreachable',
    phrase('relayClient.unreachable', { url, code: raw('') }),
  ),
  new GatewayError('relay-2', 'GET /status', 'timeout', phrase('relayClient.timeout', { url, ms: 5000 })),
  new GatewayError(
    'relay-2',
    'GET /status',
    'unauthorized',
    phrase('relayClient.unauthorized', { status: 401 }),
  ),
  new GatewayError(
    'relay-2',
    'GET /status',
    'http',
    phrase('relayClient.http', {
      status: 500,
      reason: phrase('relayClient.reason', { reason: raw('ECONNREFUSED') }),
    }),
  ),
  new GatewayError('relay-2', 'GET /status', 'invalid-response', phrase('relayClient.notJson', { url })),
  new GatewayError(
    'relay-2',
    'GET /status',
    'invalid-response',
    phrase('relayClient.badShape', { issues: raw('ECONNREFUSED') }),
  ),
];

// Relay status as `/gateway relay status`, App Home and the queue show it: accepting, paused,
// without an allowlist, unreachable; each certificate state; DKIM reported or not.
function relayStatusMessages(w: Words): unknown[] {
  const busy: RelaySnapshot = {
    ...up,
    version: '1.2.0',
    counters: { accepted: 40, delivered: 35, deferred: 2, bounced: 1, rejected: { 'sender-domain': 3 } },
    allowlist: { size: 1, source: '_spf.google.com', refreshedAt: T0, error: 'ECONNREFUSED' },
    dkim: { pass: 9, fail: 1 },
  };
  const snapshots: RelaySnapshot[] = [
    up,
    busy,
    { ...up, paused: true, dkim: { pass: 0, fail: 0 } },
    { ...up, allowlist: { size: 0 } },
    { relay: 'relay-2', at: T0, reachable: false, error: 'ECONNREFUSED' },
    { relay: 'relay-3', at: T0, reachable: false },
    ...RELAY_CLIENT_ERRORS.map((error) => ({
      relay: 'relay-2',
      at: T0,
      reachable: false,
      error: error.message,
      problem: error.problem,
    })),
  ];
  const certificates: (RelayCertificate | undefined)[] = [
    undefined,
    { relay: 'relay-1', notAfter: T0 + 60 * 86_400_000, daysLeft: 60 },
    { relay: 'relay-1', notAfter: T0 + 5 * 86_400_000, daysLeft: 5 },
    { relay: 'relay-1', notAfter: T0 - 3 * 86_400_000, daysLeft: -3 },
    { relay: 'relay-1', error: 'ECONNREFUSED' },
  ];
  const deferred = Array.from({ length: 22 }, (_, i) => ({
    destination: 'smtp.example.com',
    messages: i + 1,
    ...(i % 2 ? { oldestAgeSeconds: 4000 } : {}),
    ...(i % 3 ? { lastError: 'ECONNREFUSED' } : {}),
  }));
  return [
    ...snapshots.flatMap((snapshot) => [
      { blocks: relayStatusBlocks(w, snapshot) },
      { text: relayHomeLine(w, snapshot) },
    ]),
    ...certificates.map((cert) => ({ blocks: relayStatusBlocks(w, busy, cert) })),
    { blocks: relayQueueBlocks(w, 'relay-1', deferred) },
    { blocks: relayQueueBlocks(w, 'relay-1', []) },
  ];
}

function everyMessage(w: Words): unknown[] {
  return [
    ...relayStatusMessages(w),
    ...[...validationProblems(), ...USAGE_PROBLEMS].map((p) => ({ text: say(w, p) })),
    ...REFUSALS.map((p) => ({ text: w.t('decision.refused', { message: sayMrkdwn(w, p) }) })),
    ...setupCheckLines().map((what) => trackerNotice(w, { type: 'failure', what })),
    ...diagnoseReports(w),
    ...(['proposed', 'rejected', 'expired', 'approved', 'done', 'failed'] as const).map((state) =>
      relayActionMessage(w, relayAction(state)),
    ),
    ...alertEvents().map((event) =>
      event.type === 'raise'
        ? alertRaisedMessage(w, event.alert)
        : alertResolvedMessage(w, event.alert, event.resolvedAt, event.detail),
    ),
    ...[stalledTroubleshooting(route), stalledTroubleshooting({ name: 'relay-2' })].map((troubleshooting) =>
      trackerNotice(w, { type: 'stalled', request: request(routeChange), troubleshooting }),
    ),
    statusMessage(w, []),
    statusMessage(w, statusTimelines()),
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
    // The same verdict as diagnose's TLS line.
    diagnoseMessage(
      w,
      finishCheck(
        newReport(
          { kind: 'route', name: 'relay-1' },
          [{ id: 'tls', title: phrase('check.title.tls', { target: '127.0.0.1:2525' }) }],
          T0,
        ),
        'tls',
        tlsCheck({
          verdict: preflight.verdict === 'deliver' ? 'deliver' : 'bounce',
          summary: tlsPhrase(preflight.summary),
          remedies: preflight.remedies.map(tlsPhrase),
          warnings: [],
          targets: [{ label: '127.0.0.1:2525' }],
        }),
        700,
        T0 + 1000,
      ),
    ),
  ]);
}

describe('Japanese messages', () => {
  before(async () => {
    USAGE_PROBLEMS.push(...(await usageProblems()));
    try {
      await tlsVerdicts();
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
    REFUSALS.push(...(await refusals()));
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
      assert.equal(messages.length, 30);
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

  it('cover validation errors of every field and of each kind of change', () => {
    const keys = new Set(validationProblems().map((p) => p.key));
    assert.ok(keys.size >= 14, [...keys].join(', '));
  });

  it('cover every usage error of the subcommands, each a phrase of the catalogue', () => {
    const keys = new Set<string>(USAGE_PROBLEMS.map((p) => p.key));
    for (const key of [
      'usage.missing',
      'usage.tooMany',
      'usage.notOption',
      'usage.onOrOff',
      'usage.notCount',
      'usage.unknownFlag',
      'usage.relayNeedsName',
      'usage.relayUnknownFlag',
      'usage.relayWhat',
      'usage.notRelayCommand',
      'usage.unknownRelay',
      'usage.diagnoseOneArg',
      'invalid.unknownRoute',
      'invalid.unknownRouteNone',
      'invalid.testTlsArg',
      'probe.badToken',
    ])
      assert.ok(keys.has(key), `${key} among ${[...keys].join(', ')}`);
    const ja = USAGE_PROBLEMS.map((p) => say(channelWords('ja'), p)).join('\n');
    assert.match(ja, /「maybe」には `on` か `off` を指定してください/);
    assert.match(ja, /「nope」という名前のリレーはありません: relay-1 のいずれかを指定してください/);
    assert.match(ja, /「nope」という名前のルートはありません: 既存のルートは relay-1 です/);
  });

  it('cover every refusal of the catalogue, with mentions kept as mentions and outside text escaped', () => {
    const keys = new Set<string>(REFUSALS.map((p) => p.key));
    const catalogued = Object.keys(CATALOGUES.en.refusal).filter(
      (key) => !['moreUsers', 'groupMembers', 'nobody'].includes(key),
    );
    for (const key of catalogued) assert.ok(keys.has(`refusal.${key}`), `refusal.${key} is never produced`);
    const ja = channelWords('ja');
    const shown = REFUSALS.map((p) => sayMrkdwn(ja, p)).join('\n');
    assert.match(
      shown,
      /<@U0EVE> はゲートウェイを参照できません: .*<@U0PERSON0>、.*ほか 2 人、<!subteam\^S0ADMINS> のメンバー/,
    );
    assert.match(shown, /変更 #3 は <@U0BOB> によってすでに「却下」の状態です/);
    assert.match(shown, /リレー操作 #4 \(再起動\) は <@U0BOB> によってすでに「承認済み」の状態です/);
    assert.match(shown, /`VIEWER_GROUP` S0VIEWERS のメンバーを読み取れませんでした \(missing_scope\)/);
    const hostile = sayMrkdwn(
      ja,
      phrase('refusal.groupUnreadable', {
        setting: 'APPROVER_GROUP',
        group: 'S0',
        code: raw('<!channel>'),
        list: 'APPROVERS',
      }),
    );
    assert.match(hostile, /\(&lt;!channel&gt;\)/);
  });

  it('cover every kind of Google failure and every line of the Google setup check', () => {
    const kinds = new Set(googleFailures().map((f) => f.kind));
    assert.equal(kinds.size, 12, [...kinds].join(', '));
    const keys = new Set<string>();
    const collect = (p: Phrase): void => {
      keys.add(p.key);
      for (const value of Object.values(p.params ?? {})) {
        if (Array.isArray(value)) value.forEach(collect);
        else if (typeof value === 'object') collect(value as Phrase);
      }
    };
    setupCheckLines().forEach(collect);
    const flat = (section: object, prefix: string): string[] =>
      Object.entries(section).flatMap(([key, value]) =>
        typeof value === 'object'
          ? flat(value, `${prefix}.${key}`)
          : [`${prefix}.${key}`.replace(/_(one|other)$/, '')],
      );
    for (const key of [
      ...flat(CATALOGUES.en.googleFailure, 'googleFailure'),
      ...flat(CATALOGUES.en.setupCheck, 'setupCheck'),
      ...flat(CATALOGUES.en.relayProbes, 'relayProbes'),
      ...flat(CATALOGUES.en.tracker, 'tracker'),
    ])
      assert.ok(keys.has(key), `${key} is never shown`);
    const ja = setupCheckLines()
      .map((p) => say(channelWords('ja'), p))
      .join('\n');
    assert.match(ja, /\[セキュリティ\] > \[アクセスとデータ管理\] > \[API の制御\] > \[ドメイン全体の委任\]/);
    assert.match(ja, /\[アプリ\] > \[Google Workspace\] > \[Gmail\] > \[エンドユーザーのアクセス\]/);
  });

  it('cover every step of the propagation timeline', () => {
    const states = new Set(statusTimelines().map((item) => item.timeline.state));
    assert.deepEqual([...states].sort(), [
      'applied',
      'approved',
      'expired',
      'live',
      'proposed',
      'rejected',
      'stalled',
    ]);
    const keys = new Set<string>(
      statusTimelines().flatMap((item) =>
        item.timeline.steps.flatMap((step) => [
          step.detail.key,
          ...Object.values(step.detail.params ?? {}).map((v) => (v as Phrase).key),
        ]),
      ),
    );
    for (const key of Object.keys(CATALOGUES.en.timeline))
      assert.ok(keys.has(`timeline.${key}`), `timeline.${key} is never shown`);
    const window = statusTimelines().find((item) => item.timeline.elapsedMs === 150 * 60_000);
    const ja = say(channelWords('ja'), window?.timeline.steps.at(-1)?.detail as Phrase);
    assert.equal(ja, '反映中: 最長 24 時間のうち 2 時間 30 分 が経過');
  });

  it('cover every alert kind, raised and resolved', () => {
    const events = alertEvents();
    assert.equal(KINDS.size, 8, [...KINDS].join(', '));
    for (const kind of KINDS) {
      assert.ok(
        events.some((e) => e.type === 'raise' && e.alert.kind === kind),
        `${kind} raised`,
      );
      assert.ok(
        events.some((e) => e.type === 'resolve' && e.alert.kind === kind),
        `${kind} resolved`,
      );
    }
  });

  it('the check sees English where there is English', () => {
    const words = everyMessage(channelWords('en')).flatMap((m) => shownText(m).flatMap(englishWords));
    assert.ok(words.includes('Approve') && words.includes('Click'), words.slice(0, 20).join(' '));
    const diagnose = diagnoseReports(channelWords('en')).flatMap((m) => shownText(m).flatMap(englishWords));
    for (const word of ['refusals', 'deferred', 'renew', 'unreachable', 'Propagation'])
      assert.ok(diagnose.includes(word), `${word} in ${diagnose.slice(0, 30).join(' ')}`);
  });
});
