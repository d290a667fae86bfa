// What the relay loads at start: mailauth (about 20 MB once loaded) only when a DKIM signature is first
// made or checked, dns-packet only when DANE first asks a question, even with tenant DKIM and DANE
// configured. The relay runs as a process; a preload records the CommonJS modules it loaded.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { packagesIn } from '../support/record-loaded-modules.ts';
import { baseConfig, tempDir } from './harness.ts';
import { startRelayProcess } from './process.ts';

const PRELOAD = fileURLToPath(new URL('../support/record-loaded-modules.ts', import.meta.url));
const MAIN = fileURLToPath(new URL('../../gateway/main.ts', import.meta.url));

describe('modules the relay loads at start', () => {
  it('loads neither mailauth nor dns-packet before a DKIM check or a DANE question, with both configured', async () => {
    const dir = await tempDir('lazy-modules-');
    try {
      const configPath = join(dir.path, 'relay.yaml');
      const listFile = join(dir.path, 'loaded.txt');
      await writeFile(
        configPath,
        stringify(
          baseConfig(join(dir.path, 'spool'), {
            log: { level: 'info' }, // the listening line is what startRelayProcess waits for
            tenant: { dkimDomains: ['example.com'] },
            // DANE is on when dns.servers names resolvers; nothing listens there, nothing is asked.
            dns: { servers: ['127.0.0.1:9'] },
            delivery: { mode: 'mx', dane: true },
          }),
        ),
      );
      const relay = await startRelayProcess(
        configPath,
        30_000,
        ['--import', 'tsx', '--import', PRELOAD, MAIN],
        { ...process.env, LOADED_MODULES_FILE: listFile },
      );
      const exited = once(relay.child, 'exit');
      relay.child.kill('SIGTERM');
      await exited;
      const loaded = packagesIn(await readFile(listFile, 'utf8'));
      assert.ok(loaded.includes('prom-client'), `the list is read (prom-client loads at start): ${loaded}`);
      assert.ok(!loaded.includes('mailauth'), `mailauth loaded at start: ${loaded}`);
      assert.ok(!loaded.includes('dns-packet'), `dns-packet loaded at start: ${loaded}`);
    } finally {
      await dir.remove();
    }
  });
});
