// A real rspamd (Debian's rspamd) on loopback for the scan interop test: its normal worker only, on a
// free port, with its database, run and log folders in a temporary directory, DNS pointed nowhere
// (nothing leaves the machine). The first start compiles its regexp cache (about a minute here).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';

/** rspamd's own test pattern: its GTUBE rule answers `reject`. Built from parts. */
export const GTUBE = ['XJS*C4JDBQADN1.NSBN3*2IDNEN*', 'GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X'].join('');

export function findRspamd(): { path: string } | { missing: string } {
  const result = spawnSync('/usr/bin/rspamd', ['--version'], { encoding: 'utf8' });
  if (result.status === 0) return { path: '/usr/bin/rspamd' };
  return { missing: 'rspamd not found (apt-get install rspamd): rspamd scan tests skipped' };
}

export interface TestRspamd {
  url: string;
  stop(): Promise<void>;
}

export async function startRspamd(binary: string, timeoutMs = 170_000): Promise<TestRspamd> {
  const dir = await mkdtemp(join(tmpdir(), 'rspamd-test-'));
  const local = join(dir, 'local');
  await mkdir(join(local, 'local.d'), { recursive: true });
  await mkdir(join(local, 'override.d'), { recursive: true });
  for (const sub of ['db', 'run']) await mkdir(join(dir, sub));
  const port = await freePort();
  await writeFile(
    join(local, 'local.d', 'worker-normal.inc'),
    `bind_socket = "127.0.0.1:${port}";\ncount = 1;\n`,
  );
  for (const worker of ['controller', 'proxy', 'fuzzy'])
    await writeFile(join(local, 'override.d', `worker-${worker}.inc`), 'enabled = false;\n');
  await writeFile(
    join(local, 'local.d', 'options.inc'),
    'dns { nameserver = ["127.0.0.1:1"]; timeout = 0.2s; retransmits = 1; }\n',
  );
  await writeFile(
    join(local, 'local.d', 'logging.inc'),
    `type = "file"; filename = "${join(dir, 'rspamd.log')}"; level = "notice";\n`,
  );
  const user = process.getuid?.() === 0 ? ['-u', 'root', '-g', 'root'] : [];
  const child: ChildProcess = spawn(
    binary,
    [
      '-f',
      ...user,
      `--var=LOCAL_CONFDIR=${local}`,
      `--var=DBDIR=${join(dir, 'db')}`,
      `--var=RUNDIR=${join(dir, 'run')}`,
      `--var=LOGDIR=${dir}`,
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`rspamd exited (${child.exitCode}) at start`);
    }
    const ok = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) })
      .then(async (r) => (await r.text()).startsWith('pong'))
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`rspamd did not answer /ping within ${timeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { url, stop };
}
