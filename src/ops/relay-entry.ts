// How to start the relay from here: when the bot runs compiled (dist/, production), the relay's
// compiled JavaScript with plain node; when it runs from its TypeScript sources (tests, `npm run dev`),
// the relay's source through tsx. One process either way: node itself, no wrapper.
import { fileURLToPath } from 'node:url';

/** True when this module is the compiled JavaScript in dist/. */
export const COMPILED = import.meta.url.endsWith('.js');

/** The package's root folder (where package.json is), from the sources or from dist/. */
export const PACKAGE_ROOT = fileURLToPath(new URL(COMPILED ? '../../../' : '../../', import.meta.url));

/** node's arguments before the relay's own: the entry point, through tsx for the sources. */
export function relayNodeArgs(): string[] {
  return COMPILED
    ? [fileURLToPath(new URL('../../gateway/main.js', import.meta.url))]
    : ['--import', 'tsx', fileURLToPath(new URL('../../gateway/main.ts', import.meta.url))];
}
