// What the bot loads at start: the Google API clients (google-auth-library, @googleapis/*) only when a
// Google call is first made, the PostgreSQL client only with DATABASE_URL, mailauth only for a
// diagnosis's SPF lookup, the console's demo relay only in console mode. src/main.ts runs as a process
// with Google configured (against the fake Google); a preload records the CommonJS modules it loaded.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { slashCommandBody } from '../src/console/local-slack/payloads.ts';
import { ADMIN, googleFixture, PROBE_SENDER } from './support/google-fixture.ts';
import { packagesIn } from './support/record-loaded-modules.ts';
import { ALICE, startSlack } from './support/slack-bot.ts';
import { formBody, postSigned, TEST_SIGNING_SECRET } from './support/slack-signing.ts';
import { waitFor } from './support/wait.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./support/record-loaded-modules.ts', import.meta.url));
const GOOGLE_PACKAGES = [
  'google-auth-library',
  '@googleapis/admin',
  '@googleapis/gmail',
  '@googleapis/cloudidentity',
];

/** Starts the bot in HTTP mode with Google configured; `exit()` stops it and returns the packages it loaded. */
async function startBot(t: TestContext, slack: Awaited<ReturnType<typeof startSlack>>) {
  const google = await googleFixture();
  t.after(() => google.close());
  const dir = mkdtempSync(join(tmpdir(), 'lazy-modules-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const listFile = join(dir, 'loaded.txt');
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', PRELOAD, 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      LOADED_MODULES_FILE: listFile,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      APPROVALS_CHANNEL: 'C0APPROVALS',
      APPROVERS: 'U0ALICE,U0BOB',
      DATABASE: join(dir, 'bot.db'),
      GOOGLE_SERVICE_ACCOUNT_FILE: google.settings.serviceAccountFile,
      GOOGLE_ADMIN_SUBJECT: ADMIN,
      GOOGLE_PROBE_SENDER: PROBE_SENDER,
      GOOGLE_API_URL: google.fake.url,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  const exited = once(child, 'exit') as Promise<[number | null]>;
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const [, port] = await waitFor(
    () => /listening on port (\d+)/.exec(stdout) ?? undefined,
    'the HTTP listener',
    30_000,
  );
  return {
    port: Number(port),
    async exit(): Promise<string[]> {
      child.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0);
      return packagesIn(readFileSync(listFile, 'utf8'));
    },
  };
}

describe('modules the bot loads', () => {
  it('at start with Google configured: no Google client, no pg, no mailauth, no console demo (yaml)', async (t) => {
    const slack = await startSlack(t);
    const bot = await startBot(t, slack);
    const loaded = await bot.exit();
    assert.ok(loaded.includes('@slack/bolt'), `the list is read (Bolt loads at start): ${loaded}`);
    for (const name of [...GOOGLE_PACKAGES, 'pg', 'mailauth', 'yaml'])
      assert.ok(!loaded.includes(name), `${name} loaded at start: ${loaded}`);
  });

  it('loads the Google clients once a Google call is made (/gateway google check)', async (t) => {
    const slack = await startSlack(t);
    const bot = await startBot(t, slack);
    const responseUrl = slack.newResponseUrl({ userId: ALICE.id, channel: 'C0OPS' });
    const body = formBody(
      slashCommandBody({
        actor: { id: ALICE.id, name: ALICE.name, teamId: slack.teamId },
        command: '/gateway',
        text: 'google check',
        channel: 'C0OPS',
        responseUrl,
        triggerId: slack.newTriggerId(ALICE.id),
      }),
    );
    assert.equal((await postSigned(`http://127.0.0.1:${bot.port}/slack/events`, body)).status, 200);
    const [answer] = await waitFor(() => {
      const posts = slack.responses(responseUrl);
      return posts.length > 0 && posts;
    }, 'the answer');
    assert.match(JSON.stringify(answer), /Directory|directory/);
    const loaded = await bot.exit();
    for (const name of ['google-auth-library', '@googleapis/admin'])
      assert.ok(loaded.includes(name), `${name} not loaded after a Google call: ${loaded}`);
  });
});
