// Inbound acceptance rate (messages/s) of the relay with clamd scanning each message before the 250,
// against the same load with scanning off, beside Postfix's smtp-sink (the ceiling of the load
// generator) in the same run. Load: Postfix's smtp-source, 20 sessions, 10 KB messages. clamd is
// Debian's clamav-daemon with the test signature database made here (test/support/clamd.ts), on TCP
// loopback. The relays run as their own processes with fsync'd spools; deliveries go to a next hop
// that never answers, so only acceptance is measured. Bounded in messages and in time.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { baseConfig, tempDir } from '../test/gateway/harness.ts';
import { type RelayProcess, startRelayProcess } from '../test/gateway/process.ts';
import { findClamd, startClamd, type TestClamd } from '../test/support/clamd.ts';
import { cpuSeconds, peakRssMb, runSmtpSource, startSmtpSink } from './support/postfix-peers.ts';
import { silentNextHop } from './support/silent-next-hop.ts';

const SESSIONS = 20;
const MESSAGE_BYTES = 10 * 1024;
const MESSAGES = 1000;
const RUN_LIMIT_MS = 90_000;

function runLoad(port: number): Promise<number> {
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

async function relay(dir: string, name: string, nextHop: number, scan?: object): Promise<RelayProcess> {
  const configPath = join(dir, `${name}.yaml`);
  const config = baseConfig(`spool-${name}`, {
    log: { level: 'info' },
    limits: { maxClients: 100, maxMessagesPerConnection: 100_000 },
    delivery: { mode: 'smarthost', smarthost: { host: '127.0.0.1', port: nextHop } },
    ...(scan ? { scan } : {}),
  });
  await writeFile(configPath, stringify(config));
  return startRelayProcess(configPath);
}

async function queued(dir: string, name: string): Promise<number> {
  const files = await readdir(join(dir, `spool-${name}`, 'queue'));
  return files.filter((f) => f.endsWith('.json') && !f.endsWith('.state.json')).length;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await once(child, 'exit');
}

function line(target: string, messages: number, seconds: number, extra = ''): number {
  const rate = messages / seconds;
  console.log(
    `  ${target.padEnd(30)} ${String(messages).padStart(5)} msgs  ${seconds.toFixed(2).padStart(6)} s  ${rate.toFixed(0).padStart(6)} msg/s${extra}`,
  );
  return rate;
}

async function main(): Promise<void> {
  const found = findClamd();
  if ('missing' in found) {
    console.log(`relay-scan bench skipped: ${found.missing}`);
    return;
  }
  const dir = await tempDir('relay-scan-bench-');
  const children: ChildProcess[] = [];
  let clamd: TestClamd | undefined;
  const watchdog = setTimeout(() => {
    console.error('relay-scan bench: time limit reached, stopping');
    for (const child of children) child.kill('SIGKILL');
    process.exit(1);
  }, 300_000);
  watchdog.unref();
  const nextHop = await silentNextHop();
  try {
    clamd = await startClamd(found.path);
    console.log(
      `relay with clamd scanning: ${SESSIONS} sessions, ${MESSAGE_BYTES / 1024} KB messages, ${MESSAGES} per run, spool in ${dir.path}`,
    );
    const sink = await startSmtpSink();
    children.push(sink.child);
    const ceiling = line('smtp-sink (Postfix, ceiling)', MESSAGES, await runLoad(sink.port));
    await stop(sink.child);

    const rates: Record<string, number> = {};
    for (const [name, scan] of [
      ['scan-off', undefined],
      ['scan-clamd', { clamd: { host: clamd.host, port: clamd.port } }],
    ] as const) {
      const r = await relay(dir.path, name, nextHop.port, scan);
      children.push(r.child);
      const seconds = await runLoad(r.smtpPort);
      const cpu = cpuSeconds(r.child.pid);
      const rss = peakRssMb(r.child.pid);
      const count = await queued(dir.path, name);
      await r.kill();
      if (count !== MESSAGES) throw new Error(`${name}: relay queued ${count} of ${MESSAGES}`);
      rates[name] = line(
        `relay, ${name}`,
        count,
        seconds,
        `  relay CPU ${cpu.toFixed(1)} s  peak RSS ${rss} MB`,
      );
    }
    const off = rates['scan-off'] ?? 0;
    const on = rates['scan-clamd'] ?? 0;
    console.log(`  relay scan-off / smtp-sink:   ${(off / ceiling).toFixed(2)}`);
    console.log(`  relay scan-clamd / smtp-sink: ${(on / ceiling).toFixed(2)}`);
    console.log(`  scan-clamd / scan-off:        ${(on / off).toFixed(2)}`);
  } finally {
    for (const child of children) await stop(child);
    await clamd?.stop();
    nextHop.close();
    await dir.remove();
    clearTimeout(watchdog);
  }
}

await main();
