import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GOOGLE_DEFAULT_OPTIONS } from '../../src/domain/route.ts';
import { ALICE, BOB, CAROL, startSlack, startTestBot, type TestBot } from '../support/slack-bot.ts';
import { TlsTestDouble } from '../support/tls-double.ts';

/** Puts a route into the desired state through the change service (proposed by Alice, approved by Bob). */
async function approvedRoute(bot: TestBot, name: string, host: string) {
  const proposed = await bot.bot.changes.propose(ALICE.id, {
    kind: 'add-route',
    route: { name, host, port: 25, options: { ...GOOGLE_DEFAULT_OPTIONS } },
  });
  assert.ok(proposed.ok);
  const approved = await bot.bot.changes.approve(proposed.request.id, BOB.id, { acknowledgeBounce: false });
  assert.ok(approved.ok);
}

function text(reply: { text: string; blocks?: unknown[] } | undefined): string {
  return `${reply?.text ?? ''}\n${JSON.stringify(reply?.blocks ?? [])}`;
}

describe('/gateway commands', () => {
  let bot: TestBot;
  let tls: TlsTestDouble;

  const cleanups: (() => unknown)[] = [];
  const context = { after: (fn: () => unknown) => cleanups.push(fn) };
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  before(async () => {
    const slack = await startSlack(context);
    tls = new TlsTestDouble().bounce('self-signed.example.net');
    bot = await startTestBot(context, slack, { tls, requesters: [ALICE.id, BOB.id], viewers: [CAROL.id] });
    await approvedRoute(bot, 'relay-1', 'smtp.relay.example.com');
    await approvedRoute(bot, 'relay-2', 'smtp2.relay.example.com');
    await bot.bot.changes.propose(ALICE.id, {
      kind: 'use-route',
      routing: { route: 'relay-1', onwardTls: false },
    });
    const pending = await bot.bot.changes.pending();
    const approved = await bot.bot.changes.approve(pending[0]?.id ?? 0, BOB.id, { acknowledgeBounce: false });
    assert.ok(approved.ok);
  });

  it('help lists every command with an example; no text means help', async () => {
    const { reply } = await bot.command(ALICE, 'help');
    for (const word of [
      'add-route',
      'routes',
      'route NAME',
      'set NAME',
      'remove-route',
      'use-route',
      'test-tls',
      'approvals',
      'audit',
    ]) {
      assert.match(text(reply), new RegExp(word));
    }
    assert.match(text((await bot.command(ALICE, '')).reply), /add-route/);
  });

  it('an unknown subcommand gets a short error pointing at help', async () => {
    const { reply } = await bot.command(ALICE, 'frobnicate now');
    assert.match(reply?.text ?? '', /Unknown subcommand "frobnicate"/);
    assert.match(reply?.text ?? '', /\/gateway help/);
  });

  it('add-route with arguments proposes directly; bad values are named with the usage', async () => {
    const { reply } = await bot.command(
      ALICE,
      'add-route relay-3 <http://mx.relay.example.org|mx.relay.example.org>:587 --mx --no-hostname',
    );
    assert.match(text(reply), /Proposed change #\d+/);
    const message = bot.lastApprovalMessage();
    assert.match(text(message), /relay-3/);
    assert.match(text(message), /mx\.relay\.example\.org:587/);
    assert.match(text(message), /hostname {2}off/);
    const posted = tls.calls.at(-1);
    assert.deepEqual(posted, {
      host: 'mx.relay.example.org',
      port: 587,
      mxLookup: true,
      requireTls: true,
      requireCaSigned: true,
      validateHostname: false,
    });

    const bad = await bot.command(ALICE, 'add-route relay-4 smtp.example.com:465');
    assert.match(bad.reply?.text ?? '', /port 465/);
    assert.match(bad.reply?.text ?? '', /Usage: `\/gateway add-route/);
    const flag = await bot.command(ALICE, 'add-route relay-4 smtp.example.com --fast');
    assert.match(flag.reply?.text ?? '', /unknown flag "--fast"/);
    const missing = await bot.command(ALICE, 'add-route relay-4');
    assert.match(missing.reply?.text ?? '', /missing/);
    const taken = await bot.command(ALICE, 'add-route RELAY-1 other.example.com');
    assert.match(taken.reply?.text ?? '', /already exists/);
  });

  it('routes lists the desired state and the routing setting', async () => {
    const { reply } = await bot.command(BOB, 'routes');
    assert.match(text(reply), /relay-1/);
    assert.match(text(reply), /smtp2\.relay\.example\.com:25/);
    assert.match(text(reply), /outbound mail goes through `relay-1`/);
    assert.match((await bot.command(BOB, 'routes extra')).reply?.text ?? '', /too many arguments/);
  });

  it('route NAME shows one route; an unknown name lists the known ones', async () => {
    const { reply } = await bot.command(BOB, 'route relay-2');
    assert.match(text(reply), /smtp2\.relay\.example\.com/);
    assert.match(text(reply), /approved/);
    const unknown = await bot.command(BOB, 'route nope');
    assert.match(unknown.reply?.text ?? '', /no route named "nope".*relay-1, relay-2/);
  });

  it('set proposes one option with a diff; bad options and values are refused', async () => {
    const { reply } = await bot.command(ALICE, 'set relay-2 ca off');
    assert.match(text(reply), /set ca off on route relay-2/);
    assert.match(text(reply), /ca {8}on -> off/);
    assert.match(text(reply), /hostname {2}on -> off/);
    assert.match(
      (await bot.command(ALICE, 'set relay-2 speed on')).reply?.text ?? '',
      /"speed" is not an option/,
    );
    assert.match(
      (await bot.command(ALICE, 'set relay-2 tls maybe')).reply?.text ?? '',
      /"maybe" must be `on` or `off`/,
    );
    assert.match((await bot.command(ALICE, 'set relay-2 tls on')).reply?.text ?? '', /already on/);
  });

  it('remove-route proposes a removal, but not of the route in use', async () => {
    assert.match(text((await bot.command(ALICE, 'remove-route relay-2')).reply), /remove route relay-2/);
    assert.match(
      (await bot.command(ALICE, 'remove-route relay-1')).reply?.text ?? '',
      /used by the routing setting/,
    );
  });

  it('use-route proposes the routing setting, with optional onward TLS', async () => {
    const { reply } = await bot.command(ALICE, 'use-route relay-2 --onward-tls');
    assert.match(text(reply), /route outbound mail through relay-2 \(onward TLS\)/);
    assert.match(text(reply), /route .*relay-1 -> relay-2/);
    assert.match((await bot.command(ALICE, 'use-route relay-2 --now')).reply?.text ?? '', /unknown flag/);
    assert.match((await bot.command(ALICE, 'use-route ghost')).reply?.text ?? '', /no route named "ghost"/);
  });

  it('test-tls runs the test for a route or a host, with flags', async () => {
    const known = await bot.command(CAROL, 'test-tls relay-1 --no-hostname');
    assert.match(text(known.reply), /mail would be delivered/);
    assert.equal(tls.calls.at(-1)?.validateHostname, false);
    assert.equal(tls.calls.at(-1)?.requireCaSigned, true);
    const host = await bot.command(CAROL, 'test-tls self-signed.example.net:2525');
    assert.match(text(host.reply), /Google would bounce/);
    assert.match(text(host.reply), /trusted CA/);
    assert.deepEqual([tls.calls.at(-1)?.host, tls.calls.at(-1)?.port], ['self-signed.example.net', 2525]);
    assert.match(
      (await bot.command(CAROL, 'test-tls not_a_host')).reply?.text ?? '',
      /neither a known route nor/,
    );
  });

  it('approvals lists what waits; audit shows the trail and checks N', async () => {
    const approvals = await bot.command(BOB, 'approvals');
    assert.match(text(approvals.reply), /Waiting for approval/);
    assert.match(text(approvals.reply), /remove route relay-2/);
    const audit = await bot.command(BOB, 'audit 3');
    assert.equal((text(audit.reply).match(/\*proposed\*|\*approved\*/g) ?? []).length, 3);
    assert.match(
      (await bot.command(BOB, 'audit lots')).reply?.text ?? '',
      /"lots" is not a count from 1 to 50/,
    );
  });

  it('someone who may not propose is told so', async () => {
    const { reply } = await bot.command(CAROL, 'remove-route relay-2');
    assert.match(reply?.text ?? '', /may not propose/);
  });
});
