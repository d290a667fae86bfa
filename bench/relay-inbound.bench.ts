// Inbound acceptance rate (messages/s) and peak RSS of the relay for 10 KB messages over 20
// concurrent sessions, against a ceiling measured in the same run:
//   - plain SMTP: Postfix's smtp-source against the relay and against smtp-sink;
//   - STARTTLS: smtp-source cannot speak TLS, so a bounded nodemailer load generator (same
//     sessions, same message) runs against the relay with a certificate and against a TLS sink
//     built on smtp-server that discards what it reads.
// The relay runs as its own process (gateway/main.ts) with fsync'd spool writes on the temp disk.
// Peak RSS is VmHWM from /proc. Every run is bounded in messages and in time.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';
import { baseConfig, sampleMessage, tempDir } from '../test/gateway/harness.ts';
import { type RelayProcess, startRelayProcess } from '../test/gateway/process.ts';
import { createTestPki } from '../test/support/pki.ts';
import { connectSmtp, sendSmtp } from '../test/support/smtp-client.ts';
import { peakRssMb, runSmtpSource, startSmtpSink } from './support/postfix-peers.ts';
import { silentNextHop } from './support/silent-next-hop.ts';

const SESSIONS = 20;
const MESSAGE_BYTES = 10 * 1024;
const PLAIN_MESSAGES = 2000;
const TLS_MESSAGES = 1000;
const RUN_LIMIT_MS = 60_000;

interface Measurement {
  target: string;
  messages: number;
  seconds: number;
  rate: number;
  peakRssMb: number;
}

/** The plain load: smtp-source with SESSIONS sessions of MESSAGE_BYTES messages; resolves with its seconds. */
function runLoad(port: number, messages: number): Promise<number> {
  return runSmtpSource(port, {
    sessions: SESSIONS,
    messages,
    messageBytes: MESSAGE_BYTES,
    helo: 'bench.example.com',
    from: 'bench@example.com',
    to: 'rcpt@example.org',
    limitMs: RUN_LIMIT_MS,
  });
}

/** SESSIONS connections with STARTTLS, each sending until `messages` are accepted in total. */
async function runTlsLoad(
  port: number,
  messages: number,
  ca: string,
): Promise<{ seconds: number; accepted: number }> {
  const message = sampleMessage('bench', MESSAGE_BYTES);
  const deadline = Date.now() + RUN_LIMIT_MS;
  let claimed = 0;
  let accepted = 0;
  const session = async () => {
    const connection = await connectSmtp({
      host: '127.0.0.1',
      port,
      requireTLS: true,
      tls: { ca, servername: 'localhost' },
      name: 'bench.example.com',
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    try {
      while (claimed < messages && Date.now() < deadline) {
        claimed++;
        await sendSmtp(connection, { from: 'bench@example.com', to: ['rcpt@example.org'] }, message);
        accepted++;
        await new Promise<void>((resolve, reject) =>
          connection.reset((error) => (error ? reject(error) : resolve())),
        );
      }
    } finally {
      connection.quit();
      connection.close();
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: SESSIONS }, session));
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, accepted };
}

