import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { ConfigError, loadConfig, parseConfig } from '../../gateway/config.ts';
import { baseConfig, TOKEN, tempDir } from './harness.ts';
import { runMain } from './process.ts';

const minimal = {
  listen: {},
  allow: {},
  senders: ['Example.COM.'],
  spool: './var/spool',
  control: { token: TOKEN },
};

function problems(input: unknown): string[] {
  try {
    parseConfig(input, '/etc/relay');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.lines;
  }
  assert.fail('expected a ConfigError');
}

describe('relay configuration', () => {
  it('fills defaults and resolves paths against the file directory', () => {
    const config = parseConfig({ ...minimal, tls: { key: 'k.pem', cert: '/abs/c.pem' } }, '/etc/relay');
    assert.deepEqual(config.listen, { host: '127.0.0.1', port: 2525 });
    assert.deepEqual(config.senders, ['example.com']);
    assert.equal(config.spool, '/etc/relay/var/spool');
    assert.deepEqual(config.tls, { key: '/etc/relay/k.pem', cert: '/abs/c.pem' });
    assert.equal(config.allow.lastGoodFile, '/etc/relay/var/spool/allowlist.json');
    assert.equal(config.maxMessageBytes, 36_700_160);
    assert.equal(config.allowNullSender, false);
    assert.equal(config.reverseLookup, false);
    assert.deepEqual(config.dns, { servers: [], timeoutMs: 3000, tries: 2 });
    assert.deepEqual(config.control, { host: '127.0.0.1', port: 8025, token: TOKEN });
    assert.equal(config.limits.maxClients, 100);
  });

  it('reports one line per problem, naming the key and the value seen, never the token', () => {
    const lines = problems({
      ...minimal,
      listen: { host: 'mail.example.com', port: 70000 },
      allow: { spf: ['_spf.google.com'], cidrs: ['10.0.0.0/33', 'fe80::/10', '::ffff:10.0.0.0/104'] },
      senders: ['ok.example', 'bad domain'],
      maxMessageBytes: '35MB',
      dns: { servers: ['127.0.0.1:5353', 'dns.example:53'] },
      control: { host: '0.0.0.0', token: 'short-secret' },
      colour: 'blue',
    });
    const expected = [
      /^config: listen\.host: must be an IP address .*\(seen: "mail\.example\.com"\)$/,
      /^config: listen\.port: .*\(seen: 70000\)$/,
      /^config: allow\.cidrs\.0: must be an IPv4 or IPv6 range .*\(seen: "10\.0\.0\.0\/33"\)$/,
      /^config: allow\.cidrs\.2: is an IPv6 range that stands for IPv4 addresses .*\(seen: "::ffff:10\.0\.0\.0\/104"\)$/,
      /^config: senders\.1: must be a domain .*\(seen: "bad domain"\)$/,
      /^config: maxMessageBytes: .*\(seen: "35MB"\)$/,
      /^config: dns\.servers\.1: must be an IP address with an optional port.*\(seen: "dns\.example:53"\)$/,
      /^config: control\.host: must be a loopback address .*\(seen: "0\.0\.0\.0"\)$/,
      /^config: control\.token: must be at least 16 characters .*\(seen: \(hidden\)\)$/,
      /^config: colour: unknown key: remove it or check its spelling/,
    ];
    assert.equal(lines.length, expected.length, lines.join('\n'));
    for (const pattern of expected)
      assert.ok(
        lines.some((l) => pattern.test(l)),
        `${pattern}\n${lines.join('\n')}`,
      );
    assert.ok(!lines.join('\n').includes('short-secret'));
  });

  it('checks the tenant binding: no shared Google signing domain, one secret source, the secret hidden', () => {
    const lines = problems({
      ...minimal,
      tenant: {
        dkimDomains: ['example.com', 'gappssmtp.com', 'not a domain'],
        header: { name: 'X Tenant', secret: 'short secret' },
      },
    });
    assert.equal(lines.length, 4, lines.join('\n'));
    assert.match(
      lines[0] ?? '',
      /^config: tenant\.dkimDomains\.1: is a signing domain Google shares .*\(seen: "gappssmtp\.com"\)$/,
    );
    assert.ok(
      lines.some((l) => /^config: tenant\.dkimDomains\.2: must be a domain/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => /^config: tenant\.header\.name: must be a header field name/.test(l)),
      lines.join('\n'),
    );
    assert.match(
      lines[3] ?? '',
      /^config: tenant\.header\.secret: must be at least 16 printable .*\(seen: \(hidden\)\)$/,
    );
    assert.ok(!lines.join('\n').includes('short secret'));
    const both = problems({ ...minimal, tenant: { header: { secret: 'x'.repeat(20), secretFile: 'f' } } });
    assert.deepEqual(both.length, 1);
    assert.match(
      both[0] ?? '',
      /^config: tenant\.header: needs exactly one of secret or secretFile \(seen: \(hidden\)\)$/,
    );
    const ok = parseConfig({ ...minimal, tenant: { header: { secretFile: 'tenant.secret' } } }, '/etc/relay');
    assert.deepEqual(ok.tenant.header, { name: 'X-Gateway-Tenant', secretFile: '/etc/relay/tenant.secret' });
  });

  it('never shows the token when it is written where a section belongs', () => {
    const secret = 'my-very-secret-control-token';
    const lines = problems({ ...minimal, control: secret });
    assert.ok(
      lines.some((l) => l.startsWith('config: control: ')),
      lines.join('\n'),
    );
    assert.ok(!lines.join('\n').includes(secret), lines.join('\n'));
    const listed = problems({ ...minimal, control: [{ token: secret }] });
    assert.ok(!listed.join('\n').includes(secret), listed.join('\n'));
  });

  it('names missing required keys', () => {
    const lines = problems({});
    for (const key of ['listen', 'allow', 'senders', 'spool', 'control']) {
      assert.ok(
        lines.some((l) => l.startsWith(`config: ${key}: is required (seen: nothing)`)),
        lines.join('\n'),
      );
    }
    assert.ok(
      problems({ ...minimal, senders: [] }).some((l) => /senders: needs at least one sender domain/.test(l)),
    );
  });

  it('reports YAML syntax errors and unreadable files with the file name', async (t) => {
    const dir = await tempDir();
    t.after(() => dir.remove());
    const file = join(dir.path, 'bad.yaml');
    await writeFile(file, 'listen: { host: 127.0.0.1\nsenders: [a\n');
    await assert.rejects(loadConfig(file), (e: ConfigError) => {
      assert.match(e.lines[0] ?? '', new RegExp(`^${file}:\\d+:\\d+: YAML syntax error`));
      return true;
    });
    await assert.rejects(
      loadConfig(join(dir.path, 'missing.yaml')),
      /cannot read the configuration file \(ENOENT\)/,
    );
  });

  it('main.ts stops with exit code 2 and one stderr line per problem; the sample config is valid', async (t) => {
    const dir = await tempDir();
    t.after(() => dir.remove());
    const file = join(dir.path, 'relay.yaml');
    await writeFile(
      file,
      'listen: {port: -1}\nallow: {}\nsenders: [example.com]\nspool: ./spool\ncontrol: {token: x}\n',
    );
    const result = await runMain(['--config', file]);
    assert.equal(result.code, 2);
    const lines = result.stderr.trim().split('\n');
    assert.deepEqual(
      lines.map((l) => l.split(': ')[1]),
      ['listen.port', 'control.token'],
    );
    assert.ok(lines.every((l) => l.startsWith(`${file}: `)));
    assert.equal(result.stdout, '');

    const usage = await runMain([]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage: npm run gateway -- --config FILE/);

    const sample = await loadConfig(new URL('../../gateway/sample.yaml', import.meta.url).pathname);
    assert.deepEqual(sample.allow.cidrs, ['127.0.0.1/32', '::1/128']);
  });

  it('main.ts exits 1 with the reason when the SMTP port is taken', async (t) => {
    const dir = await tempDir();
    t.after(() => dir.remove());
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    t.after(() => blocker.close());
    const { port } = blocker.address() as AddressInfo;
    const file = join(dir.path, 'relay.yaml');
    await writeFile(file, stringify(baseConfig('spool', { listen: { host: '127.0.0.1', port } })));
    const result = await runMain(['--config', file]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(`relay failed to start: listen EADDRINUSE.*127\\.0\\.0\\.1:${port}`),
    );
  });

  it('accepts the production example in docs/relay.md as written', async () => {
    const doc = await readFile(new URL('../../docs/relay.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.ok(example, 'docs/relay.md has a YAML example');
    const config = parseConfig(parse(example), '/etc/relay');
    assert.deepEqual(config.allow.spf, ['_spf.google.com']);
    assert.deepEqual(config.senders, ['example.com', '*.example.com']);
  });
});
