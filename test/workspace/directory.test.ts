import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideGoogleAdmin, type SlackEmailLookup } from '../../src/workspace/admin-authorizer.ts';
import { SCOPES } from '../../src/workspace/scopes.ts';
import { ADMIN, workspaceFixture } from '../support/google-fixture.ts';
import { wordedPhrase } from '../support/outcome-text.ts';

const slackEmails: Record<string, string> = {
  UADMIN: ADMIN,
  UDELEGATE: 'delegate@example.com',
  UUSER: 'user@example.com',
  USUSPENDED: 'former-admin@example.com',
  UOUTSIDER: 'someone@elsewhere.org',
};
const lookup: SlackEmailLookup = async (id) => slackEmails[id];

describe('admin mapping (Directory API users.get)', () => {
  const fx = workspaceFixture();

  function directory() {
    assert.ok(fx.workspace.directory);
    return fx.workspace.directory;
  }

  it('allows a super admin and a delegated admin', async () => {
    assert.deepEqual(await decideGoogleAdmin('UADMIN', lookup, directory()), {
      allowed: true,
      email: ADMIN,
      role: 'super admin',
    });
    const delegated = await decideGoogleAdmin('UDELEGATE', lookup, directory());
    assert.equal(delegated.allowed, true);
    assert.ok(delegated.allowed && delegated.role === 'delegated admin');
    const calls = fx.google.fake.requestsTo('directory');
    assert.deepEqual(
      calls.map((call) => call.path),
      ['/admin/directory/v1/users/admin%40example.com', '/admin/directory/v1/users/delegate%40example.com'],
    );
    assert.equal(calls[0]?.subject, ADMIN, 'acts as GOOGLE_ADMIN_SUBJECT');
  });

  it('refuses a plain user, a suspended admin, an unknown email and a hidden email, saying why', async () => {
    const user = await decideGoogleAdmin('UUSER', lookup, directory());
    assert.ok(!user.allowed);
    assert.match(wordedPhrase(user.reason), /user@example\.com is not a Google Workspace admin/);
    const suspended = await decideGoogleAdmin('USUSPENDED', lookup, directory());
    assert.ok(!suspended.allowed);
    assert.match(wordedPhrase(suspended.reason), /suspended/);
    const outsider = await decideGoogleAdmin('UOUTSIDER', lookup, directory());
    assert.ok(!outsider.allowed);
    assert.match(
      wordedPhrase(outsider.reason),
      /someone@elsewhere\.org .* is not a user of the Google Workspace domain/,
    );
    const hidden = await decideGoogleAdmin('UNOEMAIL', lookup, directory());
    assert.ok(!hidden.allowed);
    assert.match(wordedPhrase(hidden.reason), /users:read\.email/);
    const slackDown = await decideGoogleAdmin(
      'UADMIN',
      async () => {
        throw Object.assign(new Error('An API error occurred: missing_scope'), {
          data: { error: 'missing_scope' },
        });
      },
      directory(),
    );
    assert.ok(!slackDown.allowed);
    assert.match(
      wordedPhrase(slackDown.reason),
      /`users\.info`: missing_scope.*`users:read` and `users:read\.email`/,
    );
  });

  it('caches answers per email', async () => {
    await decideGoogleAdmin('UADMIN', lookup, directory());
    await decideGoogleAdmin('UADMIN', lookup, directory());
    assert.equal(fx.google.fake.requestsTo('directory').length, 1);
  });

  it('refuses (fails closed) when the directory scope is not delegated, naming the scope', async () => {
    fx.google.fake.delegate(fx.google.account.clientId, [SCOPES.audit, SCOPES.probe]);
    const decision = await decideGoogleAdmin('UADMIN', lookup, directory());
    assert.ok(!decision.allowed);
    assert.match(wordedPhrase(decision.reason), /refused/);
    assert.match(
      wordedPhrase(decision.reason),
      /https:\/\/www\.googleapis\.com\/auth\/admin\.directory\.user\.readonly/,
    );
    assert.match(wordedPhrase(decision.reason), new RegExp(`client ID ${fx.google.account.clientId}`));
  });
});
