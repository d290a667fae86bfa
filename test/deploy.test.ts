// deploy/: the systemd units hold the hardening the operations guide promises, run the built program
// with plain node, and the environment-file examples are what the bot's own validation accepts.
// (`systemd-analyze verify` checks them as systemd reads them, in .ci/run.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { parseConfig } from '../gateway/config.ts';
import { loadStartupConfig } from '../src/startup-config.ts';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** A unit file's [Service] section as key -> values (a key may repeat). */
function service(path: string): Map<string, string[]> {
  const text = read(path);
  const section = text.slice(text.indexOf('[Service]'), text.indexOf('[Install]'));
  const keys = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, key, value] = match as unknown as [string, string, string];
    keys.set(key, [...(keys.get(key) ?? []), value]);
  }
  return keys;
}

/** KEY=value lines of an environment file (comments and blank lines skipped). */
function envFile(path: string): Record<string, string> {
  return Object.fromEntries(
    read(path)
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

const one = (unit: Map<string, string[]>, key: string) => {
  const values = unit.get(key) ?? [];
  assert.equal(values.length, 1, `${key} once: ${values.join(' | ')}`);
  return values[0];
};

describe('deploy/ systemd units', () => {
  for (const [file, user, writable] of [
    ['deploy/gateway-relay.service', 'gateway-relay', '/var/spool/outbound-gateway'],
    ['deploy/gateway-bot.service', 'gateway-bot', '/var/lib/outbound-gateway'],
  ] as const) {
    it(`${file}: a dedicated user, read-only system but one folder, no new privileges, restarts`, () => {
      const unit = service(file);
      assert.equal(one(unit, 'User'), user);
      assert.equal(one(unit, 'Group'), user);
      assert.equal(one(unit, 'NoNewPrivileges'), 'true');
      assert.equal(one(unit, 'ProtectSystem'), 'strict');
      assert.equal(one(unit, 'ReadWritePaths'), writable);
      assert.equal(one(unit, 'Restart'), 'on-failure');
      assert.match(
        one(unit, 'ExecStart') ?? '',
        /^\/usr\/bin\/node \/opt\/outbound-gateway\/dist\/\S+\.js\b/,
      );
      assert.doesNotMatch(one(unit, 'ExecStart') ?? '', /tsx|npm/);
      assert.ok(!unit.has('MemoryDenyWriteExecute'), "V8's JIT needs writable executable memory");
      // The memory figures in docs/operations.md are measured with this young generation (the memory
      // bench reads it from here); the environment file may replace it.
      assert.equal(one(unit, 'Environment'), 'NODE_OPTIONS=--max-semi-space-size=2');
    });
  }

  it('gives the relay CAP_NET_BIND_SERVICE and nothing else, the bot no capability; SIGHUP reloads the relay', () => {
    const relay = service('deploy/gateway-relay.service');
    assert.equal(one(relay, 'AmbientCapabilities'), 'CAP_NET_BIND_SERVICE');
    assert.equal(one(relay, 'CapabilityBoundingSet'), 'CAP_NET_BIND_SERVICE');
    assert.equal(one(relay, 'ExecReload'), '/bin/kill -HUP $MAINPID');
    assert.match(one(relay, 'ExecStart') ?? '', /dist\/gateway\/main\.js --config \$\{RELAY_CONFIG\}$/);
    const bot = service('deploy/gateway-bot.service');
    assert.equal(one(bot, 'CapabilityBoundingSet'), '');
    assert.ok(!bot.has('AmbientCapabilities'));
    assert.match(one(bot, 'ExecStart') ?? '', /dist\/src\/main\.js$/);
    const pkg = JSON.parse(read('package.json')) as { bin: Record<string, string> };
    assert.equal(pkg.bin['gateway-relay'], 'dist/gateway/main.js');
    assert.equal(pkg.bin['gateway-bot'], 'dist/src/main.js');
  });

  it("the bot's environment example passes the bot's start-up validation and keeps its database writable", () => {
    const env = envFile('deploy/bot.env.example');
    assert.doesNotThrow(() => loadStartupConfig(env));
    assert.ok(env.DATABASE?.startsWith('/var/lib/outbound-gateway/'), env.DATABASE);
    assert.equal(env.GATEWAY_MANAGED, undefined, 'under systemd the relay is its own unit');
  });

  it("the relay's environment example names its YAML file; the documented spool is the unit's writable folder", () => {
    assert.equal(envFile('deploy/relay.env.example').RELAY_CONFIG, '/etc/outbound-gateway/relay.yaml');
    const doc = read('docs/relay.md');
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    assert.equal(parseConfig(parse(example), '/etc/outbound-gateway').spool, '/var/spool/outbound-gateway');
  });

  it('creates the users and the folders the units write, owned by those users', () => {
    const users = read('deploy/outbound-gateway.sysusers.conf');
    assert.match(users, /^u gateway-relay /m);
    assert.match(users, /^u gateway-bot /m);
    const dirs = read('deploy/outbound-gateway.tmpfiles.conf');
    assert.match(dirs, /^d \/var\/spool\/outbound-gateway +0750 gateway-relay gateway-relay /m);
    assert.match(dirs, /^d \/var\/lib\/outbound-gateway +0700 gateway-bot +gateway-bot /m);
  });
});
