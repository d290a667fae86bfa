import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GoogleApiError } from '../../src/workspace/google-errors.ts';
import { readServiceAccountKey, ServiceAccountKeyError } from '../../src/workspace/service-account.ts';
import { openWorkspace } from '../../src/workspace/workspace.ts';
import { type GoogleFixture, googleFixture } from '../support/google-fixture.ts';

describe('service account key file', () => {
  let dir: string;
  let google: GoogleFixture;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sa-key-'));
    google = await googleFixture();
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await google.close();
  });

  it('reads a key and honours its token_uri', async () => {
    const key = await readServiceAccountKey(google.account.file);
    assert.equal(key.clientId, google.account.clientId);
    assert.equal(key.tokenUri, `${google.fake.url}/token`);
    // Without GOOGLE_API_URL the token still comes from the key's token_uri (the fake).
    const { apiUrl: _unused, ...settings } = google.settings;
    const workspace = await openWorkspace(settings);
    try {
      await workspace.probe?.check();
      assert.equal(google.fake.requestsTo('token').length, 1);
    } finally {
      workspace.close();
    }
  });

  it('names the file and the problem, never the key', async () => {
    await assert.rejects(readServiceAccountKey(join(dir, 'missing.json')), (error: unknown) => {
      assert.ok(error instanceof ServiceAccountKeyError);
      assert.match(error.message, /GOOGLE_SERVICE_ACCOUNT_FILE .*missing\.json cannot be read \(ENOENT\)/);
      return true;
    });
    const notJson = join(dir, 'bad.json');
    await writeFile(notJson, 'not json -----BEGIN PRIVATE KEY----- secret');
    await assert.rejects(readServiceAccountKey(notJson), /is not JSON/);
    const wrongType = join(dir, 'user.json');
    await writeFile(
      wrongType,
      JSON.stringify({ type: 'authorized_user', client_id: 'x', private_key: 'SECRETKEY' }),
    );
    await assert.rejects(readServiceAccountKey(wrongType), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.match(
        error.message,
        /not a service account key \(missing or bad: type, client_email, private_key\)/,
      );
      assert.ok(!error.message.includes('SECRETKEY'));
      return true;
    });
  });

  it('explains a subject that is not a user of the domain', async () => {
    const workspace = await openWorkspace({ ...google.settings, probeSender: 'nobody@example.com' });
    try {
      const error = await workspace.probe?.check().catch((e: unknown) => e);
      assert.ok(error instanceof GoogleApiError);
      assert.equal(error.failure.kind, 'subject');
      assert.match(error.message, /nobody@example\.com is an existing, active user/);
    } finally {
      workspace.close();
    }
  });
});
