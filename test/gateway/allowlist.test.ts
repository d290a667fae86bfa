// The allowlist from SPF records, resolved against an authoritative DNS server on loopback.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Allowlist } from '../../gateway/allowlist.ts';
import { StatusResponse } from '../../gateway/control-schema.ts';
import { createResolver, txtLookup } from '../../gateway/dns.ts';
import { createLogger } from '../../gateway/log.ts';
import { resolveSpfRanges, SpfError } from '../../gateway/spf.ts';
import { TestDnsServer, type Zone } from '../support/dns-server.ts';
import { control, openSession, startTestRelay, tempDir } from './harness.ts';

const log = createLogger({ level: 'silent' });

/** Google's shape: a root that includes three netblock records. */
function googleLikeZone(): Zone {
  return {
    '_spf.google.test': {
      TXT: [
        'v=spf1 include:_netblocks.google.test include:_netblocks2.google.test include:_netblocks3.google.test ~all',
      ],
    },
    '_netblocks.google.test': {
      TXT: [['v=spf1 ip4:127.0.0.1/32 ip4:192.0.2.0/24 ', 'ip4:198.51.100.0/24 ~all']],
    },
    '_netblocks2.google.test': {
      TXT: ['v=spf1 ip6:2001:db8::/32 ip6:::1/128 -ip4:203.0.113.0/24 a mx ~all'],
    },
    '_netblocks3.google.test': { TXT: ['google-site-verification=abc', 'v=spf1 ip4:172.16.0.0/12 ~all'] },
  };
}

