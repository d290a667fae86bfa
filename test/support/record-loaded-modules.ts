// Preloaded into a child process by tests (`node --import tsx --import <this file> ...`): when the
// process exits, it writes the file of every CommonJS module it loaded to LOADED_MODULES_FILE, one a
// line. The packages the tests look for (mailauth, dns-packet, pg, googleapis, google-auth-library)
// are CommonJS, also when imported from ES modules, so they show up here once loaded.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const file = process.env.LOADED_MODULES_FILE;
if (file) process.on('exit', () => writeFileSync(file, Object.keys(require.cache).join('\n')));

/** The npm packages among the recorded files (scoped ones as "@scope/name"), sorted. */
export function packagesIn(list: string): string[] {
  const names = new Set<string>();
  for (const path of list.split('\n')) {
    const match = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
    if (match?.[1]) names.add(match[1]);
  }
  return [...names].sort();
}
