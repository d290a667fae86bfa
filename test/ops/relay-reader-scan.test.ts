// The bot reads the relay's scan and archive sections from a real relay (scripted clamd peer down,
// archive directory), and a relay sending a malformed section is still read.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ArchiveExtension } from '../../gateway/archive/extension.ts';
import { GatewayClient } from '../../src/gateway-client/client.ts';
import { readRelay } from '../../src/ops/relay-reader.ts';
import { startTestRelay, TOKEN, tempDir } from '../gateway/harness.ts';
import { freePort } from '../support/ports.ts';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('relay reader: scan and archive', () => {
  it('maps scanner health and the archive counts into the snapshot', async () => {
    const dir = await tempDir('reader-scan-');
    cleanups.push(() => dir.remove());
    const relay = await startTestRelay(
      {
        scan: { clamd: { host: '127.0.0.1', port: await freePort() }, timeoutMs: 500 },
        archive: { dir: `${dir.path}/archive` },
      },
      { extensions: [new ArchiveExtension()] },
    );
    cleanups.push(() => relay.stop());
    const client = new GatewayClient({
      name: 'r1',
      url: `http://127.0.0.1:${relay.controlPort}`,
      token: TOKEN,
    });
    const snapshot = await readRelay(client, Date.now());
    assert.equal(snapshot.reachable, true, snapshot.error);
    assert.equal(snapshot.scan?.scanners[0]?.name, 'clamd');
    assert.equal(snapshot.scan?.scanners[0]?.ok, false);
    assert.match(snapshot.scan?.scanners[0]?.error ?? '', /ECONNREFUSED/);
    assert.deepEqual(snapshot.archive, {
      destination: `dir:${dir.path}/archive`,
      archived: 0,
      pending: 0,
      failing: 0,
      alert: false,
    });
  });
});
