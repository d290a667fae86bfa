// Two real bot processes (src/main.ts, HTTP mode) sharing one PostgreSQL, the local Slack Web API, the
// fake Google API and a real relay: a duplicated interaction is acted on once, approvals clicked at
// once on both replicas give one approval, and when the replica tracking a propagating change is
// killed with kill -9, the other takes the lease over, confirms the change from the audit log, probes
// it through Gmail and marks it live.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ProbeRecorder } from '../gateway/probes.ts';
import { blockActionsBody, slashCommandBody } from '../src/console/local-slack/payloads.ts';
import type { LocalSlack } from '../src/console/local-slack/server.ts';
import type { LocalMessage, LocalUser } from '../src/console/local-slack/types.ts';
import { ACTION_APPROVE } from '../src/slack/blocks/proposal.ts';
import { startTestRelay, TOKEN } from './gateway/harness.ts';
import { gmailSettingCreated } from './support/fake-google.ts';
import { deliverToRelay } from './support/gmail-outbound.ts';
import { ADMIN, googleFixture, PROBE_RECIPIENT, PROBE_SENDER } from './support/google-fixture.ts';
import { postgresForSuite } from './support/postgres.ts';
import { ALICE, APPROVALS, BOB, CAROL, findButton, OPS, startSlack } from './support/slack-bot.ts';
import { formBody, interactionBody, postSigned, TEST_SIGNING_SECRET } from './support/slack-signing.ts';
import { waitFor } from './support/wait.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Replica {
  name: string;
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  url: string;
  port: number;
  exited: Promise<unknown>;
}

async function startReplica(name: string, env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (c: Buffer) => {
    output.stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output.stderr += c.toString();
  });
  const exited = once(child, 'exit');
  after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const [, port] = await waitFor(
    () => /listening on port (\d+)/.exec(output.stdout) ?? (child.exitCode !== null && ['', 'exited']),
    `replica ${name} listening`,
    60_000,
  );
  if (port === 'exited') throw new Error(`replica ${name} exited: ${output.stderr}`);
  return { name, child, output, port: Number(port), url: `http://127.0.0.1:${port}/slack/events`, exited };
}

const server = await postgresForSuite('two replicas');
if (server) after(() => server.stop());

