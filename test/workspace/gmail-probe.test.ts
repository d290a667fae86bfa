import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isProbeToken, PROBE_HEADER } from '../../gateway/probe-token.ts';
import { GoogleApiError } from '../../src/workspace/google-errors.ts';
import { newProbeToken } from '../../src/workspace/probe-message.ts';
import { SCOPES } from '../../src/workspace/scopes.ts';
import { checkGoogleSetup } from '../../src/workspace/setup-check.ts';
import { openWorkspace, type Workspace } from '../../src/workspace/workspace.ts';
import {
  type GoogleFixture,
  googleFixture,
  PROBE_RECIPIENT,
  PROBE_SENDER,
  workspaceFixture,
} from '../support/google-fixture.ts';
import { wordedPhrase } from '../support/outcome-text.ts';

describe('probe messages (Gmail API users.messages.send)', () => {
  const fx = workspaceFixture();

  it('sends as the probe mailbox with a unique token header', async () => {
    const token = newProbeToken();
    assert.ok(isProbeToken(token));
    assert.notEqual(newProbeToken(), token);
    const sent = await fx.workspace.probe?.send({
      token,
      to: PROBE_RECIPIENT,
      now: new Date(),
      routeName: 'gw1',
    });
    assert.equal(sent?.token, token);
    assert.equal(fx.google.fake.sent.length, 1);
    const mail = fx.google.fake.sent[0];
    assert.equal(sent?.gmailId, mail?.id);
    assert.equal(mail?.sender, PROBE_SENDER);
    assert.match(mail?.message ?? '', new RegExp(`^${PROBE_HEADER}: ${token}\\r$`, 'm'));
    assert.match(mail?.message ?? '', /^To: probe-sink@gateway-test\.example\.net\r$/m);
    assert.match(mail?.message ?? '', /^From: probe@example\.com\r$/m);
    assert.equal(fx.google.fake.requestsTo('gmail')[0]?.path, '/gmail/v1/users/me/messages/send');
  });

  it("retries a send refused for quota, but not one that failed on Google's side", async () => {
    fx.google.fake.failNext('gmail', { status: 429 });
    await fx.workspace.probe?.send({ token: newProbeToken(), to: PROBE_RECIPIENT, now: new Date() });
    assert.equal(fx.google.fake.sent.length, 1);
    assert.deepEqual(fx.google.sleeps, [1000]);
    fx.google.fake.failNext('gmail', { status: 500 });
    const error = await fx.workspace.probe
      ?.send({ token: newProbeToken(), to: PROBE_RECIPIENT, now: new Date() })
      .catch((e: unknown) => e);
    assert.ok(error instanceof GoogleApiError);
    assert.equal(error.failure.kind, 'unavailable');
    assert.equal(
      fx.google.fake.requestsTo('gmail').length,
      3,
      'the 500 was not repeated (it might have sent)',
    );
  });

  it('names gmail.send when it is not delegated', async () => {
    fx.google.fake.delegate(fx.google.account.clientId, [SCOPES.audit, SCOPES.directory]);
    const error = await fx.workspace.probe
      ?.send({ token: newProbeToken(), to: PROBE_RECIPIENT, now: new Date() })
      .catch((e: unknown) => e);
    assert.ok(error instanceof GoogleApiError);
    assert.equal(error.failure.scope, 'https://www.googleapis.com/auth/gmail.send');
    assert.match(error.message, /acting as probe@example\.com/);
  });
});

describe('/gateway google check', () => {
  let google: GoogleFixture;
  let workspace: Workspace;
  beforeEach(async () => {
    google = await googleFixture();
  });
  afterEach(async () => {
    workspace.close();
    await google.close();
  });

  it('lists every capability as working when set up, without sending mail', async () => {
    workspace = await openWorkspace(google.settings);
    const report = await checkGoogleSetup(workspace);
    assert.equal(report.ok, true, JSON.stringify(report.items));
    assert.equal(report.clientId, google.account.clientId);
    assert.deepEqual(
      report.items.map((item) => item.ok),
      [true, true, true, true, true],
    );
    assert.match(wordedPhrase(report.items[1]?.detail), /reads users as admin@example\.com \(an admin\)/);
    assert.equal(google.fake.sent.length, 0);
  });

  it('says which scope is missing and which settings are absent', async () => {
    google.fake.delegate(google.account.clientId, [SCOPES.directory]);
    workspace = await openWorkspace({ ...google.settings, probeRecipient: 'someone@example.com' });
    const report = await checkGoogleSetup(workspace);
    assert.equal(report.ok, false);
    const [audit, directory, probe, recipient] = report.items;
    assert.equal(audit?.ok, false);
    assert.match(wordedPhrase(audit?.detail), /admin\.reports\.audit\.readonly/);
    assert.equal(directory?.ok, true);
    assert.equal(probe?.ok, false);
    assert.match(wordedPhrase(probe?.detail), /gmail\.send/);
    assert.equal(recipient?.ok, false);
    assert.match(wordedPhrase(recipient?.detail), /someone@example\.com is in the probe sender's own domain/);
  });

  it('reports unset subjects as not configured', async () => {
    const { adminSubject: _a, probeSender: _p, ...bare } = google.settings;
    workspace = await openWorkspace(bare);
    const report = await checkGoogleSetup(workspace);
    assert.equal(report.ok, false);
    assert.match(wordedPhrase(report.items[0]?.detail), /GOOGLE_ADMIN_SUBJECT` is not set/);
    assert.match(wordedPhrase(report.items[2]?.detail), /GOOGLE_PROBE_SENDER` is not set/);
    assert.equal(google.fake.requests.length, 0);
  });
});
