import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('Google Workspace configuration keys', () => {
  it('reads the Google settings', () => {
    const config = loadConfig({
      GOOGLE_SERVICE_ACCOUNT_FILE: '/etc/gateway-bot/key.json',
      GOOGLE_ADMIN_SUBJECT: 'admin@example.com',
      GOOGLE_PROBE_SENDER: 'probe@example.com',
      PROBE_RECIPIENT: 'sink@elsewhere.example.net',
      GOOGLE_API_URL: 'http://127.0.0.1:9999',
      REQUIRE_GOOGLE_ADMIN: 'true',
    });
    assert.deepEqual(config.google, {
      serviceAccountFile: '/etc/gateway-bot/key.json',
      adminSubject: 'admin@example.com',
      probeSender: 'probe@example.com',
      probeRecipient: 'sink@elsewhere.example.net',
      apiUrl: 'http://127.0.0.1:9999',
    });
    assert.equal(config.requireGoogleAdmin, true);
    const bare = loadConfig({});
    assert.equal(bare.google, undefined);
    assert.equal(bare.requireGoogleAdmin, false);
  });

  it('names each bad key, the value seen and what to do', () => {
    const found = problems({
      GOOGLE_ADMIN_SUBJECT: 'not-an-email',
      REQUIRE_GOOGLE_ADMIN: 'yes',
      GOOGLE_API_URL: 'nowhere',
    });
    assert.ok(
      found.some((line) =>
        /^GOOGLE_ADMIN_SUBJECT: must be the email of a Workspace admin \(seen: "not-an-email"\)/.test(line),
      ),
      found.join('\n'),
    );
    assert.ok(
      found.some((line) => /^REQUIRE_GOOGLE_ADMIN: must be true or false \(seen: "yes"\)/.test(line)),
      found.join('\n'),
    );
    assert.ok(
      found.some((line) => /^GOOGLE_API_URL: must be a URL/.test(line)),
      found.join('\n'),
    );
  });

  it('refuses REQUIRE_GOOGLE_ADMIN without a way to look admins up, and subjects without a key file', () => {
    const found = problems({ REQUIRE_GOOGLE_ADMIN: 'true', GOOGLE_PROBE_SENDER: 'probe@example.com' });
    assert.ok(
      found.some((line) =>
        /^REQUIRE_GOOGLE_ADMIN: needs GOOGLE_SERVICE_ACCOUNT_FILE and GOOGLE_ADMIN_SUBJECT/.test(line),
      ),
      found.join('\n'),
    );
    assert.ok(
      found.some((line) =>
        /^GOOGLE_SERVICE_ACCOUNT_FILE: is required with GOOGLE_ADMIN_SUBJECT or GOOGLE_PROBE_SENDER/.test(
          line,
        ),
      ),
      found.join('\n'),
    );
  });
});
