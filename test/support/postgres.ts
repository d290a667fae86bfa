// A throwaway PostgreSQL server for tests and benchmarks: initdb in a temp dir (as the `postgres` user
// when running as root, since initdb refuses root), listening on a free loopback port and a socket in
// that dir, stopped and removed afterwards. When PostgreSQL is not installed or does not start, the
// caller gets the reason instead, prints it and skips the PostgreSQL half.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports.ts';

export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** A new, empty database on this server; its URL. */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

export type PostgresStart = { ok: true; server: TestPostgres } | { ok: false; reason: string };

/** The directory of initdb and pg_ctl: PG_BIN, or the newest /usr/lib/postgresql/N/bin. */
function binDir(): string | undefined {
  if (process.env.PG_BIN)
    return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = join(root, version, 'bin');
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  return undefined;
}

/** Runs a PostgreSQL tool; as root, as the `postgres` user (initdb and postgres refuse root). */
function run(asUser: string | undefined, command: string, args: string[]): { ok: boolean; output: string } {
  const [file, argv] = asUser ? ['runuser', ['-u', asUser, '--', command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8', timeout: 60_000 });
  return {
    ok: result.status === 0,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim(),
  };
}

function postgresUser(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

export async function startPostgres(): Promise<PostgresStart> {
  const bin = binDir();
  if (!bin) return { ok: false, reason: 'initdb not found (install the Debian package "postgresql")' };
  const root = process.getuid?.() === 0;
  const owner = root ? postgresUser() : undefined;
  if (root && !owner)
    return { ok: false, reason: 'running as root and there is no "postgres" user for initdb' };
  const dir = mkdtempSync(join(tmpdir(), 'pg-test-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const asUser = root ? 'postgres' : undefined;
  const data = join(dir, 'data');
  const init = run(asUser, join(bin, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
    '--no-locale',
  ]);
  if (!init.ok) {
    cleanup();
    return { ok: false, reason: `initdb failed: ${init.output.split('\n').slice(-3).join(' ')}` };
  }
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off -c max_connections=200`;
  const log = join(dir, 'server.log');
  const started = run(asUser, join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-o',
    options,
    '-l',
    log,
    '-w',
    '-t',
    '60',
    'start',
  ]);
  if (!started.ok) {
    const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-3).join(' ') : '';
    cleanup();
    return { ok: false, reason: `the server did not start: ${started.output} ${tail}`.trim() };
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let databases = 0;
  let stopped = false;
  return {
    ok: true,
    server: {
      url,
      port,
      async newDatabase() {
        const name = `test_${++databases}`;
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        run(asUser, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
        cleanup();
      },
    },
  };
}

/** Starts a server for a suite, or prints why the PostgreSQL half did not run. */
export async function postgresForSuite(what: string): Promise<TestPostgres | undefined> {
  const start = await startPostgres();
  if (start.ok) return start.server;
  console.log(`PostgreSQL tests did not run (${what}): ${start.reason}`);
  return undefined;
}
