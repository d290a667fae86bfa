// Memory of the built programs as production runs them (plain node on dist/, no tsx, with the
// NODE_OPTIONS their systemd units in deploy/ set), next to Postfix as the same relay, all measured in
// this run:
//   - the relay idle (5 s after it listens) and at its peak under the 20-session load: smtp-source,
//     10 KB messages, delivered onward to smtp-sink (Postfix's test sink) until the queue is empty;
//   - a private Postfix relaying to the same sink: the PSS of all its processes, idle and at its peak
//     under the same load (PSS, as its processes share their libraries);
//   - the bot idle, in HTTP mode, its Web API pointed at a local fake Slack.
// RSS is VmRSS / VmHWM from /proc; PSS is smaps_rollup, summed over processes. Goals (issue 13): the
// relay at most 70 MB RSS idle and 120 MB under load; the bot at most 110 MB idle.
// Every run is bounded in messages and in time.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { baseConfig, control, tempDir } from '../test/gateway/harness.ts';
import { startRelayProcess } from '../test/gateway/process.ts';
import { startSlack } from '../test/support/slack-bot.ts';
import { TEST_SIGNING_SECRET } from '../test/support/slack-signing.ts';
import {
  type Postfix,
  peakRssMb,
  postfixPssMb,
  pssMb,
  rssMb,
  runSmtpSource,
  startPostfix,
  startSmtpSink,
  waitForPort,
} from './support/postfix-peers.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SESSIONS = 20;
const MESSAGE_BYTES = 10 * 1024;
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const IDLE_SETTLE_MS = 5_000;
const RUN_LIMIT_MS = 90_000;
const GOALS = { relayIdle: 70, relayLoad: 120, botIdle: 110 };

/** The NODE_OPTIONS a unit in deploy/ sets (Environment=NODE_OPTIONS=...), or '' when it sets none. */
function unitNodeOptions(unit: string): string {
  const text = readFileSync(join(ROOT, 'deploy', unit), 'utf8');
  return /^Environment=NODE_OPTIONS=(.*)$/m.exec(text)?.[1]?.trim() ?? '';
}
const RELAY_NODE_OPTIONS = unitNodeOptions('gateway-relay.service');
const BOT_NODE_OPTIONS = unitNodeOptions('gateway-bot.service');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (mb: number) => Math.round(mb * 10) / 10;

/** Samples `read` every 100 ms until stop(); returns the largest value seen. */
function sampler(read: () => number): { stop(): number } {
  let max = read();
  const timer = setInterval(() => {
    max = Math.max(max, read());
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return round(Math.max(max, read()));
    },
  };
}

function load(port: number): Promise<number> {
  return runSmtpSource(port, {
    sessions: SESSIONS,
    messages: MESSAGES,
    messageBytes: MESSAGE_BYTES,
    helo: 'bench.example.com',
    from: 'bench@example.com',
    to: 'rcpt@example.org',
    limitMs: RUN_LIMIT_MS,
  });
}

/** Polls until `empty()` holds, at most RUN_LIMIT_MS. */
async function until(what: string, empty: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + RUN_LIMIT_MS;
  while (!(await empty())) {
    if (Date.now() > deadline) throw new Error(`${what} not done within ${RUN_LIMIT_MS / 1000} s`);
    await sleep(100);
  }
}

interface Row {
  what: string;
  idle: string;
  load: string;
  goal: string;
}

async function measureRelay(dir: string, sinkPort: number): Promise<{ rows: Row[]; met: boolean }> {
  const configPath = join(dir, 'relay.yaml');
  await writeFile(
    configPath,
    stringify(
      baseConfig(join(dir, 'spool'), {
        log: { level: 'info' },
        limits: { maxClients: 200, maxMessagesPerConnection: 100_000 },
        delivery: { mode: 'smarthost', smarthost: { host: '127.0.0.1', port: sinkPort }, concurrency: 20 },
      }),
    ),
  );
  const relay = await startRelayProcess(configPath, 30_000, [join(ROOT, 'dist/gateway/main.js')], {
    ...process.env,
    NODE_OPTIONS: RELAY_NODE_OPTIONS,
  });
  try {
    const pid = relay.child.pid as number;
    await sleep(IDLE_SETTLE_MS);
    const idleRss = rssMb(pid);
    const idlePss = round(pssMb(pid));
    const pss = sampler(() => pssMb(pid));
    await load(relay.smtpPort);
    await until('relay delivery', async () => {
      const status = (await control(relay.controlPort, '/status')).body as { queue: { messages: number } };
      return status.queue.messages === 0;
    });
    const peakPss = pss.stop();
    const peakRss = peakRssMb(pid);
    const met = idleRss <= GOALS.relayIdle && peakRss <= GOALS.relayLoad;
    return {
      met,
      rows: [
        {
          what: 'relay (node dist/gateway/main.js) RSS',
          idle: `${idleRss}`,
          load: `${peakRss}`,
          goal: `<= ${GOALS.relayIdle} / <= ${GOALS.relayLoad}: ${met ? 'met' : 'NOT met'}`,
        },
        { what: 'relay PSS', idle: `${idlePss}`, load: `${peakPss}`, goal: '' },
      ],
    };
  } finally {
    await relay.kill();
  }
}

