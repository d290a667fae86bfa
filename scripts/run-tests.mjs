#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's test runner (Node 20's --test does not expand globs itself).
// `npm test -- relay` runs only the files whose path contains "relay".
// Files named *.interop.test.ts need Debian tools or servers (swaks, Postfix, openssl, ...): they run
// only with `--interop` (`npm run test:interop`, which .ci/run calls after installing them), so that
// `npm test` passes on a machine with nothing but Node and npm.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function list(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return list(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const args = process.argv.slice(2);
const interop = args.includes('--interop');
const filters = args.filter((arg) => arg !== '--interop');
const files = list('test')
  .filter((file) => file.endsWith('.interop.test.ts') === interop)
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ') || 'test/**/*.test.ts'}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-concurrency=2',
    '--test-timeout=180000',
    ...files,
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
