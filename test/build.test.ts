// The built program: `npm run build` (tsc) compiles src/ and gateway/ to dist/, and what it gives runs
// with plain node (no tsx, no esbuild): the relay, the bot, the TLS test CLI and the managed relay's
// command. This test builds dist/ itself, as `npm ci` does through `prepare`.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { baseConfig, control, tempDir } from './gateway/harness.ts';
import { startRelayProcess } from './gateway/process.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const run = promisify(execFile);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Runs `node <args>` from the package root with only PATH set; resolves with its exit and output. */
async function node(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c;
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

describe('the built program', () => {
  before(async () => {
    await run(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: ROOT,
      },
    );
  });

  it('compiles every source to JavaScript whose relative imports name .js files', () => {
    const built = files(DIST).filter((f) => f.endsWith('.js'));
    assert.ok(built.includes(join(DIST, 'gateway/main.js')));
    assert.ok(built.includes(join(DIST, 'src/main.js')));
    for (const file of built) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /from '\.{1,2}\/[^']*\.ts'/, `${file} imports a .ts file`);
      assert.doesNotMatch(text, /import\('\.{1,2}\/[^']*\.ts'\)/, `${file} imports a .ts file`);
    }
  });

  it("has bin entries that exist and start with node's shebang, and scripts that run dist/ with plain node", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      scripts: Record<string, string>;
      engines: { node: string };
    };
    assert.deepEqual(Object.keys(pkg.bin).sort(), ['gateway-bot', 'gateway-relay', 'gateway-tls-test']);
    for (const path of Object.values(pkg.bin)) {
      assert.ok(existsSync(join(ROOT, path)), path);
      assert.ok(readFileSync(join(ROOT, path), 'utf8').startsWith('#!/usr/bin/env node\n'), path);
    }
    for (const name of ['start', 'gateway', 'tls-test'])
      assert.match(pkg.scripts[name] ?? '', /^node dist\//);
    assert.equal(pkg.scripts.prepare, 'npm run build');
    assert.equal(pkg.engines.node, '>=20.20');
    assert.equal(readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim(), '24');
  });

  it('the compiled relay runs under plain node, one process, and answers its control API', async (t) => {
    const dir = await tempDir();
    t.after(() => dir.remove());
    const file = join(dir.path, 'relay.yaml');
    await writeFile(file, stringify(baseConfig(join(dir.path, 'spool'), { log: { level: 'info' } })));
    const relay = await startRelayProcess(file, 30_000, [join(DIST, 'gateway/main.js')]);
    t.after(() => relay.kill());
    const cmdline = readFileSync(`/proc/${relay.child.pid}/cmdline`, 'utf8').split('\0');
    assert.ok(!cmdline.some((a) => /tsx/.test(a)), cmdline.join(' '));
    const status = (await control(relay.controlPort, '/status')).body as { version: string };
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(status.version, version, 'package.json is found from dist/');
    relay.child.kill('SIGTERM');
    const [code] = (await once(relay.child, 'exit')) as [number | null];
    assert.equal(code, 0);
  });

  it('the compiled bot and TLS test stop on bad input with their own exit codes', async () => {
    const bot = await node(['dist/src/main.js'], { SLACK_BOT_TOKEN: 'xoxb-x', APPROVERS: 'not-a-user' });
    assert.equal(bot.code, 2, bot.stderr);
    const cli = await node(['dist/src/tls/cli.js']);
    assert.equal(cli.code, 2, cli.stderr);
    assert.match(cli.stderr, /no HOST given/);
  });

  it('the managed relay, started by the compiled bot, is the compiled relay run by plain node', async () => {
    const entry = join(DIST, 'src/ops/relay-entry.js');
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(entry)}); console.log(JSON.stringify([m.relayNodeArgs(), m.PACKAGE_ROOT]))`,
      ],
      { cwd: ROOT },
    );
    const [args, root] = JSON.parse(stdout) as [string[], string];
    assert.deepEqual(args, [join(DIST, 'gateway/main.js')]);
    assert.equal(join(root), join(ROOT));
  });
});
