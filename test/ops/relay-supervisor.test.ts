import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RelaySupervisor } from '../../src/ops/relay-supervisor.ts';

// A stand-in child: stays alive, and on SIGTERM writes "graceful <pid>" to a file and exits 0.
const CHILD = `
const fs = require('node:fs');
const out = process.argv[1];
process.on('SIGTERM', () => { fs.appendFileSync(out, 'graceful ' + process.pid + '\\n'); process.exit(0); });
setInterval(() => {}, 1000);
console.log('ready ' + process.pid);
`;
// Ignores SIGTERM, so only SIGKILL ends it.
const STUBBORN = `process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('ready ' + process.pid);`;

const policy = { initialDelayMs: 50, maxDelayMs: 200, factor: 2, stableAfterMs: 60_000 };

/** Output sink that resolves `ready(pid)` once the child has printed "ready PID" (handlers installed). */
function readiness() {
  const ready = new Set<number>();
  const waiters = new Map<number, () => void>();
  return {
    output: (chunk: string) => {
      for (const m of chunk.matchAll(/ready (\d+)/g)) {
        const pid = Number(m[1]);
        ready.add(pid);
        waiters.get(pid)?.();
      }
    },
    ready: (pid: number) =>
      ready.has(pid) ? Promise.resolve() : new Promise<void>((resolve) => waiters.set(pid, resolve)),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('RelaySupervisor with a real child process', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("gives the child only PATH, NODE_* and the locale, never the bot's secrets", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'supervisor-'));
    dirs.push(dir);
    const planted = {
      SLACK_BOT_TOKEN: 'xoxb-secret-token',
      SLACK_SIGNING_SECRET: 'signing-secret',
      SLACK_APP_TOKEN: 'xapp-secret',
      GOOGLE_SERVICE_ACCOUNT_FILE: '/secret/key.json',
      GATEWAY_CONTROL_TOKEN: 'control-token',
      DATABASE_URL: 'postgres://u:p@h/db',
      LANG: 'ja_JP.UTF-8',
      LC_TIME: 'C',
      TZ: 'Asia/Tokyo',
      NODE_EXTRA_CA_CERTS: '/etc/ssl/extra.pem',
    };
    const saved = Object.fromEntries(Object.keys(planted).map((k) => [k, process.env[k]]));
    Object.assign(process.env, planted);
    t.after(() => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });
    const out = join(dir, 'env.json');
    const supervisor = new RelaySupervisor({
      command: process.execPath,
      args: ['-e', `require('node:fs').writeFileSync(process.argv[1], JSON.stringify(process.env))`, out],
      policy: { ...policy, initialDelayMs: 60_000 },
      output: 'ignore',
    });
    t.after(() => supervisor.stop());
    const exited = once(supervisor, 'exit');
    supervisor.start();
    await exited;
    const env = JSON.parse(await readFile(out, 'utf8')) as Record<string, string>;
    for (const name of Object.keys(env)) {
      assert.match(name, /^(PATH|NODE_.+|LANG|LANGUAGE|LC_.+|TZ)$/, `the child saw ${name}`);
    }
    assert.equal(env.LANG, 'ja_JP.UTF-8');
    assert.equal(env.LC_TIME, 'C');
    assert.equal(env.TZ, 'Asia/Tokyo');
    assert.equal(env.NODE_EXTRA_CA_CERTS, '/etc/ssl/extra.pem');
    assert.equal(env.PATH, process.env.PATH);
    for (const secret of [
      'xoxb-secret-token',
      'signing-secret',
      'xapp-secret',
      'control-token',
      '/secret/key.json',
    ]) {
      assert.ok(!JSON.stringify(env).includes(secret), `the child saw ${secret}`);
    }
  });

  it('restarts a child killed with SIGKILL, with growing backoff', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'supervisor-'));
    dirs.push(dir);
    const supervisor = new RelaySupervisor({
      command: process.execPath,
      args: ['-e', CHILD, join(dir, 'log')],
      policy,
      output: 'ignore',
    });
    t.after(() => supervisor.stop());
    const plans: Array<{ delayMs: number; attempt: number }> = [];
    supervisor.on('restart-scheduled', (plan) => plans.push(plan));

    const firstSpawn = once(supervisor, 'spawn');
    supervisor.start();
    const [pid1] = (await firstSpawn) as [number];
    assert.equal(supervisor.state, 'running');

    const exited = once(supervisor, 'exit');
    const secondSpawn = once(supervisor, 'spawn');
    process.kill(pid1, 'SIGKILL');
    const [exit1] = await exited;
    assert.equal(exit1.signal, 'SIGKILL');
    assert.equal(exit1.expected, false);
    const [pid2] = (await secondSpawn) as [number];
    assert.notEqual(pid2, pid1);
    assert.ok(isAlive(pid2));

    const thirdSpawn = once(supervisor, 'spawn');
    process.kill(pid2, 'SIGKILL');
    const [pid3] = (await thirdSpawn) as [number];
    assert.notEqual(pid3, pid2);

    assert.deepEqual(plans, [
      { delayMs: 50, attempt: 1 },
      { delayMs: 100, attempt: 2 },
    ]);
    assert.equal(supervisor.restartCount, 2);
  });

  it('restarts gracefully: SIGTERM, wait for exit, start again, without counting a crash', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'supervisor-'));
    dirs.push(dir);
    const log = join(dir, 'log');
    const child = readiness();
    const supervisor = new RelaySupervisor({
      command: process.execPath,
      args: ['-e', CHILD, log],
      policy,
      output: child.output,
    });
    t.after(() => supervisor.stop());
    const spawned = once(supervisor, 'spawn');
    supervisor.start();
    const [pid1] = (await spawned) as [number];
    await child.ready(pid1);
    const exits: boolean[] = [];
    supervisor.on('exit', (e) => exits.push(e.expected));

    const pid2 = await supervisor.restart();
    assert.ok(pid2 !== undefined && pid2 !== pid1);
    assert.equal(await readFile(log, 'utf8'), `graceful ${pid1}\n`);
    assert.deepEqual(exits, [true]);
    assert.equal(supervisor.crashHistory.consecutiveCrashes, 0);
    assert.equal(supervisor.restartCount, 0);
  });

  it('stops for good and escalates to SIGKILL when the child ignores SIGTERM', async () => {
    const child = readiness();
    const supervisor = new RelaySupervisor({
      command: process.execPath,
      args: ['-e', STUBBORN],
      policy,
      stopTimeoutMs: 300,
      output: child.output,
    });
    const spawned = once(supervisor, 'spawn');
    supervisor.start();
    const [pid] = (await spawned) as [number];
    await child.ready(pid);
    const exited = once(supervisor, 'exit');
    await supervisor.stop();
    const [exit] = await exited;
    assert.equal(exit.signal, 'SIGKILL');
    assert.equal(exit.expected, true);
    assert.equal(isAlive(pid), false);
    assert.equal(supervisor.state, 'stopped');
  });

  it('keeps retrying with backoff when the command cannot start', async (t) => {
    const supervisor = new RelaySupervisor({
      command: '/nonexistent/relay',
      args: [],
      policy,
      output: 'ignore',
    });
    t.after(() => supervisor.stop());
    const errors: string[] = [];
    supervisor.on('spawn-error', (e) => errors.push((e as NodeJS.ErrnoException).code ?? ''));
    const plans: number[] = [];
    const twoPlans = new Promise<void>((resolve) =>
      supervisor.on('restart-scheduled', (p) => {
        plans.push(p.delayMs);
        if (plans.length === 2) resolve();
      }),
    );
    supervisor.start();
    await twoPlans;
    await supervisor.stop();
    assert.deepEqual(plans, [50, 100]);
    assert.deepEqual(errors.slice(0, 2), ['ENOENT', 'ENOENT']);
  });
});
