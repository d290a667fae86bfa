// A real clamd (Debian's clamav-daemon) on loopback for the scan tests, with a signature database
// made here: the EICAR test string as a body signature (.ndb) and its MD5 as a file hash (.hdb).
// Nothing is downloaded. Tests skip with a printed reason when clamd is not installed.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';

/** The EICAR anti-virus test file (68 bytes), built from parts so this file itself is not flagged. */
export const EICAR = Buffer.from(
  ['X5O!P%@AP[4\\PZX54(P^)7CC)7}', '$EICAR-STANDARD-ANTIVIRUS', '-TEST-FILE!$H+H*'].join(''),
  'latin1',
);

export const EICAR_BODY_SIGNATURE = 'Test-Eicar-Body';
export const EICAR_HASH_SIGNATURE = 'Test-Eicar-Hash';

const CLAMD_CANDIDATES = ['/usr/sbin/clamd', '/usr/local/sbin/clamd'];

/** The clamd binary, or why tests cannot run one. */
export function findClamd(): { path: string } | { missing: string } {
  for (const path of CLAMD_CANDIDATES) {
    const result = spawnSync(path, ['--version'], { encoding: 'utf8' });
    if (result.status === 0) return { path };
  }
  return { missing: 'clamd not found (apt-get install clamav-daemon): clamd scan tests skipped' };
}

export interface TestClamd {
  host: string;
  port: number;
  socket: string;
  stop(): Promise<void>;
}

export async function startClamd(binary: string): Promise<TestClamd> {
  const dir = await mkdtemp(join(tmpdir(), 'clamd-test-'));
  const db = join(dir, 'db');
  await mkdir(db);
  await writeFile(join(db, 'test.ndb'), `${EICAR_BODY_SIGNATURE}:0:*:${EICAR.toString('hex')}\n`);
  const md5 = createHash('md5').update(EICAR).digest('hex');
  await writeFile(join(db, 'test.hdb'), `${md5}:${EICAR.length}:${EICAR_HASH_SIGNATURE}\n`);
  const port = await freePort();
  const socket = join(dir, 'clamd.sock');
  const lines = [
    `DatabaseDirectory ${db}`,
    'TCPAddr 127.0.0.1',
    `TCPSocket ${port}`,
    `LocalSocket ${socket}`,
    'Foreground yes',
    `LogFile ${join(dir, 'clamd.log')}`,
    'MaxThreads 4',
    // As root, clamd would switch to the clamav user, which cannot read this folder.
    ...(process.getuid?.() === 0 ? ['User root'] : []),
  ];
  const config = join(dir, 'clamd.conf');
  await writeFile(config, `${lines.join('\n')}\n`);
  const child: ChildProcess = spawn(binary, ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`clamd exited (${child.exitCode}) at start: ${stderr.trim().slice(0, 500)}`);
    }
    if (await pong(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`clamd did not answer PING within 60 s: ${stderr.trim().slice(0, 500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { host: '127.0.0.1', port, socket, stop };
}

function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    let reply = '';
    s.setTimeout(2000, () => s.destroy());
    s.on('connect', () => s.write('zPING\0'));
    s.on('data', (chunk) => {
      reply += String(chunk);
    });
    s.on('error', () => resolve(false));
    s.on('close', () => resolve(reply.startsWith('PONG')));
  });
}
