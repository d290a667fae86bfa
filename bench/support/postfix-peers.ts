// Postfix's smtp-source (load) and smtp-sink (ceiling, next hop) as benchmark peers on loopback, a
// private Postfix relaying to a next hop (the reference relay), and what /proc says about a process
// (or a Postfix instance's processes) under load.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, chownSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
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

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;

const MASTER_CF = (port: number) =>
  [
    `127.0.0.1:${port} inet n - n - - smtpd`,
    'pickup unix n - n 60 1 pickup',
    'cleanup unix n - n - 0 cleanup',
    'qmgr unix n - n 300 1 qmgr',
    'tlsmgr unix - - n 1000? 1 tlsmgr',
    'rewrite unix - - n - - trivial-rewrite',
    'bounce unix - - n - 0 bounce',
    'defer unix - - n - 0 bounce',
    'trace unix - - n - 0 bounce',
    'verify unix - - n - 1 verify',
    'flush unix n - n 1000? 0 flush',
    'proxymap unix - - n - - proxymap',
    'proxywrite unix - - n - 1 proxymap',
    'smtp unix - - n - - smtp',
    'relay unix - - n - - smtp',
    'showq unix n - n - - showq',
    'error unix - - n - - error',
    'retry unix - - n - - error',
    'discard unix - - n - - discard',
    'local unix - n n - - local',
    'virtual unix - n n - - virtual',
    'lmtp unix - - n - - lmtp',
    'anvil unix - - n - 1 anvil',
    'scache unix - - n - 1 scache',
    'postlog unix-dgram n - n - 1 postlogd',
    '',
  ].join('\n');

/** A private Postfix: own config_directory and queue_directory under `dir`, loopback only, no chroot. */
export interface Postfix {
  /** Its config_directory (for postconf, postqueue) and queue_directory. */
  etc: string;
  queue: string;
  port: number;
  /** Lets held mail go (drain phase): clears defer_transports, reloads and flushes the queue. */
  release(): Promise<void>;
  stop(): Promise<void>;
}

/** `tls`: PEM files for smtpd's STARTTLS (offered, not required, as the relay does). */
export async function startPostfix(
  dir: string,
  sinkPort: number,
  hold = false,
  tls?: { cert: string; key: string },
): Promise<Postfix> {
  const etc = join(dir, 'etc');
  const data = join(dir, 'data');
  await mkdir(etc, { recursive: true });
  await mkdir(join(dir, 'queue'), { recursive: true });
  await mkdir(data, { recursive: true });
  if (isRoot) {
    const postfixUid = Number((await run('id', ['-u', 'postfix'])).stdout.trim());
    chownSync(data, postfixUid, -1);
  }
  const port = await freePort();
  const main = {
    compatibility_level: '3.6',
    queue_directory: join(dir, 'queue'),
    data_directory: data,
    mail_owner: 'postfix',
    myhostname: 'bench-postfix.test',
    mydestination: '',
    inet_interfaces: '127.0.0.1',
    inet_protocols: 'ipv4',
    mynetworks: '127.0.0.0/8',
    smtpd_relay_restrictions: 'permit_mynetworks, reject',
    relayhost: `[127.0.0.1]:${sinkPort}`,
    local_transport: 'error:local delivery disabled',
    alias_maps: '',
    alias_database: '',
    biff: 'no',
    message_size_limit: '36700160',
    smtpd_forbid_bare_newline: 'reject',
    smtp_tls_security_level: 'may',
    maillog_file_prefixes: dir,
    defer_transports: hold ? 'smtp relay' : '',
    maillog_file: join(dir, 'maillog'),
    ...(tls
      ? { smtpd_tls_security_level: 'may', smtpd_tls_cert_file: tls.cert, smtpd_tls_key_file: tls.key }
      : {}),
  };
  await writeFile(
    join(etc, 'main.cf'),
    `${Object.entries(main)
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n')}\n`,
  );
  await writeFile(join(etc, 'master.cf'), MASTER_CF(port));
  await run('/usr/sbin/postfix', ['-c', etc, 'start']).catch((error: { stderr?: string }) => {
    throw new Error(`postfix did not start (see ${join(dir, 'maillog')}): ${error.stderr ?? error}`);
  });
  return {
    port,
    etc,
    queue: join(dir, 'queue'),
    async release() {
      await run('/usr/sbin/postconf', ['-c', etc, '-e', 'defer_transports=']);
      await run('/usr/sbin/postfix', ['-c', etc, 'reload']);
      await run('/usr/sbin/postqueue', ['-c', etc, '-f']);
    },
    async stop() {
      await run('/usr/sbin/postfix', ['-c', etc, 'stop']).catch(() => {});
    },
  };
}

/** Proportional set size of a process in MB (shared pages divided among their sharers): what it adds. */
export function pssMb(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) / 1024;
  } catch {
    return 0; // gone meanwhile
  }
}

/** The pids of a Postfix instance: its master (queue_directory/pid/master.pid) and the master's children. */
export function postfixPids(postfix: Postfix): number[] {
  const master = Number(readFileSync(join(postfix.queue, 'pid', 'master.pid'), 'utf8').trim());
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === master;
      } catch {
        return false;
      }
    });
  return [master, ...children];
}

/** Total PSS of a Postfix instance's processes now, in MB (one decimal). */
export function postfixPssMb(postfix: Postfix): number {
  const total = postfixPids(postfix).reduce((sum, pid) => sum + pssMb(pid), 0);
  return Math.round(total * 10) / 10;
}
