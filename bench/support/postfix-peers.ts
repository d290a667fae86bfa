// Postfix's smtp-source (load) and smtp-sink (ceiling, next hop) as benchmark peers on loopback, and
// what /proc says about a process under load.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { freePort } from '../../test/support/ports.ts';

export interface SmtpSourceLoad {
  sessions: number;
  messages: number;
  messageBytes: number;
  helo: string;
  from: string;
  to: string;
  /** smtp-source is killed after this long. */
  limitMs: number;
}

/** Runs smtp-source against 127.0.0.1:`port`; resolves with the seconds it took. */
export async function runSmtpSource(port: number, load: SmtpSourceLoad): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(
    '/usr/sbin/smtp-source',
    [
      '-d',
      ...['-s', String(load.sessions), '-m', String(load.messages), '-l', String(load.messageBytes)],
      ...['-M', load.helo, '-f', load.from, '-t', load.to],
      `127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr += c;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), load.limitMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  if (code !== 0) throw new Error(`smtp-source exited with ${code}: ${stderr.trim()}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export interface SmtpSink {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Postfix's smtp-sink; with `dumpDir`, each message lands in a file there (its mtime = arrival time). */
export async function startSmtpSink(dumpDir?: string): Promise<SmtpSink> {
  if (dumpDir) {
    await mkdir(dumpDir, { recursive: true });
    chmodSync(dumpDir, 0o777); // as root smtp-sink runs as nobody
  }
  const port = await freePort();
  const args = [
    ...(process.getuid?.() === 0 ? ['-u', 'nobody'] : []),
    ...(dumpDir ? ['-d', `${dumpDir}/`] : []),
    `127.0.0.1:${port}`,
    '256',
  ];
  const child = spawn('/usr/sbin/smtp-sink', args, { stdio: 'ignore' });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  };
  try {
    await waitForPort(port);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, child, stop };
}

/** Waits (at most 5 s) until 127.0.0.1:`port` accepts a connection: smtp-sink has no "ready" signal. */
export async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listening on 127.0.0.1:${port}`);
}

function statusMb(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number {
  if (!pid) return Number.NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
}

/** Peak resident memory of a process so far, in MB (one decimal). */
export function peakRssMb(pid: number | undefined): number {
  return statusMb(pid, 'VmHWM');
}

/** Resident memory of a process now, in MB (one decimal). */
export function rssMb(pid: number | undefined): number {
  return statusMb(pid, 'VmRSS');
}

/** User + system CPU seconds a process has used so far. */
export function cpuSeconds(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
