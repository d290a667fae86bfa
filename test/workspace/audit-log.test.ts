import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { type ExpectedChange, matchAuditEvents } from '../../src/domain/audit-evidence.ts';
import { GoogleApiError } from '../../src/workspace/google-errors.ts';
import { SCOPES } from '../../src/workspace/scopes.ts';
import { openWorkspace } from '../../src/workspace/workspace.ts';
import { type FakeActivity, gmailSettingCreated } from '../support/fake-google.ts';
import { ADMIN, workspaceFixture } from '../support/google-fixture.ts';

const approvedAt = new Date('2026-11-27T10:00:00Z');
const change: ExpectedChange = {
  action: 'add-route',
  routeName: 'gw1',
  host: 'smtp.gw.example.net',
  actors: [ADMIN],
  approvedAt,
};

function routeActivity(time: string, host: string, name = 'gw1'): FakeActivity {
  return gmailSettingCreated(time, ADMIN, {
    SETTING_NAME: 'EMAIL_ROUTE',
    ORG_UNIT_NAME: 'example.com',
    NEW_VALUE: `{"name":"${name}","host":"${host}","port":25,"require_tls":true}`,
  });
}

function noise(time: string): FakeActivity {
  return {
    time,
    actorEmail: ADMIN,
    events: [
      {
        type: 'USER_SETTINGS',
        name: 'CHANGE_PASSWORD',
        parameters: [{ name: 'USER_EMAIL', value: 'x@example.com' }],
      },
    ],
  };
}

