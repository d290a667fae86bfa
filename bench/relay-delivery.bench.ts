// End-to-end relay throughput and accept-to-delivered latency, against Postfix as the same relay.
//
//   smtp-source (20 sessions, 10 KB messages) -> relay under test -> smtp-sink (Postfix's test sink)
//
// Both relays get the same load in the same run: this relay (gateway/main.ts as its own process,
// durable spool, smarthost delivery) and a private Postfix instance (its own config and queue
// directories under a temp dir, loopback-only listener from master.cf, relayhost = the sink),
// stopped at the end. Throughput: messages / (first byte sent -> last message at the sink).
// Latency: a probe client sends a tagged 10 KB message every 20 ms during the load and notes when
// it got its 250; the sink's dump file modification time says when the message arrived.
// Queue drain: the same number of messages queued with delivery held, then released at once (this
// relay: restart with the next hop reachable + POST /flush; Postfix: defer_transports cleared, reload,
// postqueue -f), timing delivery alone.
// Then one 30 MB message through a fresh relay: its peak RSS shows whether it streams.
// First of all, per-connection acceptance (bench/support/connection-loads.ts): plain and STARTTLS, a
// new connection per message and 20 kept open, both relays side by side, plus the median time from
// connect to greeting. BENCH_ONLY=connections runs only that part.
// Every run is bounded in messages and in time.
import { execFile } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import { stringify } from 'yaml';
import { tempDir } from '../test/gateway/harness.ts';
import { type RelayProcess, startRelayProcess } from '../test/gateway/process.ts';
import { createTestPki } from '../test/support/pki.ts';
import { freePort } from '../test/support/ports.ts';
import { connectSmtp, sendSmtp } from '../test/support/smtp-client.ts';
import {
  type ConnectionLoad,
  type LoadResult,
  loadName,
  medianGreetingMs,
  runConnectionLoad,
} from './support/connection-loads.ts';
import {
  cpuSeconds,
  peakRssMb,
  rssMb,
  runSmtpSource,
  startPostfix,
  startSmtpSink,
  waitForPort,
} from './support/postfix-peers.ts';

const SESSIONS = 20;
const MESSAGE_BYTES = 10 * 1024;
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2500);
const PROBE_INTERVAL_MS = 20;
const RUN_LIMIT_MS = 90_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const DRAIN = Number(process.env.BENCH_DRAIN ?? 2000);
const BIG_BYTES = 30 * 1024 * 1024;
const run = promisify(execFile);

interface Result {
  name: string;
  messages: number;
  seconds: number;
  rate: number;
  p50: number;
  p99: number;
  probes: number;
  peakRssMb?: number;
  /** CPU seconds the relay process used during the run, per second of run. */
  cpuLoad?: number;
}

function probeMessage(n: number): string {
  const line = `${'p'.repeat(76)}\r\n`;
  return `From: alice@example.com\r\nTo: bob@example.net\r\nSubject: probe-${n}\r\n\r\n${line.repeat(Math.ceil(MESSAGE_BYTES / line.length))}`;
}

