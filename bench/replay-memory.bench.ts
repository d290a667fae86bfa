// 300,000 forged requests (random signatures, timestamps inside and outside Slack's window) against
// the bot's HTTP receiver in a child process; prints the bot's RSS change. Goal: < 20 MB.
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

const REQUESTS = 300_000;
const CONCURRENCY = 64;
const MAX_SECONDS = 300;
const GOAL_MB = 20;

interface Memory {
  rss: number;
  heapUsed: number;
  remembered: number;
}

function ask(child: ChildProcess): Promise<Memory> {
  const answer = once(child, 'message') as Promise<[Memory]>;
  child.send('memory');
  return answer.then(([memory]) => memory);
}

const body = 'command=%2Fgateway&text=routes&user_id=U0ALICE&team_id=T0LOCAL';

function forged(url: URL, agent: Agent, i: number): Promise<number> {
  const now = Math.floor(Date.now() / 1000);
  // three in four inside the window (only the signature is wrong), the rest stale or future-dated
  const timestamp = i % 4 === 0 ? now + (i % 8 === 0 ? -900 : 900) : now - (i % 200);
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': `v0=${randomBytes(32).toString('hex')}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function flood(url: URL, count: number, deadline: number): Promise<Map<number, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const status = await forged(url, agent, next++);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return statuses;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function main() {
  const child = fork(new URL('./support/bot-process.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const [{ url }] = (await once(child, 'message')) as [{ url: string }];
    const target = new URL(url);
    const deadline = performance.now() + MAX_SECONDS * 1000;
    await flood(target, 5_000, deadline); // warm-up: connections, JIT, Bolt's first requests
    const before = await ask(child);
    const started = performance.now();
    const statuses = await flood(target, REQUESTS, deadline);
    const seconds = (performance.now() - started) / 1000;
    const after = await ask(child);
    const sent = [...statuses.values()].reduce((a, b) => a + b, 0);
    const growth = (after.rss - before.rss) / 1024 / 1024;
    console.log(
      `${sent} forged requests in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)} req/s), ` +
        `answers: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`,
    );
    console.log(
      `bot RSS ${mb(before.rss)} MB -> ${mb(after.rss)} MB (change ${growth.toFixed(1)} MB), ` +
        `heap ${mb(before.heapUsed)} MB -> ${mb(after.heapUsed)} MB, signatures remembered: ${after.remembered}`,
    );
    console.log(`goal RSS change < ${GOAL_MB} MB: ${growth < GOAL_MB ? 'met' : 'NOT met'}`);
    if (sent < REQUESTS) console.log(`stopped after ${MAX_SECONDS} s: only ${sent} of ${REQUESTS} sent`);
  } finally {
    child.send('stop');
    await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 5_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

await main();