async function expectFailure(promise: Promise<unknown>): Promise<GoogleApiError> {
  const error = await promise.then(
    () => assert.fail('the call should have failed'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof GoogleApiError, `expected a GoogleApiError, got ${String(error)}`);
  return error;
}

describe('audit log (Reports API activities.list)', () => {
  const fx = workspaceFixture();

  it('a matching audit event confirms the change, with its time, actor and values', async () => {
    fx.google.fake.addActivity(noise('2026-11-27T10:01:00Z'));
    fx.google.fake.addActivity(routeActivity('2026-11-27T10:07:00Z', 'smtp.gw.example.net'));
    const events = await fx.workspace.audit?.adminEvents(approvedAt);
    assert.ok(events);
    const result = matchAuditEvents(change, events);
    assert.ok(result.matched, 'the route event confirms the change');
    assert.equal(result.evidence.at, '2026-11-27T10:07:00Z');
    assert.equal(result.evidence.actor, ADMIN);
    assert.equal(result.evidence.eventName, 'CREATE_GMAIL_SETTING');
    assert.match(result.evidence.newValue ?? '', /smtp\.gw\.example\.net/);
    const [request] = fx.google.fake.requestsTo('reports');
    assert.equal(request?.query.startTime, approvedAt.toISOString());
    assert.equal(request?.subject, ADMIN);
  });

  it('a non-matching event does not confirm it, and is shown as a near miss', async () => {
    fx.google.fake.addActivity(routeActivity('2026-11-27T10:07:00Z', 'mx.elsewhere.net', 'other-route'));
    fx.google.fake.addActivity(routeActivity('2026-11-27T09:00:00Z', 'smtp.gw.example.net'));
    const events = (await fx.workspace.audit?.adminEvents(approvedAt)) ?? [];
    assert.equal(events.length, 1, 'events before the approval are not fetched');
    const result = matchAuditEvents(change, events);
    assert.equal(result.matched, false);
    assert.ok(!result.matched);
    assert.equal(result.nearMisses.length, 1);
    assert.match(result.nearMisses[0]?.mismatches.join() ?? '', /do not mention route gw1/);
    assert.match(result.nearMisses[0]?.evidence.newValue ?? '', /mx\.elsewhere\.net/);
  });

  it('follows nextPageToken through every page', async () => {
    fx.google.fake.pageSize = 2;
    for (let minute = 1; minute <= 4; minute++)
      fx.google.fake.addActivity(noise(`2026-11-27T10:0${minute}:00Z`));
    fx.google.fake.addActivity(routeActivity('2026-11-27T10:00:30Z', 'smtp.gw.example.net'));
    const events = (await fx.workspace.audit?.adminEvents(approvedAt)) ?? [];
    assert.equal(events.length, 5);
    const requests = fx.google.fake.requestsTo('reports');
    assert.equal(requests.length, 3);
    assert.equal(requests[0]?.query.pageToken, undefined);
    assert.ok(requests[1]?.query.pageToken && requests[2]?.query.pageToken);
    assert.notEqual(requests[1]?.query.pageToken, requests[2]?.query.pageToken);
    assert.ok(matchAuditEvents(change, events).matched, 'the event on the last page is found');
  });

  it('backs off on quota errors (429 and 403 rateLimitExceeded), honouring Retry-After', async () => {
    fx.google.fake.addActivity(routeActivity('2026-11-27T10:07:00Z', 'smtp.gw.example.net'));
    fx.google.fake.failNext('reports', { status: 429 });
    fx.google.fake.failNext('reports', { status: 403, reason: 'rateLimitExceeded' });
    fx.google.fake.failNext('reports', { status: 429, retryAfterSeconds: 7 });
    const events = (await fx.workspace.audit?.adminEvents(approvedAt)) ?? [];
    assert.equal(events.length, 1);
    assert.equal(fx.google.fake.requestsTo('reports').length, 4);
    assert.deepEqual(fx.google.sleeps, [1000, 2000, 7000]);
  });

  it('gives up after the last attempt with what failed and what to check', async () => {
    fx.google.fake.failNext('reports', { status: 429 }, 4);
    const error = await expectFailure(fx.workspace.audit?.adminEvents(approvedAt) ?? Promise.resolve());
    assert.equal(error.failure.kind, 'quota');
    assert.match(error.message, /over its quota \(HTTP 429\)/);
    assert.match(error.message, /backs off and tries again/);
    assert.equal(fx.google.fake.requestsTo('reports').length, 4);
  });

  it('does not repeat calls that cannot succeed (403 forbidden: the subject is not an admin)', async () => {
    fx.google.fake.failNext('reports', { status: 403, reason: 'forbidden' });
    const error = await expectFailure(fx.workspace.audit?.adminEvents(approvedAt) ?? Promise.resolve());
    assert.equal(error.failure.kind, 'permission');
    assert.match(error.message, /admin@example\.com has the Reports admin privilege/);
    assert.equal(fx.google.fake.requestsTo('reports').length, 1);
    assert.deepEqual(fx.google.sleeps, []);
  });

  it('retries Google-side errors and reports a 401 as a credentials problem', async () => {
    fx.google.fake.failNext('reports', { status: 503 });
    assert.deepEqual(await fx.workspace.audit?.adminEvents(approvedAt), []);
    assert.deepEqual(fx.google.sleeps, [1000]);
    fx.google.fake.failNext('reports', { status: 401 });
    const error = await expectFailure(
      fx.workspace.audit?.adminEvents(new Date('2026-11-27T11:00:00Z')) ?? Promise.resolve(),
    );
    assert.equal(error.failure.kind, 'credentials');
    assert.match(error.message, /HTTP 401.*GOOGLE_SERVICE_ACCOUNT_FILE/);
  });

  it('caches an answer for a while so pollers share one request', async () => {
    fx.google.fake.addActivity(routeActivity('2026-11-27T10:07:00Z', 'smtp.gw.example.net'));
    const first = await fx.workspace.audit?.adminEvents(approvedAt);
    const second = await fx.workspace.audit?.adminEvents(approvedAt);
    assert.deepEqual(second, first);
    assert.equal(fx.google.fake.requestsTo('reports').length, 1);
    await fx.workspace.audit?.adminEvents(new Date('2026-11-27T10:30:00Z'));
    assert.equal(fx.google.fake.requestsTo('reports').length, 2, 'another window is another request');
  });

  it('renders a scope that is not delegated with the exact scope and client ID, and no key material', async () => {
    fx.google.fake.delegate(fx.google.account.clientId, [SCOPES.directory, SCOPES.probe]);
    const error = await expectFailure(fx.workspace.audit?.adminEvents(approvedAt) ?? Promise.resolve());
    assert.equal(error.failure.kind, 'scope');
    assert.equal(error.failure.scope, 'https://www.googleapis.com/auth/admin.reports.audit.readonly');
    assert.match(error.message, /unauthorized_client/);
    assert.match(
      error.message,
      /Domain-wide delegation\), give client ID \d+ the scope https:\/\/www\.googleapis\.com\/auth\/admin\.reports\.audit\.readonly/,
    );
    const keyFile = JSON.parse(await readFile(fx.google.account.file, 'utf8')) as { private_key: string };
    const keyBody = keyFile.private_key.split('\n')[1] ?? '';
    assert.ok(keyBody.length > 20);
    assert.ok(!error.message.includes(keyBody));
    assert.ok(!/\n\s+at /.test(error.message), 'no stack trace');
    assert.equal(fx.google.fake.requestsTo('reports').length, 0, 'no API call without a token');
  });

  it('renders a 403 insufficient-scope answer with the scope to grant', async () => {
    fx.google.fake.failNext('reports', { status: 403, reason: 'insufficientPermissions' });
    const error = await expectFailure(fx.workspace.audit?.adminEvents(approvedAt) ?? Promise.resolve());
    assert.equal(error.failure.kind, 'scope');
    assert.match(
      error.message,
      /lacks the scope https:\/\/www\.googleapis\.com\/auth\/admin\.reports\.audit\.readonly/,
    );
    assert.match(error.message, /Security > Access and data control > API controls > Domain-wide delegation/);
  });

  it('times out a call that hangs and says what to check', async () => {
    fx.workspace.close();
    fx.workspace = await openWorkspace({ ...fx.google.settings, timeoutMs: 200 });
    fx.google.fake.delayMs = 2000;
    const error = await expectFailure(fx.workspace.audit?.adminEvents(approvedAt) ?? Promise.resolve());
    assert.equal(error.failure.kind, 'timeout');
    assert.match(error.message, /did not answer in time.*network path to Google/);
    assert.equal(fx.google.sleeps.length, 3, 'a timed-out GET is retried with backoff');
  });
});
