// src/main.ts as a process: a bad configuration stops it with one line per problem; with a signing
// secret and a bot token it serves signed requests over HTTP (Web API calls go to SLACK_API_URL).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { slashCommandBody } from '../src/console/local-slack/payloads.ts';
import { ALICE, startSlack } from './support/slack-bot.ts';
import { formBody, postSigned, TEST_SIGNING_SECRET } from './support/slack-signing.ts';
import { waitFor } from './support/wait.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (c: Buffer) => {
    output.stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    output.stderr += c.toString();
  });
  const exited = once(child, 'exit') as Promise<[number | null]>;
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  void exited.then(() => clearTimeout(timer));
  return { child, output, exited };
}

describe('src/main.ts', () => {
  it('a bad configuration stops start-up with exit code 2, one line per variable, no secret echoed', async () => {
    const { output, exited } = start({
      SLACK_BOT_TOKEN: 'not-a-bot-token',
      SLACK_SIGNING_SECRET: 's',
      PORT: 'x',
    });
    const [code] = await exited;
    assert.equal(code, 2);
    const lines = output.stderr.trim().split('\n');
    assert.ok(lines.some((l) => /^SLACK_BOT_TOKEN: .*value hidden/.test(l)));
    assert.ok(lines.some((l) => /^PORT: .*"x"/.test(l)));
    assert.equal(lines.length, 2, output.stderr);
    assert.doesNotMatch(output.stderr, /not-a-bot-token/);
  });

  it('reports the problems of the bot, Google and operations settings together, every line, exit 2', async () => {
    const secrets = {
      bot: 'not-a-bot-token-1234',
      signing: 'signing-secret-5678',
      relay: 'relay-token-abcd',
      orphan: 'orphan-token-efgh',
    };
    const { output, exited } = start({
      SLACK_BOT_TOKEN: secrets.bot,
      SLACK_SIGNING_SECRET: secrets.signing,
      PORT: 'x',
      APPROVALS_CHANNEL: 'C0APPROVALS',
      APPROVERS: 'U0ALICE',
      GOOGLE_SERVICE_ACCOUNT_FILE: '/nonexistent/key.json',
      GOOGLE_ADMIN_SUBJECT: 'not-an-email',
      GATEWAYS: 'mx1=ftp://relay.example',
      GATEWAY_TOKENS: `mx1=${secrets.relay},mx9=${secrets.orphan}`,
      OPS_POLL_SECONDS: '1',
      RELAY_ACTIONS_WITHOUT_APPROVAL: 'reboot',
    });
    const [code] = await exited;
    assert.equal(code, 2);
    const lines = output.stderr.trim().split('\n');
    const expected = [
      /^SLACK_BOT_TOKEN: must be a bot token starting with xoxb- \(seen: set \(value hidden\)\)$/,
      /^PORT: must be a port number \(seen: "x"\)$/,
      /^GOOGLE_ADMIN_SUBJECT: must be the email of a Workspace admin \(seen: "not-an-email"\)$/,
      /^GATEWAYS: relay "mx1": must be an http\(s\) URL without credentials.* \(seen: "ftp:\/\/relay.example"\)$/,
      /^GATEWAY_TOKENS: a token is given for "mx9", which is not in GATEWAYS/,
      /^OPS_POLL_SECONDS: must be seconds from 5 to 3600 \(seen: "1"\)$/,
      /^RELAY_ACTIONS_WITHOUT_APPROVAL: "reboot" is not a relay action/,
    ];
    for (const pattern of expected) {
      assert.ok(
        lines.some((l) => pattern.test(l)),
        `missing ${pattern} in:\n${output.stderr}`,
      );
    }
    assert.equal(lines.length, expected.length, output.stderr);
    for (const secret of Object.values(secrets)) assert.ok(!output.stderr.includes(secret), secret);
    assert.equal(output.stdout, '');
  });

  it('HTTP mode: signed requests are served and answered through the Web API URL given', async (t) => {
    const slack = await startSlack(t);
    const dir = mkdtempSync(join(tmpdir(), 'main-test-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const { child, output, exited } = start({
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      APPROVALS_CHANNEL: 'C0APPROVALS',
      APPROVERS: 'U0ALICE,U0BOB',
      DATABASE: join(dir, 'bot.db'),
    });
    t.after(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    });
    const [, port] = await waitFor(
      () => /listening on port (\d+)/.exec(output.stdout) ?? undefined,
      'the HTTP listener',
      20_000,
    );
    const responseUrl = slack.newResponseUrl({ userId: ALICE.id, channel: 'C0OPS' });
    const body = formBody(
      slashCommandBody({
        actor: { id: ALICE.id, name: ALICE.name, teamId: slack.teamId },
        command: '/gateway',
        text: 'add-route relay-1 127.0.0.1:2525 --no-tls',
        channel: 'C0OPS',
        responseUrl,
        triggerId: slack.newTriggerId(ALICE.id),
      }),
    );
    const response = await postSigned(`http://127.0.0.1:${port}/slack/events`, body);
    assert.equal(response.status, 200);
    const [answer] = await waitFor(() => {
      const posts = slack.responses(responseUrl);
      return posts.length > 0 && posts;
    }, 'the answer');
    assert.match(String(answer?.text), /Proposed change #1/);
    assert.equal(slack.messages('C0APPROVALS').length, 1);
    assert.ok(
      slack.callsTo('auth.test').length >= 1,
      'without botId the app asks auth.test, here the local API',
    );

    child.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(code, 0);
    // The bot logs pino JSON, one object per line, Bolt's own lines included.
    const lines = output.stdout.trim().split('\n');
    for (const line of lines) assert.equal(JSON.parse(line).service, 'bot', line);
    assert.ok(lines.some((l) => JSON.parse(l).event === 'listening'));
  });
});