describe('SPF chain resolution', () => {
  let dns: TestDnsServer;
  let lookup: ReturnType<typeof txtLookup>;
  before(async () => {
    dns = await TestDnsServer.start(googleLikeZone());
    lookup = txtLookup(createResolver({ servers: [dns.address], timeoutMs: 500, tries: 1 }));
  });
  after(() => dns.close());

  it('follows include: through every netblock record and keeps only pass-qualified ip4:/ip6: ranges', async () => {
    const result = await resolveSpfRanges('_spf.google.test', lookup);
    assert.deepEqual(result.ranges.sort(), [
      '127.0.0.1/32',
      '172.16.0.0/12',
      '192.0.2.0/24',
      '198.51.100.0/24',
      '2001:db8::/32',
      '::1/128',
    ]);
    assert.deepEqual(result.visited, [
      '_spf.google.test',
      '_netblocks.google.test',
      '_netblocks2.google.test',
      '_netblocks3.google.test',
    ]);
    assert.deepEqual(result.ignored, ['_netblocks2.google.test: a', '_netblocks2.google.test: mx']);
  });

  it('follows redirect= and resolves a shared include only once', async () => {
    dns.set('redirect.test', { TXT: ['v=spf1 redirect=diamond.test'] });
    dns.set('diamond.test', { TXT: ['v=spf1 include:left.test include:right.test -all'] });
    dns.set('left.test', { TXT: ['v=spf1 include:shared.test ip4:10.1.0.0/16 -all'] });
    dns.set('right.test', { TXT: ['v=spf1 include:shared.test -all'] });
    dns.set('shared.test', { TXT: ['v=spf1 ip4:10.2.0.0/16 -all'] });
    const result = await resolveSpfRanges('redirect.test', lookup);
    assert.deepEqual(result.ranges.sort(), ['10.1.0.0/16', '10.2.0.0/16']);
    assert.equal(result.visited.filter((v) => v === 'shared.test').length, 1);
  });

  it('stops at a loop, at the depth limit and at the lookup limit', async () => {
    dns.set('loop-a.test', { TXT: ['v=spf1 ip4:10.0.0.0/8 include:loop-b.test -all'] });
    dns.set('loop-b.test', { TXT: ['v=spf1 include:LOOP-A.test. -all'] });
    await assert.rejects(resolveSpfRanges('loop-a.test', lookup), (e: Error) => {
      assert.ok(e instanceof SpfError);
      assert.match(e.message, /SPF loop: loop-a\.test -> loop-b\.test -> loop-a\.test/);
      return true;
    });

    for (let i = 0; i < 8; i++) dns.set(`deep${i}.test`, { TXT: [`v=spf1 include:deep${i + 1}.test -all`] });
    dns.set('deep8.test', { TXT: ['v=spf1 ip4:10.0.0.0/8 -all'] });
    await assert.rejects(resolveSpfRanges('deep0.test', lookup), /SPF nesting deeper than 5/);
    assert.deepEqual((await resolveSpfRanges('deep4.test', lookup)).ranges, ['10.0.0.0/8']);

    const wide = Array.from({ length: 11 }, (_, i) => `include:wide${i}.test`).join(' ');
    dns.set('wide.test', { TXT: [`v=spf1 ${wide} -all`] });
    for (let i = 0; i < 11; i++) dns.set(`wide${i}.test`, { TXT: [`v=spf1 ip4:10.0.${i}.0/24 -all`] });
    await assert.rejects(resolveSpfRanges('wide.test', lookup), /more than 10 lookups/);
  });

  it('fails the whole resolution on a failed, missing or doubled record', async () => {
    dns.set('broken.test', { TXT: ['v=spf1 ip4:10.0.0.0/8 include:servfail.test -all'] });
    dns.set('servfail.test', { fail: 'servfail' });
    await assert.rejects(
      resolveSpfRanges('broken.test', lookup),
      /TXT lookup of servfail\.test failed: ESERVFAIL/,
    );
    await assert.rejects(
      resolveSpfRanges('missing.test', lookup),
      /TXT lookup of missing\.test failed: ENOTFOUND/,
    );
    dns.set('nospf.test', { TXT: ['hello'] });
    await assert.rejects(resolveSpfRanges('nospf.test', lookup), /no SPF record/);
    dns.set('twice.test', { TXT: ['v=spf1 -all', 'v=spf1 ip4:10.0.0.0/8 -all'] });
    await assert.rejects(resolveSpfRanges('twice.test', lookup), /2 SPF records/);
    dns.set('badrange.test', { TXT: ['v=spf1 ip4:10.0.0.0/33 -all'] });
    await assert.rejects(resolveSpfRanges('badrange.test', lookup), /bad range/);
  });

  it('fails the whole resolution on a range wide enough to let the Internet in', async () => {
    dns.set('open4.test', { TXT: ['v=spf1 ip4:192.0.2.0/24 include:open6.test ip4:0.0.0.0/0 -all'] });
    dns.set('open6.test', { TXT: ['v=spf1 ip6:2001:db8::/32 -all'] });
    await assert.rejects(
      resolveSpfRanges('open4.test', lookup),
      /open4\.test: .*0\.0\.0\.0\/0.* wider than \/8/,
    );
    dns.set('open6.test', { TXT: ['v=spf1 ip6:2000::/3 -all'] });
    dns.set('open4.test', { TXT: ['v=spf1 include:open6.test -all'] });
    await assert.rejects(
      resolveSpfRanges('open4.test', lookup),
      /open6\.test: .*2000::\/3.* wider than \/16/,
    );
    dns.set('wide.test', { TXT: ['v=spf1 ip4:10.0.0.0/8 ip6:2001:db8::/16 -ip4:0.0.0.0/0 -all'] });
    assert.deepEqual((await resolveSpfRanges('wide.test', lookup)).ranges, ['10.0.0.0/8', '2001:db8::/16']);
  });
});

describe('forged SPF answers', () => {
  let dns: TestDnsServer;
  let lookup: ReturnType<typeof txtLookup>;
  before(async () => {
    dns = await TestDnsServer.start({});
    lookup = txtLookup(createResolver({ servers: [dns.address], timeoutMs: 500, tries: 1 }));
  });
  after(() => dns.close());

  it('refuses ip6: ranges that embed IPv4 addresses, and ranges overlapping them', async () => {
    for (const range of [
      '::ffff:0:0/96',
      '::ffff:192.0.2.0/120',
      '::/96',
      '::/64',
      '::/127',
      '64:ff9b::/96',
      '64:ff9b::c000:200/120',
      '64:ff9b:1::/48',
      '2002::/16',
      '2002:c000:200::/40',
    ]) {
      dns.set('forged.test', { TXT: [`v=spf1 ip4:192.0.2.0/24 ip6:${range} -all`] });
      await assert.rejects(
        resolveSpfRanges('forged.test', lookup),
        (e: Error) => e instanceof SpfError && /stand for IPv4/.test(e.message),
        range,
      );
    }
    // Loopback ::1, ordinary ranges, and an embedding range that is not pass-qualified are fine.
    dns.set('forged.test', { TXT: ['v=spf1 ip6:::1 ip6:2001:4860:4000::/36 -ip6:::ffff:0:0/96 -all'] });
    assert.deepEqual((await resolveSpfRanges('forged.test', lookup)).ranges, [
      '::1/128',
      '2001:4860:4000::/36',
    ]);
  });
});

