// /gateway diagnose against a real relay process and a DNS server on loopback, with the local Slack
// Web API: a healthy setup passes every check; a broken one shows each failure with its remedy.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { LocalMessage } from '../../../src/console/local-slack/types.ts';
import { GatewayClient } from '../../../src/gateway-client/client.ts';
import { phrase, raw } from '../../../src/i18n/phrase.ts';
import type { AttachOpsOptions } from '../../../src/ops/attach.ts';
import { tlsRunner } from '../../../src/ops/tls-runner.ts';
import { ACTION_APPROVE } from '../../../src/slack/blocks/proposal.ts';
import { sendMail } from '../../gateway/harness.ts';
import { startRelayProcess } from '../../gateway/process.ts';
import { TestDnsServer } from '../../support/dns-server.ts';
import { createTestPki, type Issued, issueCertificate, type TestPki } from '../../support/pki.ts';
import { ALICE, BOB, OPS, startSlack, type TestBot } from '../../support/slack-bot.ts';
import { TestSink } from '../../support/smtp-sink.ts';
import { waitFor } from '../../support/wait.ts';
import { CONTROL_TOKEN, relayConfig, startOpsBot, writeRelayConfig } from './harness.ts';

const MESSAGE = (to: string, headers = '') =>
  `From: a@example.com\r\nTo: ${to}\r\nSubject: hi\r\n${headers}\r\nhello\r\n`;
const TENANT_SECRET = 'diagnose-tenant-secret-0123456789';

interface Setup {
  testBot: TestBot;
  smtpPort: number;
  client: GatewayClient;
}