async function startTlsSink(
  keyFile: string,
  certFile: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/tls-sink.ts', keyFile, certFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, 'line')) as [string];
  return { child, port: Number(line) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await once(child, 'exit');
}

async function relayProcess(dir: string, tls: boolean, nextHopPort: number): Promise<RelayProcess> {
  const configPath = join(dir, `relay-${tls ? 'tls' : 'plain'}.yaml`);
  const config = baseConfig(`spool-${tls ? 'tls' : 'plain'}`, {
    log: { level: 'info' },
    limits: { maxClients: 100, maxMessagesPerConnection: 100_000 },
    delivery: { mode: 'smarthost', smarthost: { host: '127.0.0.1', port: nextHopPort } },
    ...(tls ? { tls: { key: 'key.pem', cert: 'cert.pem' } } : {}),
  });
  await writeFile(configPath, stringify(config));
  return startRelayProcess(configPath);
}

async function queued(dir: string, tls: boolean): Promise<number> {
  const files = await readdir(join(dir, `spool-${tls ? 'tls' : 'plain'}`, 'queue'));
  // Envelopes only: delivery may already have written a <id>.state.json next to some.
  return files.filter((f) => f.endsWith('.json') && !f.endsWith('.state.json')).length;
}

function print(title: string, relay: Measurement, ceiling: Measurement): void {
  console.log(`\n${title}`);
  for (const m of [relay, ceiling]) {
    console.log(
      `  ${m.target.padEnd(32)} ${String(m.messages).padStart(5)} msgs  ${m.seconds.toFixed(2).padStart(6)} s  ` +
        `${m.rate.toFixed(0).padStart(6)} msg/s  peak RSS ${m.peakRssMb} MB`,
    );
  }
  console.log(`  relay / ceiling: ${(relay.rate / ceiling.rate).toFixed(2)}`);
}

async function main(): Promise<void> {
  const dir = await tempDir('relay-bench-');
  const children: ChildProcess[] = [];
  // Whatever happens, the benchmark ends: stop every child and leave after three minutes.
  const watchdog = setTimeout(() => {
    console.error('relay-inbound bench: time limit reached, stopping');
    for (const child of children) child.kill('SIGKILL');
    process.exit(1);
  }, 180_000);
  watchdog.unref();
  const nextHop = await silentNextHop();
  try {
    const pki = createTestPki('Bench');
    const leaf = pki.leaf(['localhost', '127.0.0.1']);
    await writeFile(join(dir.path, 'key.pem'), leaf.keyPem);
    await writeFile(join(dir.path, 'cert.pem'), pki.chainPem(leaf));
    console.log(
      `relay inbound: ${SESSIONS} concurrent sessions, ${MESSAGE_BYTES / 1024} KB messages, spool fsync'd in ${dir.path}`,
    );

    // Plain SMTP: smtp-source -> smtp-sink, then -> relay.
    const sink = await startSmtpSink();
    children.push(sink.child);
    const sinkSeconds = await runLoad(sink.port, PLAIN_MESSAGES);
    const sinkRss = peakRssMb(sink.child.pid);
    await stop(sink.child);
    const plain = await relayProcess(dir.path, false, nextHop.port);
    children.push(plain.child);
    const plainSeconds = await runLoad(plain.smtpPort, PLAIN_MESSAGES);
    const plainRss = peakRssMb(plain.child.pid);
    const plainQueued = await queued(dir.path, false);
    await plain.kill();
    if (plainQueued !== PLAIN_MESSAGES) throw new Error(`relay queued ${plainQueued} of ${PLAIN_MESSAGES}`);
    print(
      'plain SMTP (smtp-source -d)',
      {
        target: 'relay (gateway/main.ts)',
        messages: plainQueued,
        seconds: plainSeconds,
        rate: plainQueued / plainSeconds,
        peakRssMb: plainRss,
      },
      {
        target: 'smtp-sink (ceiling)',
        messages: PLAIN_MESSAGES,
        seconds: sinkSeconds,
        rate: PLAIN_MESSAGES / sinkSeconds,
        peakRssMb: sinkRss,
      },
    );

    // STARTTLS: nodemailer load -> TLS sink, then -> relay with the same certificate.
    const tlsSink = await startTlsSink(join(dir.path, 'key.pem'), join(dir.path, 'cert.pem'));
    children.push(tlsSink.child);
    const sinkRun = await runTlsLoad(tlsSink.port, TLS_MESSAGES, pki.root.certPem);
    const tlsSinkRss = peakRssMb(tlsSink.child.pid);
    await stop(tlsSink.child);
    const tlsRelay = await relayProcess(dir.path, true, nextHop.port);
    children.push(tlsRelay.child);
    const relayRun = await runTlsLoad(tlsRelay.smtpPort, TLS_MESSAGES, pki.root.certPem);
    const tlsRelayRss = peakRssMb(tlsRelay.child.pid);
    const tlsQueued = await queued(dir.path, true);
    await tlsRelay.kill();
    if (tlsQueued !== relayRun.accepted)
      throw new Error(`relay queued ${tlsQueued}, client saw ${relayRun.accepted}`);
    print(
      'STARTTLS (nodemailer load generator; smtp-source has no TLS)',
      {
        target: 'relay with STARTTLS',
        messages: tlsQueued,
        seconds: relayRun.seconds,
        rate: tlsQueued / relayRun.seconds,
        peakRssMb: tlsRelayRss,
      },
      {
        target: 'smtp-server TLS sink (ceiling)',
        messages: sinkRun.accepted,
        seconds: sinkRun.seconds,
        rate: sinkRun.accepted / sinkRun.seconds,
        peakRssMb: tlsSinkRss,
      },
    );
  } finally {
    for (const child of children) await stop(child);
    nextHop.close();
    await dir.remove();
    clearTimeout(watchdog);
  }
}

await main();
