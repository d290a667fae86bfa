// The use-route console steps include the routing-rule header when the relay requires one (read from
// a real relay process's /status), and never its secret.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ACTION_APPROVE } from '../../../src/slack/blocks/proposal.ts';
import { startRelayProcess } from '../../gateway/process.ts';
import { TestDnsServer } from '../../support/dns-server.ts';
import { ALICE, BOB, blockText, startSlack } from '../../support/slack-bot.ts';
import { waitFor } from '../../support/wait.ts';
import { CONTROL_TOKEN, relayConfig, startOpsBot, writeRelayConfig } from './harness.ts';

const SECRET = 'steps-tenant-secret-0123456789';

describe('use-route console steps and the tenant header', () => {
  it('tell the admin to add the header the relay requires, without its value', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'ops-tenant-steps-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const dns = await TestDnsServer.start({ 'mx.relay.test': { A: ['127.0.0.1'] } });
    t.after(() => dns.close());
    const configFile = await writeRelayConfig(
      dir,
      relayConfig(
        dir,
        { smtp: 0, control: 0 },
        { tenant: { header: { name: 'X-Org-Bound', secret: SECRET } } },
      ),
    );
    const relay = await startRelayProcess(configFile);
    t.after(() => relay.kill());
    const slack = await startSlack(t);
    const { testBot } = await startOpsBot(t, slack, {
      GATEWAY_CONTROL_URL: `http://127.0.0.1:${relay.controlPort}`,
      GATEWAY_CONTROL_TOKEN: CONTROL_TOKEN,
      SENDER_DOMAINS: 'example.com',
      OPS_DNS_SERVERS: dns.address,
    });

    await testBot.command(ALICE, `add-route primary mx.relay.test:${relay.smtpPort}`);
    await testBot.click(BOB, testBot.lastApprovalMessage(), ACTION_APPROVE);
    const addSteps = await waitFor(() => testBot.dms(BOB).at(-1), 'the add-route steps');
    assert.doesNotMatch(blockText(addSteps), /X-Org-Bound/, 'only the routing setting adds the header');
    const added = await waitFor(async () => {
      const [latest] = await testBot.bot.changes.recent(1);
      return latest?.state === 'approved' && latest;
    }, 'the approved add-route');
    assert.ok((await testBot.bot.changes.markApplied(added.id, 'system', { verified: true })).ok);

    await testBot.command(ALICE, 'use-route primary');
    await testBot.click(BOB, testBot.lastApprovalMessage(), ACTION_APPROVE);
    const steps = await waitFor(
      () => testBot.dms(BOB).find((m) => /Modify message/.test(blockText(m))),
      'the use-route steps',
    );
    const text = blockText(steps);
    assert.match(text, /tick \*Add custom headers\*, click \*Add\* and enter the key `X-Org-Bound`/);
    assert.ok(text.indexOf('X-Org-Bound') < text.indexOf('then *Save* at the bottom'), 'before saving');
    assert.ok(!text.includes(SECRET), 'the secret never reaches Slack');
  });
});
