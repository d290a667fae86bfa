// Who may look (VIEWERS, VIEWER_GROUP, requesters, approvers) and where test-tls and diagnose may
// reach (public addresses and configured routes, unless ALLOW_PRIVATE_TARGETS), through the real
// HTTP receiver with signed requests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LocalUser } from '../../src/console/local-slack/types.ts';
import { GOOGLE_DEFAULT_OPTIONS } from '../../src/domain/route.ts';
import { TestDnsServer } from '../support/dns-server.ts';
import { freePort } from '../support/ports.ts';
import {
  ALICE,
  BOB,
  CAROL,
  type Cleanup,
  startSlack,
  startTestBot,
  type TestBot,
} from '../support/slack-bot.ts';
import { TlsTestDouble } from '../support/tls-double.ts';
import { CONTROL_TOKEN, startOpsBot } from './ops/harness.ts';

const EVE: LocalUser = { id: 'U0EVE', name: 'eve', realName: 'Eve Viewer', email: 'eve@example.com' };
const MALLORY: LocalUser = { id: 'U0MALLORY', name: 'mallory', realName: 'Mallory', email: 'm@example.com' };

/** A route in the desired state: proposed by one person, approved by another. */
async function addRoute(bot: TestBot, name: string, host: string, by: [LocalUser, LocalUser]) {
  const proposed = await bot.bot.changes.propose(by[0].id, {
    kind: 'add-route',
    route: { name, host, port: 25, options: { ...GOOGLE_DEFAULT_OPTIONS } },
  });
  assert.ok(proposed.ok);
  const approved = await bot.bot.changes.approve(proposed.request.id, by[1].id, { acknowledgeBounce: false });
  assert.ok(approved.ok);
}

const replyText = (reply: { text: string; blocks?: unknown[] } | undefined) =>
  `${reply?.text ?? ''}\n${JSON.stringify(reply?.blocks ?? [])}`;

describe('read-only commands: VIEWERS, VIEWER_GROUP, requesters and approvers', () => {
  const cleanups: (() => unknown)[] = [];
  const scope: Cleanup = { after: (fn) => cleanups.push(fn) };
  let bot: TestBot;
  let tls: TlsTestDouble;
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  before(async () => {
    const slack = await startSlack(scope);
    slack.addUser(EVE);
    slack.addUser(MALLORY);
    tls = new TlsTestDouble();
    // Alice approves, Bob requests, Carol is in the viewer group S0ADMINS, Eve is a listed viewer.
    const dead = await freePort();
    ({ testBot: bot } = await startOpsBot(
      scope as never,
      slack,
      { GATEWAY_CONTROL_URL: `http://127.0.0.1:${dead}`, GATEWAY_CONTROL_TOKEN: CONTROL_TOKEN },
      {
        bot: {
          tls,
          approvers: [ALICE.id],
          requesters: [BOB.id],
          viewers: [EVE.id],
          viewerGroup: 'S0ADMINS',
          allowPrivateTargets: true,
        },
      },
    ));
    await addRoute(bot, 'relay-1', 'smtp.relay.example.com', [BOB, ALICE]);
  });

  const READ_ONLY = [
    'routes',
    'route relay-1',
    'test-tls relay-1',
    'approvals',
    'audit',
    'relay status',
    'relay queue',
    'diagnose relay-1',
  ];

  it('refuses everyone else privately, naming who may, before doing anything', async () => {
    const testsBefore = tls.calls.length;
    for (const command of READ_ONLY) {
      const { reply, responseUrl } = await bot.command(MALLORY, command);
      const text = reply?.text ?? '';
      assert.match(text, /may not look at the gateway/, command);
      assert.match(text, /`VIEWERS` or `VIEWER_GROUP`/, command);
      // who may: the listed people and the group
      for (const id of [ALICE.id, BOB.id, EVE.id]) assert.ok(text.includes(`<@${id}>`), `${command}: ${id}`);
      assert.ok(text.includes('<!subteam^S0ADMINS>'), command);
      assert.equal(bot.slack.responses(responseUrl)[0]?.response_type, 'ephemeral', command);
    }
    assert.equal(tls.calls.length, testsBefore, 'no TLS test ran for a refused member');
    // nothing was posted in a channel for the refused member (no diagnose report)
    assert.equal(bot.slack.messages('C0OPS').length, 0);
  });

  it('lets viewers, the viewer group, requesters and approvers run them', async () => {
    for (const user of [EVE, CAROL, BOB, ALICE]) {
      for (const command of ['routes', 'test-tls relay-1', 'relay status', 'approvals']) {
        const { reply } = await bot.command(user, command);
        assert.doesNotMatch(replyText(reply), /may not look/, `${user.name}: ${command}`);
      }
    }
    assert.match(replyText((await bot.command(EVE, 'routes')).reply), /relay-1/);
  });

  it('viewers may look but not act', async () => {
    const pause = await bot.command(EVE, 'relay pause');
    assert.match(pause.reply?.text ?? '', /may not propose/);
    const add = await bot.command(EVE, 'add-route r2 smtp2.relay.example.com');
    assert.match(add.reply?.text ?? '', /may not propose/);
  });
});

