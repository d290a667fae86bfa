// A fake Google Workspace ready for tests: the fake API server, a service account key file in a temp
// dir, an admin, a non-admin and a probe mailbox. Everything is torn down by `close()`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'node:test';
import type { BackoffOptions } from '../../src/workspace/backoff.ts';
import { type GoogleSettings, openWorkspace, type Workspace } from '../../src/workspace/workspace.ts';
import { type FakeGoogle, startFakeGoogle, type TestServiceAccount } from './fake-google.ts';

export const ADMIN = 'admin@example.com';
export const PROBE_SENDER = 'probe@example.com';
export const PROBE_RECIPIENT = 'probe-sink@gateway-test.example.net';

export interface GoogleFixture {
  fake: FakeGoogle;
  account: TestServiceAccount;
  settings: GoogleSettings;
  /** Delays the adapters asked to sleep for (no real waiting in tests). */
  sleeps: number[];
  backoff: BackoffOptions;
  close(): Promise<void>;
}

export async function googleFixture(): Promise<GoogleFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-google-'));
  const fake = await startFakeGoogle();
  const account = await fake.createServiceAccount(dir);
  fake.delegateAll(account.clientId);
  fake.addUser({ primaryEmail: ADMIN, isAdmin: true });
  fake.addUser({ primaryEmail: 'delegate@example.com', isDelegatedAdmin: true });
  fake.addUser({ primaryEmail: 'user@example.com' });
  fake.addUser({ primaryEmail: 'former-admin@example.com', isAdmin: true, suspended: true });
  fake.addUser({ primaryEmail: PROBE_SENDER });
  const sleeps: number[] = [];
  const backoff: BackoffOptions = {
    attempts: 4,
    baseDelayMs: 1000,
    maxDelayMs: 30_000,
    random: () => 0,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  const settings: GoogleSettings = {
    serviceAccountFile: account.file,
    adminSubject: ADMIN,
    probeSender: PROBE_SENDER,
    probeRecipient: PROBE_RECIPIENT,
    apiUrl: fake.url,
    timeoutMs: 5000,
    backoff,
  };
  return {
    fake,
    account,
    settings,
    sleeps,
    backoff,
    async close() {
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface WorkspaceFixture {
  google: GoogleFixture;
  /** Opened on `google.settings`; a test may replace it (the one here at the end is closed). */
  workspace: Workspace;
}

/** Gives every test of the enclosing suite a fresh fake Google and a workspace opened on it. */
export function workspaceFixture(): WorkspaceFixture {
  const fixture = {} as WorkspaceFixture;
  beforeEach(async () => {
    fixture.google = await googleFixture();
    fixture.workspace = await openWorkspace(fixture.google.settings);
  });
  afterEach(async () => {
    fixture.workspace.close();
    await fixture.google.close();
  });
  return fixture;
}