async function setup(
  t: TestContext,
  options: {
    pki: TestPki;
    cert: { chain: string; leaf: Issued };
    delivery: Record<string, unknown>;
    dns: TestDnsServer;
    tenant?: Record<string, unknown>;
    perUserGateway?: AttachOpsOptions['perUserGateway'];
  },
): Promise<Setup> {
  const dir = await mkdtemp(join(tmpdir(), 'ops-diagnose-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'cert.pem'), options.cert.chain);
  await writeFile(join(dir, 'key.pem'), options.cert.leaf.keyPem);
  const configFile = await writeRelayConfig(
    dir,
    relayConfig(
      dir,
      { smtp: 0, control: 0 },
      {
        tls: { key: join(dir, 'key.pem'), cert: join(dir, 'cert.pem') },
        dns: { servers: [options.dns.address] },
        delivery: { connectionIdleSeconds: 0, timeoutSeconds: 5, ...options.delivery },
        ...(options.tenant ? { tenant: options.tenant } : {}),
      },
    ),
  );
  const relay = await startRelayProcess(configFile);
  t.after(() => relay.kill());
  const slack = await startSlack(t);
  const { testBot } = await startOpsBot(
    t,
    slack,
    {
      GATEWAY_CONTROL_URL: `http://127.0.0.1:${relay.controlPort}`,
      GATEWAY_CONTROL_TOKEN: CONTROL_TOKEN,
      GATEWAY_SMTP: `127.0.0.1:${relay.smtpPort}`,
      SENDER_DOMAINS: 'example.com',
      GATEWAY_OUTBOUND_ADDRESSES: '127.0.0.1',
      OPS_DNS_SERVERS: options.dns.address,
    },
    {
      tls: tlsRunner(
        { dnsServers: [options.dns.address], timeoutMs: 5000 },
        { publicRoots: [options.pki.root.certPem] },
      ),
      ...(options.perUserGateway ? { perUserGateway: options.perUserGateway } : {}),
    },
  );
  // The route as the admins set it up: proposed by one, approved by another, applied and proven live.
  await testBot.command(ALICE, `add-route primary mx.relay.test:${relay.smtpPort}`);
  await testBot.click(BOB, testBot.lastApprovalMessage(), ACTION_APPROVE);
  const change = await waitFor(async () => {
    const [latest] = await testBot.bot.changes.recent(1);
    return latest?.state === 'approved' && latest;
  }, 'the approved change');
  assert.ok((await testBot.bot.changes.markApplied(change.id, 'system', { verified: true })).ok);
  assert.ok((await testBot.bot.changes.markLive(change.id)).ok);
  const client = new GatewayClient({
    name: 'default',
    url: `http://127.0.0.1:${relay.controlPort}`,
    token: CONTROL_TOKEN,
  });
  return { testBot, smtpPort: relay.smtpPort, client };
}

/** Runs /gateway diagnose and returns the channel message once every check has finished. */
async function diagnose(testBot: TestBot, text: string): Promise<LocalMessage> {
  const { reply } = await testBot.command(ALICE, text);
  assert.match(reply?.text ?? '', /diagnose report is posted in this channel/);
  const message = testBot.slack.messages(OPS).find((m) => m.text.startsWith('Diagnose: '));
  assert.ok(message, 'the report is posted in the channel');
  await waitFor(() => !/still running/.test(JSON.stringify(message.blocks)), 'every check to finish', 20_000);
  return message;
}

function checkText(message: LocalMessage, id: string): string {
  const block = message.blocks.find((b) => b.block_id === `check_${id}`) as
    | { text?: { text: string } }
    | undefined;
  assert.ok(block?.text, `check ${id} is in the report`);
  return block.text.text;
}

describe('/gateway diagnose', () => {
  it('passes every check on a healthy setup, filling in one message as checks finish', async (t) => {
    const pki = createTestPki('Public');
    const leaf = pki.leaf(['mx.relay.test']);
    const sink = await TestSink.start();
    t.after(() => sink.close());
    const dns = await TestDnsServer.start({
      'mx.relay.test': { A: ['127.0.0.1'] },
      'good.example': { MX: [{ preference: 10, exchange: 'mx.good.example' }] },
      'mx.good.example': { A: ['127.0.0.1'] },
      'example.com': { TXT: ['v=spf1 ip4:127.0.0.1 include:_spf.google.com ~all'] },
      '_spf.google.com': { TXT: ['v=spf1 ip4:192.0.2.0/24 ~all'] },
    });
    t.after(() => dns.close());
    const { testBot, smtpPort } = await setup(t, {
      pki,
      cert: { chain: pki.chainPem(leaf), leaf },
      delivery: { mode: 'mx', mxPort: sink.port },
      dns,
      tenant: { header: { secret: TENANT_SECRET } },
    });
    const sent = await sendMail({
      port: smtpPort,
      from: 'a@example.com',
      to: ['b@good.example'],
      message: MESSAGE('b@good.example', `X-Gateway-Tenant: ${TENANT_SECRET}\r\n`),
    });
    assert.equal(sent.ok, true, sent.response);
    await sink.waitFor((m) => m.length === 1);

    const report = await diagnose(testBot, 'diagnose primary');
    const ids = ['tls', 'dns', 'relay', 'content', 'rejections', 'deferred', 'dkim', 'spf', 'propagation'];
    for (const id of ids) {
      assert.match(
        checkText(report, id),
        /^:white_check_mark: \*PASS\* .+ _\(\d+(\.\d)? m?s\)_/,
        `${id}: ${checkText(report, id)}`,
      );
    }
    assert.match(report.text, /Diagnose: route "primary": 9 pass, 0 warn, 0 fail/);
    assert.ok(report.edits >= 2, `the message was updated as checks finished (${report.edits} edits)`);
    assert.ok(testBot.slack.callsTo('chat.update').length >= 2);
    assert.match(checkText(report, 'dns'), /mx\.relay\.test resolves to 127\.0\.0\.1/);
    assert.match(checkText(report, 'spf'), /example\.com from 127\.0\.0\.1: pass/);
    assert.match(checkText(report, 'propagation'), /live/);
    assert.match(checkText(report, 'content'), /Scanning and archive[\s\S]*not configured/);
    assert.doesNotMatch(JSON.stringify(report.blocks), /What to do/);
  });

  it('shows a self-signed certificate, deferred mail to one domain and foreign senders, each with its remedy', async (t) => {
    const pki = createTestPki('Public');
    const selfSigned = issueCertificate({ commonName: 'mx.relay.test', altNames: ['mx.relay.test'] });
    const sink = await TestSink.start();
    t.after(() => sink.close());
    const dns = await TestDnsServer.start({
      'mx.relay.test': { A: ['127.0.0.1'] },
      'good.example': { MX: [{ preference: 10, exchange: 'mx.good.example' }] },
      'mx.good.example': { A: ['127.0.0.1'] },
      'bad.example': { MX: [{ preference: 10, exchange: 'mx.bad.example' }] },
      'mx.bad.example': { A: ['127.0.0.2'] },
      'example.com': { TXT: ['v=spf1 ip4:127.0.0.1 ~all'] },
    });
    t.after(() => dns.close());
    const { testBot, smtpPort, client } = await setup(t, {
      pki,
      cert: { chain: selfSigned.certPem, leaf: selfSigned },
      delivery: {
        mode: 'mx',
        mxPort: sink.port,
        retry: { initialSeconds: 3600, maxSeconds: 7200, lifetimeHours: 24 },
      },
      // as src/workspace/setup-check.ts says it when Google says the setting is on for an org unit
      perUserGateway: async () => ({
        ok: false,
        detail: phrase('setupCheck.perUserOn', { units: raw('orgUnits/sales0002') }),
      }),
      dns,
    });
    for (const to of ['u1@bad.example', 'u2@bad.example', 'v@good.example']) {
      const sent = await sendMail({ port: smtpPort, from: 'a@example.com', to: [to], message: MESSAGE(to) });
      assert.equal(sent.ok, true, sent.response);
    }
    const foreign = await sendMail({
      port: smtpPort,
      from: 'x@foreign.example',
      to: ['v@good.example'],
      message: MESSAGE('v@good.example'),
    });
    assert.equal(foreign.ok, false);
    await sink.waitFor((m) => m.length === 1);
    await waitFor(
      async () => ((await client.queue()).deferred ?? []).reduce((n, g) => n + g.messages, 0) === 2,
      'two deferred messages',
      20_000,
    );

    const report = await diagnose(testBot, 'diagnose primary');
    const tls = checkText(report, 'tls');
    assert.match(tls, /^:x: \*FAIL\* TLS test of route "primary"/);
    assert.match(
      tls,
      /What to do:\*\s+1\. Install on mx\.relay\.test a certificate from a publicly trusted CA/,
    );
    assert.match(tls, /\n2\. /);
    const deferred = checkText(report, 'deferred');
    assert.match(deferred, /^:x: \*FAIL\* Deferred mail by destination/);
    assert.match(deferred, /2 messages deferred to bad\.example/);
    assert.doesNotMatch(deferred, /good\.example/);
    assert.match(
      deferred,
      /What to do:\*\s+1\. bad\.example: the relay cannot connect: check outbound port 25[\s\S]*\n2\. when fixed, `\/gateway relay flush`/,
    );
    const rejections = checkText(report, 'rejections');
    assert.match(rejections, /^:x: \*FAIL\* Refusals by reason/);
    assert.match(rejections, /1 × sender domain not accepted by the relay \(sender-domain\)/);
    assert.match(rejections, /What to do:\* if the domain is yours, add it to `senders`/);
    for (const id of ['dns', 'dkim', 'spf', 'propagation']) {
      assert.match(checkText(report, id), /^:white_check_mark: \*PASS\*/, `${id} still passes`);
    }
    // No tenant binding in this relay's configuration: the relay check says so, with the remedy.
    const relay = checkText(report, 'relay');
    assert.match(relay, /^:warning: \*WARN\* Relay reachability and health/);
    assert.match(relay, /mail bound only by sender domain \(no tenant binding\)/);
    assert.match(relay, /set `tenant\.dkimDomains` and\/or `tenant\.header`/);
    const bypass = checkText(report, 'bypass');
    assert.match(bypass, /^:warning: \*WARN\* Mail that bypasses the gateway/);
    assert.match(bypass, /on for orgUnits\/sales0002/);
    assert.match(report.text, /5 pass, 2 warn, 3 fail/);
  });
});
