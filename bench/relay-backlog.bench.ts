// A relay restarted over a large backlog: 100,000 messages already queued (written straight into the
// spool), the next hop holding every delivery (an outage). Prints the time from spawn to the SMTP
// listener, the relay's RSS once listening and a few seconds later (and its peak), and how long
// GET /queue?limit=1, GET /queue?limit=1000 and GET /status take. The bar: listening within
// 10 s, under 250 MB RSS. Bounded: one relay, one run, killed at the end.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { baseConfig, TOKEN, tempDir } from '../test/gateway/harness.ts';
import { startRelayProcess } from '../test/gateway/process.ts';
import { TestSink } from '../test/support/smtp-sink.ts';
import { writeQueuedMessages } from '../test/support/spool-fixtures.ts';
import { peakRssMb, rssMb } from './support/postfix-peers.ts';

const MESSAGES = Number(process.env.BENCH_BACKLOG ?? 100_000);
const SETTLE_MS = 5000;

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
    relay = await startRelayProcess(configPath, 60_000);
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
    const ok =
      listenMs <= 10_000 && peak < 250 && [queueOne, queueThousand, status].every((r) => r.status === 200);
    console.log(ok ? 'within the bar (listening <= 10 s, peak RSS < 250 MB)' : 'OUTSIDE the bar');
  } finally {
    release();
    await relay?.kill();
    await sink.close();
    await dir.remove();
  }
}

await main();
