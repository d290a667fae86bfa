#!/usr/bin/env node
// Runs every bench/*.bench.ts one after another (never in parallel: they measure the machine).
// `npm run bench -- relay` runs only the files whose name contains "relay".
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const filters = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();
let failed = 0;
for (const name of files) {
  console.log(`\n=== bench/${name} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}`], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
if (files.length === 0) console.log('no benchmarks match');
process.exit(failed ? 1 : 0);