describe('test-tls and diagnose reach only public addresses and configured routes', () => {
  let dns: TestDnsServer;
  after(() => dns.close());
  before(async () => {
    dns = await TestDnsServer.start({
      'inside.corp.test': { A: ['10.1.2.3'] },
      'loop.corp.test': { A: ['127.0.0.1'], AAAA: ['::1'] },
      'mixed.corp.test': { A: ['203.0.113.5', '8.8.8.8'] },
      'v6.corp.test': { AAAA: ['fd00::25'] },
      'mx-inside.corp.test': { MX: [{ exchange: 'inside.corp.test', preference: 10 }] },
      'public.mail.test': { A: ['8.8.4.4'] },
    });
  });

  it('refuses private targets, names why, and never connects', async (t) => {
    const slack = await startSlack(t);
    const tls = new TlsTestDouble();
    const { testBot: bot } = await startOpsBot(
      t,
      slack,
      {
        GATEWAY_CONTROL_URL: `http://127.0.0.1:${await freePort()}`,
        GATEWAY_CONTROL_TOKEN: CONTROL_TOKEN,
        OPS_DNS_SERVERS: dns.address,
      },
      { bot: { tls, dnsServers: [dns.address] } },
    );
    await addRoute(bot, 'local', '127.0.0.1', [ALICE, BOB]);
    const preflights = tls.calls.length; // the proposal's own pre-flight
    const refusals: Record<string, RegExp> = {
      'test-tls 127.0.0.1:2525': /127\.0\.0\.1 is not a public address \(loopback\)/,
      'test-tls 10.0.0.8': /RFC 1918/,
      'test-tls 169.254.169.254:25': /link-local/,
      'test-tls 100.64.1.1': /carrier-grade NAT/,
      'test-tls [fd00::1]:587': /unique-local/,
      'test-tls 224.0.0.1': /multicast/,
      'test-tls 192.0.2.10': /documentation/,
      'test-tls relay.localhost:25': /relay\.localhost is not a public address \(loopback\)/,
      'test-tls inside.corp.test':
        /inside\.corp\.test resolves to 10\.1\.2\.3, which is not a public address/,
      'test-tls loop.corp.test:587': /resolves to (127\.0\.0\.1|::1)/,
      'test-tls v6.corp.test': /unique-local/,
      'test-tls mixed.corp.test': /203\.0\.113\.5.*documentation/,
      'test-tls mx-inside.corp.test --mx': /10\.1\.2\.3/,
      'diagnose 10.9.8.7': /RFC 1918/,
      'diagnose inside.corp.test': /10\.1\.2\.3/,
    };
    for (const [command, why] of Object.entries(refusals)) {
      const text = (await bot.command(ALICE, command)).reply?.text ?? '';
      assert.match(text, why, command);
      assert.match(text, /ALLOW_PRIVATE_TARGETS/, command);
    }
    assert.equal(tls.calls.length, preflights, 'no TLS test ran for a refused target');
    assert.equal(slack.messages('C0OPS').length, 0, 'no diagnose report for a refused target');

    // A configured route is tested wherever it points; public targets are tested.
    assert.match(replyText((await bot.command(ALICE, 'test-tls local')).reply), /mail would be delivered/);
    assert.match(
      replyText((await bot.command(ALICE, 'test-tls 127.0.0.1')).reply),
      /mail would be delivered/,
    );
    assert.match(
      replyText((await bot.command(ALICE, 'test-tls public.mail.test')).reply),
      /mail would be delivered/,
    );
    assert.match(
      replyText((await bot.command(ALICE, 'test-tls 8.8.8.8:587')).reply),
      /mail would be delivered/,
    );
    assert.deepEqual(
      tls.calls.slice(preflights).map((c) => c.host),
      ['127.0.0.1', '127.0.0.1', 'public.mail.test', '8.8.8.8'],
    );
  });

  it('ALLOW_PRIVATE_TARGETS=true lifts the refusal', async (t) => {
    const slack = await startSlack(t);
    const tls = new TlsTestDouble();
    const bot = await startTestBot(t, slack, { tls, allowPrivateTargets: true, dnsServers: [dns.address] });
    for (const target of ['127.0.0.1:2525', '10.0.0.8', 'inside.corp.test']) {
      assert.match(
        replyText((await bot.command(ALICE, `test-tls ${target}`)).reply),
        /mail would be delivered/,
      );
    }
    assert.equal(tls.calls.length, 3);
  });
});