describe('allowlist caps and suspicious growth', () => {
  async function setup(t: { after(fn: () => unknown): void }, zone: Zone, caps = {}) {
    const dns = await TestDnsServer.start(zone);
    const dir = await tempDir();
    t.after(async () => {
      await dns.close();
      await dir.remove();
    });
    const lookup = txtLookup(createResolver({ servers: [dns.address], timeoutMs: 300, tries: 1 }));
    const settings = {
      spf: ['_spf.google.test'],
      cidrs: [],
      refreshSeconds: 3600,
      maxAddresses: 4_194_304,
      maxIpv6Networks: 17_179_869_184,
      lastGoodFile: join(dir.path, 'allowlist.json'),
      ...caps,
    };
    const refused: string[] = [];
    const allowlist = new Allowlist(settings, lookup, log);
    allowlist.onRefused = (reason) => refused.push(reason);
    t.after(() => allowlist.stop());
    return { dns, allowlist, settings, refused };
  }

  it('refuses 256 /8 ranges (more addresses than allow.maxAddresses) and never writes them to disk', async (t) => {
    const eights = Array.from({ length: 256 }, (_, i) => `ip4:${i}.0.0.0/8`);
    const zone: Zone = { '_spf.google.test': { TXT: [['v=spf1 ', ...eights.map((e) => `${e} `), '-all']] } };
    const { allowlist, settings, refused } = await setup(t, zone);
    const status = await allowlist.start();
    assert.equal(status.loaded, false);
    assert.equal(status.heldBack?.reason, 'too-many-addresses');
    assert.equal(status.heldBack?.addresses.ipv4, 2 ** 32);
    assert.match(status.error ?? '', /4294967296 IPv4 addresses.*allow\.maxAddresses \(4194304\)/);
    assert.deepEqual(allowlist.check('198.51.100.1'), { allowed: false, reason: 'not-loaded' });
    assert.deepEqual(refused, ['too-many-addresses']);
    await assert.rejects(readFile(settings.lastGoodFile), { code: 'ENOENT' });
  });

  it('counts IPv6 in /64 networks, overlaps once', async (t) => {
    const zone: Zone = {
      '_spf.google.test': {
        TXT: [
          'v=spf1 ip6:2001:db8::/48 ip6:2001:db8::/56 ip6:2001:db8:1::1 ip4:192.0.2.0/24 ip4:192.0.2.0/25 -all',
        ],
      },
    };
    const { allowlist } = await setup(t, zone, { maxIpv6Networks: 65_537 });
    const status = await allowlist.start();
    assert.deepEqual(status.addresses, { ipv4: 256, ipv6Networks: 65_537 });
    assert.equal(status.source, 'dns');
    const { allowlist: capped } = await setup(t, zone, { maxIpv6Networks: 65_536 });
    const refusedStatus = await capped.start();
    assert.equal(refusedStatus.loaded, false);
    assert.equal(refusedStatus.heldBack?.reason, 'too-many-addresses');
  });

  it('holds back a set more than four times larger than the last good one, keeps the old one in force and on disk, and tries again', async (t) => {
    const { dns, allowlist, settings, refused } = await setup(t, {
      '_spf.google.test': { TXT: ['v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/48 -all'] },
    });
    await allowlist.start();
    const saved = await readFile(settings.lastGoodFile, 'utf8');
    // 256 -> 1280 IPv4 addresses: five times as many.
    dns.set('_spf.google.test', {
      TXT: ['v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.0/22 ip6:2001:db8::/48 -all'],
    });
    const held = await allowlist.refresh();
    assert.equal(held.heldBack?.reason, 'suspicious-growth');
    assert.deepEqual(held.heldBack?.addresses, { ipv4: 1280, ipv6Networks: 65_536 });
    assert.deepEqual(held.addresses, { ipv4: 256, ipv6Networks: 65_536 });
    assert.match(held.error ?? '', /more than 4 times the last good set/);
    assert.deepEqual(allowlist.check('198.51.100.1'), { allowed: false, reason: 'not-allowed' });
    assert.deepEqual(allowlist.check('192.0.2.1'), { allowed: true });
    assert.equal(await readFile(settings.lastGoodFile, 'utf8'), saved);
    // IPv6 growth alone counts too.
    dns.set('_spf.google.test', { TXT: ['v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/45 -all'] });
    assert.equal((await allowlist.refresh()).heldBack?.reason, 'suspicious-growth');
    // Four times is still fine; the next refresh clears the hold-back.
    dns.set('_spf.google.test', {
      TXT: ['v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.0/23 ip6:2001:db8::/48 -all'],
    });
    const grown = await allowlist.refresh();
    assert.equal(grown.heldBack, undefined);
    assert.equal(grown.error, undefined);
    assert.deepEqual(allowlist.check('198.51.100.1'), { allowed: true });
    assert.deepEqual(refused, ['suspicious-growth', 'suspicious-growth']);
  });

  it('ignores a last good file holding a refused set (written by an older version)', async (t) => {
    const { dns, allowlist, settings } = await setup(t, { '_spf.google.test': { fail: 'servfail' } });
    const { writeFile } = await import('node:fs/promises');
    for (const ranges of [['::ffff:0:0/96'], Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`)]) {
      await writeFile(
        settings.lastGoodFile,
        JSON.stringify({ spf: ['_spf.google.test'], ranges, refreshedAt: '2026-01-01T00:00:00Z' }),
      );
      const status = await allowlist.reconfigure({ ...settings, spf: ['_spf.google.test'] });
      assert.equal(status.loaded, false, ranges[0]);
      assert.deepEqual(allowlist.check('203.0.113.9'), { allowed: false, reason: 'not-loaded' });
    }
    void dns;
  });
});

describe('allowlist refresh and last good set', () => {
  it('keeps the last good set when a lookup fails, and never opens or empties it', async (t) => {
    const dns = await TestDnsServer.start(googleLikeZone());
    const dir = await tempDir();
    t.after(async () => {
      await dns.close();
      await dir.remove();
    });
    const lookup = txtLookup(createResolver({ servers: [dns.address], timeoutMs: 300, tries: 1 }));
    const settings = {
      spf: ['_spf.google.test'],
      cidrs: ['10.9.9.9'],
      refreshSeconds: 3600,
      maxAddresses: 4_194_304,
      maxIpv6Networks: 17_179_869_184,
      lastGoodFile: join(dir.path, 'allowlist.json'),
    };
    const allowlist = new Allowlist(settings, lookup, log);
    t.after(() => allowlist.stop());
    const first = await allowlist.start();
    assert.deepEqual(
      { loaded: first.loaded, source: first.source, size: first.size, error: first.error },
      { loaded: true, source: 'dns', size: 7, error: undefined },
    );
    assert.deepEqual(allowlist.check('192.0.2.77'), { allowed: true });
    assert.deepEqual(allowlist.check('::ffff:192.0.2.77'), { allowed: true });
    assert.deepEqual(allowlist.check('10.9.9.9'), { allowed: true });
    assert.deepEqual(allowlist.check('203.0.113.5'), { allowed: false, reason: 'not-allowed' });
    const saved = JSON.parse(await readFile(settings.lastGoodFile, 'utf8'));
    assert.equal(saved.ranges.length, 6);

    for (const fail of ['servfail', 'refused', 'timeout'] as const) {
      dns.set('_netblocks2.google.test', { fail });
      const status = await allowlist.refresh();
      assert.equal(status.source, 'dns');
      assert.equal(status.size, 7, `still the last good set after ${fail}`);
      assert.match(status.error ?? '', /_netblocks2\.google\.test/);
      assert.equal(status.refreshedAt, first.refreshedAt);
      assert.deepEqual(allowlist.check('192.0.2.77'), { allowed: true });
      assert.deepEqual(allowlist.check('203.0.113.5'), { allowed: false, reason: 'not-allowed' });
    }
    // A record that resolves but lists nothing must not empty the set either.
    dns.zone = { '_spf.google.test': { TXT: ['v=spf1 ~all'] } };
    const empty = await allowlist.refresh();
    assert.equal(empty.size, 7);
    assert.match(empty.error ?? '', /no ip4:\/ip6: ranges/);
    assert.deepEqual(JSON.parse(await readFile(settings.lastGoodFile, 'utf8')), saved, 'disk copy untouched');

    dns.zone = googleLikeZone();
    dns.set('_netblocks3.google.test', { TXT: ['v=spf1 ip4:203.0.113.0/24 ~all'] });
    const recovered = await allowlist.refresh();
    assert.equal(recovered.error, undefined);
    assert.deepEqual(allowlist.check('203.0.113.5'), { allowed: true });
    assert.deepEqual(allowlist.check('172.16.0.1'), { allowed: false, reason: 'not-allowed' });
  });
});

describe('allowlist reconfigured while a refresh runs', () => {
  it('resolves the new SPF names, not only the refresh of the old ones', async (t) => {
    const dir = await tempDir();
    t.after(() => dir.remove());
    const records: Record<string, string> = {
      'old.test': 'v=spf1 ip4:198.51.100.0/24 -all',
      'new.test': 'v=spf1 ip4:192.0.2.0/24 -all',
    };
    let gate: Promise<void> | undefined;
    const lookup = async (name: string) => {
      if (name === 'old.test' && gate) await gate;
      const record = records[name];
      if (!record) throw Object.assign(new Error('no such name'), { code: 'ENOTFOUND' });
      return [[record]];
    };
    const settings = {
      spf: ['old.test'],
      cidrs: [],
      refreshSeconds: 3600,
      maxAddresses: 4_194_304,
      maxIpv6Networks: 17_179_869_184,
      lastGoodFile: join(dir.path, 'allowlist.json'),
    };
    const allowlist = new Allowlist(settings, lookup, log);
    t.after(() => allowlist.stop());
    await allowlist.start();
    assert.deepEqual(allowlist.check('198.51.100.7'), { allowed: true });

    let release = () => {};
    gate = new Promise((resolve) => {
      release = resolve;
    });
    const refreshOfOld = allowlist.refresh();
    const reconfigured = allowlist.reconfigure({ ...settings, spf: ['new.test'] });
    // The old refresh ends only after reconfigure has read the (absent) last good file and asked for a
    // refresh of its own; the outcome does not depend on this delay, only whether the race is hit.
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await refreshOfOld;
    const status = await reconfigured;
    assert.deepEqual(
      { loaded: status.loaded, source: status.source, spf: status.spf },
      { loaded: true, source: 'dns', spf: ['new.test'] },
    );
    assert.deepEqual(allowlist.check('192.0.2.7'), { allowed: true });
    assert.deepEqual(allowlist.check('198.51.100.7'), { allowed: false, reason: 'not-allowed' });
  });
});

describe('relay with an SPF allowlist', () => {
  it('refuses all mail with 421 and says why when no set was ever loaded', async (t) => {
    const dns = await TestDnsServer.start({ '_spf.google.test': { fail: 'servfail' } });
    t.after(() => dns.close());
    const relay = await startTestRelay({
      allow: { spf: ['_spf.google.test'], cidrs: ['127.0.0.1/32'] },
      dns: { servers: [dns.address], timeoutMs: 300, tries: 1 },
    });
    t.after(() => relay.stop());
    const { client, greeting } = await openSession(relay.smtpPort);
    client.close();
    assert.match(greeting, /^421 4\.3\.0 Relay not ready: its allowlist of client ranges was never loaded/);
    const status = StatusResponse.parse((await control(relay.controlPort, '/status')).body);
    assert.equal(status.accepting, false);
    assert.deepEqual(
      { loaded: status.allowlist.loaded, source: status.allowlist.source },
      { loaded: false, source: 'none' },
    );
    assert.match(status.allowlist.error ?? '', /ESERVFAIL/);
    assert.equal(status.inbound.rejected['allowlist-not-loaded'], 1);
    assert.ok(relay.logs.some((l) => /no set was ever loaded: refusing all mail/.test(l.msg)));
    assert.match((await control(relay.controlPort, '/metrics')).text, /^relay_allowlist_loaded 0$/m);
  });

  it('allows by SPF ranges, picks up DNS changes on reload, and restarts from the on-disk set when DNS fails', async (t) => {
    const dns = await TestDnsServer.start(googleLikeZone());
    const dir = await tempDir();
    t.after(async () => {
      await dns.close();
      await dir.remove();
    });
    const overrides = {
      allow: { spf: ['_spf.google.test'], cidrs: [] },
      dns: { servers: [dns.address], timeoutMs: 300, tries: 1 },
    };
    const first = await startTestRelay(overrides, { dir: dir.path });
    const greet = async (port: number, localAddress: string) => {
      const { client, greeting } = await openSession(port, { localAddress });
      client.close();
      return greeting;
    };
    try {
      assert.match(await greet(first.smtpPort, '127.0.0.1'), /^220 /);
      assert.match(await greet(first.smtpPort, '127.0.0.2'), /^554 /);
      dns.set('_netblocks3.google.test', { TXT: ['v=spf1 ip4:127.0.0.2/32 ~all'] });
      const reloaded = await control(first.controlPort, '/reload', { method: 'POST' });
      assert.equal(reloaded.status, 409, 'no config file: reload needs one');
      const status = await first.relay.allowlist.refresh();
      assert.equal(status.error, undefined);
      assert.match(await greet(first.smtpPort, '127.0.0.2'), /^220 /);
    } finally {
      await first.relay.stop();
    }

    dns.zone = { '_spf.google.test': { fail: 'timeout' } };
    const second = await startTestRelay(overrides, { dir: dir.path });
    t.after(() => second.stop());
    const status = StatusResponse.parse((await control(second.controlPort, '/status')).body);
    assert.equal(status.allowlist.source, 'disk');
    assert.equal(status.allowlist.loaded, true);
    assert.match(status.allowlist.error ?? '', /ETIMEOUT/);
    assert.equal(status.accepting, true);
    assert.match(await greet(second.smtpPort, '127.0.0.1'), /^220 /);
    assert.match(await greet(second.smtpPort, '127.0.0.2'), /^220 /);
    assert.match(await greet(second.smtpPort, '127.0.0.3'), /^554 /);
  });

  it('keeps refusing an IPv4 client when a forged answer maps all of IPv4, and shows held-back growth in /status and /metrics', async (t) => {
    const dns = await TestDnsServer.start({ '_spf.google.test': { TXT: ['v=spf1 ip4:127.0.0.1/32 -all'] } });
    t.after(() => dns.close());
    const relay = await startTestRelay({
      allow: { spf: ['_spf.google.test'], cidrs: [] },
      dns: { servers: [dns.address], timeoutMs: 300, tries: 1 },
    });
    t.after(() => relay.stop());
    const greet = async (localAddress: string) => {
      const { client, greeting } = await openSession(relay.smtpPort, { localAddress });
      client.close();
      return greeting;
    };
    dns.set('_spf.google.test', { TXT: ['v=spf1 ip4:127.0.0.1/32 ip6:::ffff:0:0/96 -all'] });
    const forged = await relay.relay.allowlist.refresh();
    assert.match(forged.error ?? '', /IPv4-mapped/);
    assert.match(await greet('127.0.0.2'), /^554 5\.7\.1 /);
    assert.match(await greet('127.0.0.1'), /^220 /);

    dns.set('_spf.google.test', { TXT: ['v=spf1 ip4:127.0.0.0/29 -all'] });
    await relay.relay.allowlist.refresh();
    const status = StatusResponse.parse((await control(relay.controlPort, '/status')).body);
    assert.equal(status.allowlist.heldBack?.reason, 'suspicious-growth');
    assert.deepEqual(status.allowlist.addresses, { ipv4: 1, ipv6Networks: 0 });
    const metrics = (await control(relay.controlPort, '/metrics')).text;
    assert.match(metrics, /^relay_allowlist_held_back 1$/m);
    assert.match(metrics, /^relay_allowlist_refresh_refused_total\{reason="suspicious-growth"\} 1$/m);
    assert.match(metrics, /^relay_allowlist_refresh_refused_total\{reason="spf-error"\} 1$/m);
    assert.match(await greet('127.0.0.2'), /^554 /);
  });
});