describe('two bot replicas on one PostgreSQL', () => {
  it('act on a duplicated interaction once, give one approval for simultaneous clicks, and survive kill -9 of the tracking replica', {
    skip: server ? false : 'PostgreSQL is not available (see the log above)',
    timeout: 240_000,
  }, async (t) => {
    assert.ok(server);
    const databaseUrl = await server.newDatabase();
    const db = new pg.Client({ connectionString: databaseUrl });
    const query = async (sql: string) => (await db.query(sql)).rows as Record<string, unknown>[];
    const slack: LocalSlack = await startSlack(t);
    const google = await googleFixture();
    t.after(() => google.close());
    google.fake.addUser({ primaryEmail: BOB.email ?? '', isAdmin: true });
    const relay = await startTestRelay(
      {},
      { extensions: [new ProbeRecorder({ deliver: false, keepHours: 168 })] },
    );
    t.after(() => relay.stop());
    google.fake.onSend = async (mail) => {
      await deliverToRelay(mail, { relayPort: relay.smtpPort, localAddress: '127.0.0.1' });
    };
    const env = {
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      APPROVALS_CHANNEL: APPROVALS,
      APPROVERS: [ALICE.id, BOB.id, CAROL.id].join(','),
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '4',
      PROPAGATION_LEASE_SECONDS: '3',
      GOOGLE_SERVICE_ACCOUNT_FILE: google.account.file,
      GOOGLE_ADMIN_SUBJECT: ADMIN,
      GOOGLE_PROBE_SENDER: PROBE_SENDER,
      PROBE_RECIPIENT,
      GOOGLE_API_URL: google.fake.url,
      GATEWAY_CONTROL_URL: `http://127.0.0.1:${relay.controlPort}`,
      GATEWAY_CONTROL_TOKEN: TOKEN,
      OPS_POLL_SECONDS: '3600',
    };
    const replicas = await Promise.all([startReplica('A', env), startReplica('B', env)]);
    const [a, b] = replicas as [Replica, Replica];
    await db.connect();
    t.after(() => db.end());
    for (const replica of replicas) {
      assert.match(replica.output.stdout, /store: PostgreSQL \(127\.0\.0\.1:\d+\/test_\d+\)/);
      const health = await fetch(`http://127.0.0.1:${replica.port}/healthz`);
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { store: string }).store, 'postgresql');
    }
    assert.deepEqual(await query('SELECT version FROM schema_migrations ORDER BY version'), [
      { version: 1 },
      { version: 2 },
      { version: 3 },
      { version: 4 },
    ]);

    const actor = (user: LocalUser) => ({ id: user.id, name: user.name, teamId: slack.teamId });
    const command = (user: LocalUser, text: string) => {
      const responseUrl = slack.newResponseUrl({ userId: user.id, channel: OPS });
      const body = formBody(
        slashCommandBody({
          actor: actor(user),
          command: '/gateway',
          text,
          channel: OPS,
          responseUrl,
          triggerId: slack.newTriggerId(user.id),
        }),
      );
      return { body, responseUrl };
    };
    const click = (replica: Replica, user: LocalUser, message: LocalMessage) => {
      const found = findButton(message, ACTION_APPROVE);
      assert.ok(found, 'an Approve button');
      const responseUrl = slack.newResponseUrl({
        userId: user.id,
        channel: message.channel,
        messageTs: message.ts,
      });
      const payload = blockActionsBody({
        actor: actor(user),
        button: found.button,
        blockId: found.blockId,
        message,
        responseUrl,
        triggerId: slack.newTriggerId(user.id),
      });
      return postSigned(replica.url, interactionBody(payload));
    };
    const stateOf = async (id: number) =>
      (await query(`SELECT state FROM change_requests WHERE id = ${id}`))[0]?.state;

    // 1. The same slash command delivered to both replicas: one proposal, one answer.
    const addRoute = command(ALICE, `add-route gw1 127.0.0.1:${relay.smtpPort} --no-tls`);
    const delivered = await Promise.all([postSigned(a.url, addRoute.body), postSigned(b.url, addRoute.body)]);
    assert.deepEqual(
      delivered.map((r) => r.status),
      [200, 200],
    );
    await waitFor(() => slack.messages(APPROVALS).length > 0, 'the approval message', 20_000);
    await waitFor(() => slack.responses(addRoute.responseUrl).length > 0, 'the answer', 20_000);
    assert.deepEqual(await query('SELECT id FROM change_requests'), [{ id: 1 }]);
    assert.equal(slack.responses(addRoute.responseUrl).length, 1);
    assert.equal((await query("SELECT key FROM deliveries WHERE key LIKE 'trigger:%'")).length, 1);

    // 2. Bob on A and Carol on B approve at the same moment: one approval.
    const proposal = slack.messages(APPROVALS)[0] as LocalMessage;
    const clicks = await Promise.all([click(a, BOB, proposal), click(b, CAROL, proposal)]);
    assert.deepEqual(
      clicks.map((c) => c.status),
      [200, 200],
    );
    await waitFor(async () => (await stateOf(1)) === 'approved', 'change #1 approved', 20_000);
    const approvals = await query("SELECT actor FROM audit WHERE change_id = 1 AND action LIKE 'approved%'");
    assert.equal(approvals.length, 1, JSON.stringify(approvals));
    assert.ok([BOB.id, CAROL.id].includes(String(approvals[0]?.actor)));
    assert.deepEqual(await query('SELECT version FROM desired_state'), [{ version: 1 }]);

    // 3. Route mail through gw1 (proposed on B, approved on A): the change probes apply to.
    const useRoute = command(ALICE, 'use-route gw1');
    assert.equal((await postSigned(b.url, useRoute.body)).status, 200);
    await waitFor(() => slack.messages(APPROVALS).length > 1, 'the second approval message', 20_000);
    assert.equal((await click(a, BOB, slack.messages(APPROVALS)[1] as LocalMessage)).status, 200);
    await waitFor(async () => (await stateOf(2)) === 'approved', 'change #2 approved', 20_000);

    // 4. One replica holds the propagation lease and polls the audit log (nothing there yet).
    const reportsCalls = () => google.fake.requests.filter((r) => r.api === 'reports').length;
    const before = reportsCalls();
    await waitFor(() => reportsCalls() > before, 'the tracking replica polling the audit log', 30_000);
    const [lease] = await query("SELECT holder FROM leases WHERE name = 'propagation'");
    const holderPid = Number(String(lease?.holder).split(':')[1]);
    const holder = replicas.find((r) => r.child.pid === holderPid);
    assert.ok(holder, `the lease holder ${String(lease?.holder)} is one of the replicas`);
    const survivor = holder === a ? b : a;
    holder.child.kill('SIGKILL');
    await holder.exited;
    assert.equal(await stateOf(2), 'approved', 'still propagating when its tracker died');

    // 5. The admin makes the change in the console; the survivor takes over within the lease.
    const time = new Date().toISOString();
    google.fake.addActivity(
      gmailSettingCreated(time, BOB.email ?? '', {
        SETTING_NAME: 'EMAIL_ROUTE',
        ORG_UNIT_NAME: 'example.com',
        NEW_VALUE: `name: gw1, host: 127.0.0.1, port: ${relay.smtpPort}`,
      }),
    );
    google.fake.addActivity(
      gmailSettingCreated(time, BOB.email ?? '', {
        SETTING_NAME: 'MESSAGE_SECURITY_RULE',
        ORG_UNIT_NAME: 'example.com',
        NEW_VALUE: 'outbound: change route to gw1',
      }),
    );
    await waitFor(
      async () => (await stateOf(2)) === 'live',
      'change #2 live, marked by the survivor',
      90_000,
    );
    const [taken] = await query("SELECT holder FROM leases WHERE name = 'propagation'");
    assert.equal(Number(String(taken?.holder).split(':')[1]), survivor.child.pid);
    const trail = await query('SELECT action, actor, details FROM audit WHERE change_id = 2 ORDER BY id');
    const actions = trail.map((e) => e.action);
    assert.deepEqual(
      actions.filter((x) => x === 'applied' || x === 'live'),
      ['applied', 'live'],
      JSON.stringify(actions),
    );
    const applied = trail.find((e) => e.action === 'applied');
    assert.match(String(applied?.details), /MESSAGE_SECURITY_RULE/, 'confirmed from the audit log');
    assert.ok(google.fake.sent.length >= 1, 'a probe went out through Gmail');
    assert.equal(survivor.child.exitCode, null, 'the survivor still runs');
  });
});
