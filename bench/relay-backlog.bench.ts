// A relay restarted over a large backlog: 100,000 messages already queued (written straight into the
// spool), the next hop holding every delivery (an outage). Prints the time from spawn to the SMTP
// listener, the relay's RSS once listening and a few seconds later (and its peak), and how long
// GET /queue?limit=1, GET /queue?limit=1000 and GET /status take. The bar: listening within
// 10 s, under 250 MB RSS (once listening and at its peak). The relay runs as production does: the
// compiled dist/gateway/main.js, built now, on plain node. Bounded: one relay, one run, killed at the end.
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { baseConfig, TOKEN, tempDir } from '../test/gateway/harness.ts';
import { startRelayProcess } from '../test/gateway/process.ts';
import { TestSink } from '../test/support/smtp-sink.ts';
import { writeQueuedMessages } from '../test/support/spool-fixtures.ts';
import { peakRssMb, rssMb } from './support/postfix-peers.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MESSAGES = Number(process.env.BENCH_BACKLOG ?? 100_000);
const SETTLE_MS = 5000;
const BARS = { listenSeconds: 10, rssMb: 250 };

async function timed(port: number, path: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
    signal: AbortSignal.timeout(30_000),
  });
  await response.text();
  return { ms: Math.round(performance.now() - started), status: response.status };
}

async function main(): Promise<void> {
  const build = spawnSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) throw new Error('npm run build failed');
  const dir = await tempDir('relay-backlog-bench-');
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const sink = await TestSink.start({ beforeReply: () => released });
  let relay: Awaited<ReturnType<typeof startRelayProcess>> | undefined;
  try {
    const made = performance.now();
    writeQueuedMessages(join(dir.path, 'spool'), MESSAGES);
    console.log(`wrote ${MESSAGES} queued messages in ${Math.round(performance.now() - made)} ms`);
    const configPath = join(dir.path, 'relay.yaml');
    const config = baseConfig(join(dir.path, 'spool'), {
      log: { level: 'info' },
      delivery: {
        mode: 'smarthost',
        smarthost: { host: '127.0.0.1', port: sink.port },
        connectionIdleSeconds: 0,
        timeoutSeconds: 600,
      },
    });
    await writeFile(configPath, stringify(config));

    const spawned = performance.now();
    relay = await startRelayProcess(configPath, 60_000, [join(ROOT, 'dist/gateway/main.js')]);
    const listenMs = Math.round(performance.now() - spawned);
    const pid = relay.child.pid;
    const rssListening = rssMb(pid);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const rssSettled = rssMb(pid);
    const queueOne = await timed(relay.controlPort, '/queue?limit=1');
    const queueThousand = await timed(relay.controlPort, '/queue?limit=1000');
    const status = await timed(relay.controlPort, '/status');
    const peak = peakRssMb(pid);

    console.log(
      JSON.stringify(
        {
          queued: MESSAGES,
          listenSeconds: listenMs / 1000,
          rssMbListening: rssListening,
          rssMbAfter5s: rssSettled,
          peakRssMb: peak,
          queueLimit1Ms: queueOne.ms,
          queueLimit1000Ms: queueThousand.ms,
          statusMs: status.ms,
        },
        null,
        2,
      ),
    );
    const listenOk = listenMs <= BARS.listenSeconds * 1000;
    const rssOk = rssListening < BARS.rssMb && peak < BARS.rssMb;
    const endpointsOk = [queueOne, queueThousand, status].every((r) => r.status === 200);
    console.log(
      `listening after ${listenMs / 1000} s (bar ${BARS.listenSeconds} s): ${listenOk ? 'PASS' : 'FAIL'}; ` +
        `RSS ${rssListening} MB listening, ${peak} MB peak (bar ${BARS.rssMb} MB): ${rssOk ? 'PASS' : 'FAIL'}` +
        (endpointsOk ? '' : '; a control endpoint failed: FAIL'),
    );
    if (!(listenOk && rssOk && endpointsOk)) process.exitCode = 1;
  } finally {
    release();
    await relay?.kill();
    await sink.close();
    await dir.remove();
  }
}

await main();