/** Sends probes one after another until `stop()` resolves; returns probe number -> accept time (ms). */
function startProbes(port: number) {
  const accepted = new Map<number, number>();
  let running = true;
  const loop = (async () => {
    let n = 0;
    while (running) {
      let connection: SMTPConnection | undefined;
      try {
        connection = await connectSmtp({
          host: '127.0.0.1',
          port,
          ignoreTLS: true,
          name: 'probe.example.com',
        });
        while (running) {
          const id = n++;
          await sendSmtp(
            connection,
            { from: 'alice@example.com', to: ['bob@example.net'] },
            probeMessage(id),
          );
          accepted.set(id, Date.now());
          await new Promise((r) => setTimeout(r, PROBE_INTERVAL_MS));
        }
      } catch {
        // e.g. the relay's per-connection message limit: reconnect
      } finally {
        connection?.close();
      }
    }
  })();
  return {
    accepted,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** The load: smtp-source with SESSIONS sessions of MESSAGE_BYTES messages, bounded by RUN_LIMIT_MS. */
async function runLoad(port: number, messages: number): Promise<void> {
  await runSmtpSource(port, {
    sessions: SESSIONS,
    messages,
    messageBytes: MESSAGE_BYTES,
    helo: 'gmail.example.com',
    from: 'alice@example.com',
    to: 'bob@example.net',
    limitMs: RUN_LIMIT_MS,
  });
}

async function waitForCount(dir: string, count: number, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const n = (await readdir(dir)).length;
    if (n >= count) return;
    if (Date.now() > deadline)
      throw new Error(`only ${n} of ${count} messages reached the sink in ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function lastArrival(dir: string): Promise<number> {
  let last = 0;
  for (const file of await readdir(dir)) last = Math.max(last, (await stat(join(dir, file))).mtimeMs);
  return last;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** Load + probes against `port`; everything the sink got is in `dumpDir`. */
async function measure(name: string, port: number, dumpDir: string, pid?: number): Promise<Result> {
  const started = Date.now();
  const cpuBefore = pid ? cpuSeconds(pid) : 0;
  const probes = startProbes(port);
  await runLoad(port, MESSAGES);
  await probes.stop();
  const total = MESSAGES + probes.accepted.size;
  await waitForCount(dumpDir, total, RUN_LIMIT_MS);
  let last = 0;
  const latencies: number[] = [];
  for (const file of await readdir(dumpDir)) {
    const path = join(dumpDir, file);
    const { mtimeMs } = await stat(path);
    last = Math.max(last, mtimeMs);
    const head = (await readFile(path)).subarray(0, 2048).toString('latin1');
    const probe = /\nSubject: probe-(\d+)\r?\n/.exec(head)?.[1];
    const acceptedAt = probe === undefined ? undefined : probes.accepted.get(Number(probe));
    if (acceptedAt !== undefined) latencies.push(Math.max(0, mtimeMs - acceptedAt));
  }
  latencies.sort((a, b) => a - b);
  const seconds = (last - started) / 1000;
  return {
    name,
    messages: total,
    seconds,
    rate: total / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    probes: latencies.length,
    ...(pid ? { peakRssMb: peakRssMb(pid), cpuLoad: (cpuSeconds(pid) - cpuBefore) / seconds } : {}),
  };
}

/** PEM files of a certificate for `localhost` (made at run time) and its CA. */
interface BenchTls {
  key: string;
  cert: string;
  ca: string;
}

async function makeTls(dir: string): Promise<BenchTls> {
  const pki = createTestPki('Bench');
  const leaf = pki.leaf(['localhost']);
  const key = join(dir, 'tls-key.pem');
  const cert = join(dir, 'tls-cert.pem');
  await writeFile(key, leaf.keyPem, { mode: 0o600 });
  await writeFile(cert, pki.chainPem(leaf));
  return { key, cert, ca: pki.root.certPem };
}

async function relayConfig(
  dir: string,
  sinkPort: number,
  retrySeconds = 300,
  tls?: BenchTls,
): Promise<string> {
  const file = join(dir, 'relay.yaml');
  await writeFile(
    file,
    stringify({
      listen: { host: '127.0.0.1', port: 0 },
      hostname: 'bench-relay.test',
      ...(tls ? { tls: { key: tls.key, cert: tls.cert } } : {}),
      allow: { spf: [], cidrs: ['127.0.0.1/32'] },
      senders: ['example.com'],
      spool: join(dir, 'spool'),
      control: { host: '127.0.0.1', port: 0, token: 'bench-control-token-0123456789' },
      limits: { maxClients: 200, maxMessagesPerConnection: 100_000 },
      log: { level: 'info' },
      delivery: {
        mode: 'smarthost',
        smarthost: { host: '127.0.0.1', port: sinkPort },
        concurrency: 20,
        retry: { initialSeconds: retrySeconds, maxSeconds: Math.max(retrySeconds, 14_400) },
      },
    }),
  );
  return file;
}

/** One message through, so connections and caches are warm; then the sink's dump is emptied. */
async function warmUp(port: number, dump: string): Promise<void> {
  await waitForListen(port);
  await waitForCount(dump, 1, 10_000);
  for (const f of await readdir(dump)) await rm(join(dump, f));
}

/** Waits until `port` answers SMTP; with `probe`, by sending one message through it. */
async function waitForListen(port: number, probe = true): Promise<void> {
  if (!probe) return waitForPort(port);
  for (let i = 0; i < 100; i++) {
    try {
      await run('/usr/sbin/smtp-source', [
        '-m',
        '1',
        '-l',
        '10',
        '-f',
        'alice@example.com',
        '-t',
        'warm@example.net',
        `127.0.0.1:${port}`,
      ]);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`nothing listening on ${port}`);
}

const CONNECTION_MESSAGES = Number(process.env.BENCH_CONNECTION_MESSAGES ?? 1000);
const GREETINGS = 200;

/** The four connection loads against this relay and Postfix, side by side, with greeting latency. */
async function connectionLoads(dir: string): Promise<void> {
  const tls = await makeTls(dir);
  const loads: ConnectionLoad[] = [
    { tls: false, perMessage: true },
    { tls: true, perMessage: true },
    { tls: false, perMessage: false },
    { tls: true, perMessage: false },
  ];
  const rows: { load: ConnectionLoad; relay: LoadResult; postfix: LoadResult }[] = [];
  const greeting = { relay: Number.NaN, postfix: Number.NaN };
  const sink = await startSmtpSink();
  const relayDir = join(dir, 'relay-connections');
  await mkdir(relayDir);
  const relay = await startRelayProcess(await relayConfig(relayDir, sink.port, 300, tls));
  const postfix = await startPostfix(join(dir, 'postfix-connections'), sink.port, false, tls);
  try {
    await waitForListen(relay.smtpPort, false);
    await waitForListen(postfix.port, false);
    greeting.relay = await medianGreetingMs(relay.smtpPort, GREETINGS);
    greeting.postfix = await medianGreetingMs(postfix.port, GREETINGS);
    for (const load of loads) {
      // Alternating, each warmed up by a few messages of the same shape first.
      const target = (port: number) => ({ port, ca: tls.ca, servername: 'localhost' });
      await runConnectionLoad(target(relay.smtpPort), load, 40, RUN_LIMIT_MS);
      const ours = await runConnectionLoad(target(relay.smtpPort), load, CONNECTION_MESSAGES, RUN_LIMIT_MS);
      await runConnectionLoad(target(postfix.port), load, 40, RUN_LIMIT_MS);
      const theirs = await runConnectionLoad(target(postfix.port), load, CONNECTION_MESSAGES, RUN_LIMIT_MS);
      rows.push({ load, relay: ours, postfix: theirs });
    }
  } finally {
    await relay.kill();
    await postfix.stop();
    await sink.stop();
  }
  const cell = (r: LoadResult) =>
    `${r.rate.toFixed(0)} msg/s${r.failures ? ` (${r.failures} failed)` : ''}`.padStart(22);
  console.log(
    `per-connection acceptance: ${CONNECTION_MESSAGES} x 10 KB per load, 20 concurrent clients (nodemailer), onward to smtp-sink`,
  );
  console.log(`| load | relay | postfix | relay/postfix |`);
  console.log(`| --- | --- | --- | --- |`);
  for (const row of rows)
    console.log(
      `| ${loadName(row.load)} | ${cell(row.relay).trim()} | ${cell(row.postfix).trim()} | ${(row.relay.rate / row.postfix.rate).toFixed(2)}x |`,
    );
  console.log(
    `median greeting latency (connect -> 220, ${GREETINGS} sequential connections): relay ${greeting.relay.toFixed(2)} ms, postfix ${greeting.postfix.toFixed(2)} ms`,
  );
}

async function main(): Promise<void> {
  const dir = await tempDir('bench-delivery-');
  chmodSync(dir.path, 0o755); // smtp-sink drops to nobody and writes below it
  const cleanups: (() => Promise<void>)[] = [async () => dir.remove()];
  try {
    await connectionLoads(dir.path);
    if (process.env.BENCH_ONLY === 'connections') return;
    const runRelay = async (round: number): Promise<Result> => {
      const dump = join(dir.path, `dump-relay-${round}`);
      const sink = await startSmtpSink(dump);
      const relayDir = join(dir.path, `relay-${round}`);
      await mkdir(relayDir);
      const relay: RelayProcess = await startRelayProcess(await relayConfig(relayDir, sink.port));
      try {
        await warmUp(relay.smtpPort, dump);
        return await measure('relay (this project)', relay.smtpPort, dump, relay.child.pid);
      } finally {
        await relay.kill();
        await sink.stop();
      }
    };
    const runPostfix = async (round: number): Promise<Result> => {
      const dump = join(dir.path, `dump-postfix-${round}`);
      const sink = await startSmtpSink(dump);
      const postfix = await startPostfix(join(dir.path, `postfix-${round}`), sink.port);
      try {
        await warmUp(postfix.port, dump);
        return await measure('postfix 3.7 (same relay)', postfix.port, dump);
      } finally {
        await postfix.stop();
        await sink.stop();
      }
    };

    const fmt = (r: Result) =>
      `${r.name.padEnd(26)} ${r.rate.toFixed(0).padStart(6)} msg/s  (${r.messages} msgs in ${r.seconds.toFixed(2)} s)  ` +
      `latency p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms (${r.probes} probes)` +
      (r.peakRssMb ? `  peak RSS ${r.peakRssMb} MB` : '') +
      (r.cpuLoad ? `  CPU ${(r.cpuLoad * 100).toFixed(0)}% of a core` : '');
    console.log(
      `end to end: ${MESSAGES} x ${MESSAGE_BYTES / 1024} KB over ${SESSIONS} smtp-source sessions (+1 probe session), ` +
        `durable spool, onward to smtp-sink; ${ROUNDS} alternating rounds (the machine is shared: look at every round)`,
    );
    const ours: Result[] = [];
    const theirs: Result[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const a = await runRelay(round);
      const b = await runPostfix(round);
      ours.push(a);
      theirs.push(b);
      console.log(`round ${round}`);
      console.log(`  ${fmt(a)}`);
      console.log(`  ${fmt(b)}`);
      console.log(
        `  ratio relay/postfix: throughput ${(a.rate / b.rate).toFixed(2)}, p50 latency ${(a.p50 / b.p50).toFixed(2)}, p99 latency ${(a.p99 / b.p99).toFixed(2)} (latency: lower is better)`,
      );
    }
    const total = (rs: Result[]) =>
      rs.reduce((n, r) => n + r.messages, 0) / rs.reduce((t, r) => t + r.seconds, 0);
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? Number.NaN;
    console.log(
      `overall: relay ${total(ours).toFixed(0)} msg/s, postfix ${total(theirs).toFixed(0)} msg/s, ratio ${(total(ours) / total(theirs)).toFixed(2)}; ` +
        `median p50 latency relay ${median(ours.map((r) => r.p50)).toFixed(0)} ms vs postfix ${median(theirs.map((r) => r.p50)).toFixed(0)} ms, ` +
        `median p99 ${median(ours.map((r) => r.p99)).toFixed(0)} ms vs ${median(theirs.map((r) => r.p99)).toFixed(0)} ms`,
    );

    // Queue drain: DRAIN messages are queued while delivery is held, then released; this times
    // delivery alone (spool -> next hop), without the inbound side competing for the machine.
    const drainRelay = async (): Promise<number> => {
      const dump = join(dir.path, 'dump-drain-relay');
      const sink = await startSmtpSink(dump);
      const relayDir = join(dir.path, 'relay-drain');
      await mkdir(relayDir);
      // First run: the next hop refuses connections and the retry is an hour away, so all stay queued.
      const held = await startRelayProcess(await relayConfig(relayDir, await freePort(), 3600));
      try {
        await runLoad(held.smtpPort, DRAIN);
      } finally {
        await held.kill();
      }
      const relay = await startRelayProcess(await relayConfig(relayDir, sink.port, 3600));
      try {
        const started = Date.now();
        const flush = await fetch(`http://127.0.0.1:${relay.controlPort}/flush`, {
          method: 'POST',
          headers: { authorization: 'Bearer bench-control-token-0123456789' },
        });
        if (!flush.ok) throw new Error(`POST /flush: ${flush.status}`);
        await waitForCount(dump, DRAIN, RUN_LIMIT_MS);
        return (DRAIN / ((await lastArrival(dump)) - started)) * 1000;
      } finally {
        await relay.kill();
        await sink.stop();
      }
    };
    const drainPostfix = async (): Promise<number> => {
      const dump = join(dir.path, 'dump-drain-postfix');
      const sink = await startSmtpSink(dump);
      const postfix = await startPostfix(join(dir.path, 'postfix-drain'), sink.port, true);
      try {
        await waitForListen(postfix.port, false);
        await runLoad(postfix.port, DRAIN);
        const started = Date.now();
        await postfix.release();
        await waitForCount(dump, DRAIN, RUN_LIMIT_MS);
        return (DRAIN / ((await lastArrival(dump)) - started)) * 1000;
      } finally {
        await postfix.stop();
        await sink.stop();
      }
    };
    const drainOurs = await drainRelay();
    const drainTheirs = await drainPostfix();
    console.log(
      `queue drain (delivery alone, ${DRAIN} queued messages released at once): relay ${drainOurs.toFixed(0)} msg/s, ` +
        `postfix ${drainTheirs.toFixed(0)} msg/s, ratio ${(drainOurs / drainTheirs).toFixed(2)}`,
    );

    // One 30 MB message through a fresh relay: peak RSS must stay far below the message size x2.
    const bigDump = join(dir.path, 'dump-big');
    const bigSink = await startSmtpSink(bigDump);
    cleanups.unshift(() => bigSink.stop());
    const bigDir = join(dir.path, 'relay-big');
    await mkdir(bigDir);
    const big = await startRelayProcess(await relayConfig(bigDir, bigSink.port));
    cleanups.unshift(() => big.kill());
    const idle = rssMb(big.child.pid);
    const started = Date.now();
    await run(
      '/usr/sbin/smtp-source',
      [
        '-m',
        '1',
        '-s',
        '1',
        '-l',
        String(BIG_BYTES),
        '-f',
        'alice@example.com',
        '-t',
        'bob@example.net',
        `127.0.0.1:${big.smtpPort}`,
      ],
      { timeout: RUN_LIMIT_MS },
    );
    await waitForCount(bigDump, 1, RUN_LIMIT_MS);
    const [file] = await readdir(bigDump);
    for (let i = 0; i < 200; i++) {
      // the dump file is complete when the relay has logged the delivery
      if (big.logs.some((l) => l.msg === 'delivery finished')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const size = (await stat(join(bigDump, file as string))).size;
    console.log(
      `30 MB message: relayed ${(size / 1048576).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(2)} s; ` +
        `relay RSS idle ${idle} MB, peak ${peakRssMb(big.child.pid)} MB`,
    );
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
  }
}

const limit = setTimeout(() => {
  console.error('benchmark exceeded its time limit');
  process.exit(1);
}, 10 * 60_000);
limit.unref();
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