async function postfixQueueEmpty(postfix: Postfix): Promise<boolean> {
  for (const sub of ['maildrop', 'incoming', 'active', 'deferred', 'hold']) {
    const walk = (d: string): number =>
      readdirSync(d, { withFileTypes: true }).reduce(
        (n, e) => n + (e.isDirectory() ? walk(join(d, e.name)) : 1),
        0,
      );
    try {
      if (walk(join(postfix.queue, sub)) > 0) return false;
    } catch {
      // not created yet
    }
  }
  return true;
}

async function measurePostfix(dir: string, sinkPort: number): Promise<Row> {
  const postfix = await startPostfix(join(dir, 'postfix'), sinkPort);
  try {
    await waitForPort(postfix.port);
    await sleep(IDLE_SETTLE_MS);
    const idle = postfixPssMb(postfix);
    const pss = sampler(() => postfixPssMb(postfix));
    await load(postfix.port);
    await until('postfix delivery', () => postfixQueueEmpty(postfix));
    return {
      what: 'postfix 3.7 (same relay), PSS of all processes',
      idle: `${idle}`,
      load: `${pss.stop()}`,
      goal: '',
    };
  } finally {
    await postfix.stop();
  }
}

async function measureBot(dir: string): Promise<{ row: Row; met: boolean }> {
  const cleanups: (() => unknown)[] = [];
  const slack = await startSlack({ after: (fn) => cleanups.push(fn) });
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_OPTIONS: BOT_NODE_OPTIONS,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      APPROVALS_CHANNEL: 'C0APPROVALS',
      APPROVERS: 'U0ALICE,U0BOB',
      DATABASE: join(dir, 'bot.db'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the bot did not listen within 30 s')), 30_000);
      lines.on('line', (line) => {
        if (line.includes('"event":"listening"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`the bot exited with ${code}`)));
    });
    await sleep(IDLE_SETTLE_MS);
    const pid = child.pid as number;
    const idle = rssMb(pid);
    const met = idle <= GOALS.botIdle;
    return {
      met,
      row: {
        what: `bot (node dist/src/main.js, HTTP) RSS; PSS ${round(pssMb(pid))}`,
        idle: `${idle}`,
        load: '-',
        goal: `<= ${GOALS.botIdle}: ${met ? 'met' : 'NOT met'}`,
      },
    };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error('memory bench: time limit reached, stopping');
    process.exit(1);
  }, 360_000);
  watchdog.unref();
  // Measure what production runs: the compiled program, built now.
  const build = spawnSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) throw new Error('npm run build failed');
  const dir = await tempDir('memory-bench-');
  chmodSync(dir.path, 0o755); // Postfix and smtp-sink drop privileges and need to reach below it
  const sink = await startSmtpSink();
  try {
    console.log(
      `memory: node ${process.version}; load = ${SESSIONS} smtp-source sessions x ${MESSAGES} messages of ` +
        `${MESSAGE_BYTES / 1024} KB, delivered to smtp-sink; idle = ${IDLE_SETTLE_MS / 1000} s after start (MB)`,
    );
    console.log(`  NODE_OPTIONS from deploy/: relay "${RELAY_NODE_OPTIONS}", bot "${BOT_NODE_OPTIONS}"`);
    const relay = await measureRelay(dir.path, sink.port);
    const postfix = await measurePostfix(dir.path, sink.port);
    const bot = await measureBot(dir.path);
    const rows = [...relay.rows, postfix, bot.row];
    const w = Math.max(...rows.map((r) => r.what.length));
    console.log(`  ${'process'.padEnd(w)}  ${'idle'.padStart(7)}  ${'load peak'.padStart(9)}  goal`);
    for (const r of rows)
      console.log(`  ${r.what.padEnd(w)}  ${r.idle.padStart(7)}  ${r.load.padStart(9)}  ${r.goal}`);
    const relayLoad = Number(relay.rows[1]?.load);
    console.log(
      `  relay PSS / postfix PSS: idle ${(Number(relay.rows[1]?.idle) / Number(postfix.idle)).toFixed(2)}, ` +
        `under load ${(relayLoad / Number(postfix.load)).toFixed(2)}`,
    );
  } finally {
    await sink.stop();
    await dir.remove();
    clearTimeout(watchdog);
  }
}

await main();
