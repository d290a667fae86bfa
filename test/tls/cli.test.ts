// The CLI as a person runs it: a child process, its exit status, its output.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { localeFromEnv, parseCliArgs } from '../../src/tls/cli-args.ts';
import type { TlsTestResult, TlsTexts } from '../../src/tls/index.ts';
import { TestDnsServer } from '../support/dns-server.ts';
import { createTestPki, issueCertificate, type TestPki } from '../support/pki.ts';
import { serverFor } from './fixtures.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI in an English environment unless `env` says otherwise. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/tls/cli.ts', ...args],
      { timeout: 60_000, env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm run tls-test', () => {
  let pki: TestPki;
  let dns: TestDnsServer;
  let dir: string;
  let rootFile: string;
  before(async () => {
    pki = createTestPki('Cli');
    dns = await TestDnsServer.start({ 'mail.test.example': { A: ['127.0.0.1'] } });
    dir = mkdtempSync(join(tmpdir(), 'tls-cli-'));
    rootFile = join(dir, 'root.pem');
    writeFileSync(rootFile, pki.root.certPem);
  });
  after(async () => {
    await dns.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exit 0 and JSON when mail would be delivered', async (t) => {
    const leaf = pki.leaf(['mail.test.example']);
    const server = await serverFor(t, { certChainPem: pki.chainPem(leaf), keyPem: leaf.keyPem });
    const run = await cli([
      'mail.test.example',
      '--port',
      String(server.port),
      '--dns',
      dns.address,
      '--ca',
      rootFile,
      '--no-ca',
      '--json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as TlsTestResult;
    assert.equal(result.verdict, 'deliver');
    assert.equal(result.route.host, 'mail.test.example');
    assert.equal(result.route.requireCaSigned, false);
    assert.equal(result.targets[0]?.certificate?.withExtraCa?.verified, true);
    assert.equal(result.targets[0]?.certificate?.publicRoots.verified, false);
    assert.ok(!Number.isNaN(Date.parse(result.testedAt)));
  });

  it('exit 1 and a readable report when mail would bounce', async (t) => {
    const self = issueCertificate({ commonName: 'mail.test.example', altNames: ['127.0.0.1'] });
    const server = await serverFor(t, { certChainPem: self.certPem, keyPem: self.keyPem });
    const run = await cli(['127.0.0.1', '--port', String(server.port), '--timeout', '5000']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stdout,
      /^BOUNCE: Mail to 127\.0\.0\.1 port \d+ would bounce: the certificate is self-signed/,
    );
    assert.match(run.stdout, /What to do \(in this order\):\n {2}1\. Install on 127\.0\.0\.1 a certificate/);
    assert.match(run.stdout, /SHA-256 {2}[0-9A-F:]{95}/);
  });

  it('exit 2 with one clear line per bad value', async () => {
    const cases: [string[], RegExp][] = [
      [[''], /the host is empty/],
      [['mail.test.example', '--port', '465'], /port 465 \(SMTPS\) is not allowed by Google/],
      [['mail.test.example', '--port', '70000'], /port 70000 is not allowed/],
      [['mail test.example'], /host "mail test.example" contains white space/],
      [
        ['mail.test.example', '--timeout', 'soon', '--dns', 'dns.example'],
        /--timeout "soon" is not valid[\s\S]*--dns "dns.example" is not an IP/,
      ],
      [
        ['mail.test.example', '--ca', join(tmpdir(), 'no-such-ca.pem')],
        /--ca ".*no-such-ca.pem" cannot be read \(ENOENT\)/,
      ],
      [['mail.test.example', '--mx', '--bogus'], /Unknown option '--bogus'/],
      [['192.0.2.1', '--mx'], /MX lookup needs a domain name/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(args)));
    for (const [index, [args, message]] of cases.entries()) {
      const run = runs[index];
      assert.equal(run?.code, 2, `${args.join(' ')}: ${run?.stdout}`);
      assert.match(run?.stderr ?? '', message, args.join(' '));
      assert.equal(run?.stdout, '');
    }
  });

  it('answers in the language of --lang, else of LC_ALL, LC_MESSAGES or LANG', async (t) => {
    const self = issueCertificate({ commonName: 'mail.test.example', altNames: ['127.0.0.1'] });
    const server = await serverFor(t, { certChainPem: self.certPem, keyPem: self.keyPem });
    const args = ['127.0.0.1', '--port', String(server.port), '--timeout', '5000'];
    const [ja, en, fromLang, overridden, enOverJa] = await Promise.all([
      cli([...args, '--lang', 'ja']),
      cli([...args, '--lang=en'], { LANG: 'ja_JP.UTF-8' }),
      cli(args, { LANG: 'ja_JP.UTF-8' }),
      cli(args, { LANG: 'ja_JP.UTF-8', LC_ALL: 'C' }),
      cli(args, { LANG: 'en_US.UTF-8', LC_MESSAGES: 'ja_JP.UTF-8' }),
    ]);
    for (const run of [ja, fromLang, enOverJa]) {
      assert.equal(run?.code, 1, run?.stderr);
      assert.match(
        run?.stdout ?? '',
        /^返送: 127\.0\.0\.1 のポート \d+ へのメールは返送されます: 証明書が自己署名です/,
      );
      assert.match(run?.stdout ?? '', /「証明書を検証できませんでした」/);
      assert.match(
        run?.stdout ?? '',
        /対処方法 \(この順に\):\n {2}1\. 127\.0\.0\.1 に、127\.0\.0\.1 を名前に含む/,
      );
      assert.match(run?.stdout ?? '', /\[CA 署名済み証明書を使用する\]/);
      assert.doesNotMatch(run?.stdout ?? '', /would bounce|What to do|Last resort/);
    }
    for (const run of [en, overridden]) {
      assert.equal(run?.code, 1, run?.stderr);
      assert.match(
        run?.stdout ?? '',
        /^BOUNCE: Mail to 127\.0\.0\.1 port \d+ would bounce: the certificate is self-signed/,
      );
      assert.match(run?.stdout ?? '', /\[Require CA signed certificate\]/);
      assert.doesNotMatch(run?.stdout ?? '', /返送/);
    }
  });

  it('JSON carries the same codes in both languages, and the text in the chosen one', async (t) => {
    const self = issueCertificate({ commonName: 'mail.test.example', altNames: ['127.0.0.1'] });
    const server = await serverFor(t, { certChainPem: self.certPem, keyPem: self.keyPem });
    const args = ['127.0.0.1', '--port', String(server.port), '--timeout', '5000', '--json'];
    const runs = await Promise.all([cli([...args, '--lang', 'ja']), cli([...args, '--lang', 'en'])]);
    const [ja, en] = runs.map((run) => {
      assert.equal(run.code, 1, run.stderr);
      return JSON.parse(run.stdout) as TlsTestResult & { text: TlsTexts & { report: string } };
    });
    if (!ja || !en) throw new Error('no output');
    const codes = (r: TlsTestResult) => ({
      summary: r.summary,
      causes: r.causes.map((c) => [c.option, c.message, c.headline]),
      remedies: r.remedies,
      warnings: r.warnings,
      options: r.options,
    });
    assert.deepEqual(codes(ja), codes(en));
    assert.equal(ja.summary.code, 'summary.certificate');
    assert.deepEqual(
      ja.causes.map((c) => c.option),
      ['requireCaSigned'],
    );
    assert.equal(ja.text.locale, 'ja');
    assert.equal(en.text.locale, 'en');
    assert.match(ja.text.summary, /へのメールは返送されます/);
    assert.match(en.text.summary, /would bounce/);
    assert.equal(ja.text.remedies.length, ja.remedies.length);
    assert.match(ja.text.report, /^返送: /);
  });

  it('a --lang it does not speak is bad input naming the value and the accepted ones', async () => {
    const [fr, empty, withBadArgs] = await Promise.all([
      cli(['mail.test.example', '--lang', 'fr']),
      cli(['mail.test.example', '--lang=']),
      cli(['mail.test.example', '--lang', 'de', '--bogus'], { LANG: 'ja_JP.UTF-8' }),
    ]);
    assert.equal(fr.code, 2);
    assert.equal(fr.stdout, '');
    assert.match(
      fr.stderr,
      /^tls-test: --lang "fr" is not a language of this test: give --lang ja or --lang en\n$/,
    );
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /--lang "" is not a language/);
    assert.equal(withBadArgs.code, 2);
    assert.match(
      withBadArgs.stderr,
      /--lang "de" はこのテストの言語ではありません: --lang ja または --lang en/,
    );
    assert.match(withBadArgs.stderr, /Unknown option '--bogus'[\s\S]*使い方: npm run tls-test/);
  });

  it('input errors in Japanese with --lang ja', async () => {
    const run = await cli(['mail.test.example', '--timeout', 'soon', '--lang', 'ja']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--timeout "soon" は無効です: 1 から 120000 までのミリ秒/);
    const mx = await cli(['192.0.2.1', '--mx', '--lang', 'ja']);
    assert.match(
      mx.stderr,
      /MX ルックアップにはドメイン名が必要ですが、ホストは IP アドレス 192\.0\.2\.1 です/,
    );
    // The host and port rules are route validation's own, worded in the same language.
    const target = await cli(['localhost:465', '--lang', 'ja']);
    assert.equal(target.code, 2);
    assert.match(
      target.stderr,
      /ホスト「localhost」は有効なホスト名ではありません: ドメインのない単一の名前です/,
    );
    assert.match(target.stderr, /ポート 465 \(SMTPS\) は Google のルートでは使用できません/);
    assert.doesNotMatch(target.stderr, /not a valid host name|cannot be used/);
  });
});

describe('the CLI language', () => {
  it('LC_ALL, then LC_MESSAGES, then LANG; ja_JP.UTF-8 is Japanese, anything else English', () => {
    assert.equal(localeFromEnv({ LANG: 'ja_JP.UTF-8' }), 'ja');
    assert.equal(localeFromEnv({ LANG: 'ja' }), 'ja');
    assert.equal(localeFromEnv({ LANG: 'en_US.UTF-8' }), 'en');
    assert.equal(localeFromEnv({ LANG: 'C' }), 'en');
    assert.equal(localeFromEnv({}), 'en');
    assert.equal(localeFromEnv({ LANG: 'jav_ID.UTF-8' }), 'en');
    assert.equal(localeFromEnv({ LC_ALL: 'C', LANG: 'ja_JP.UTF-8' }), 'en');
    assert.equal(localeFromEnv({ LC_ALL: '', LC_MESSAGES: 'ja_JP.eucJP', LANG: 'C' }), 'ja');
  });

  it('--lang wins over the environment; an invalid one is reported in the environment language', () => {
    const ja = { LANG: 'ja_JP.UTF-8' };
    assert.equal(parseCliArgs(['--help', '--lang', 'en'], ja).locale, 'en');
    assert.equal(parseCliArgs(['--help'], ja).locale, 'ja');
    const bad = parseCliArgs(['mail.test.example', '--lang', 'EN'], ja);
    assert.equal(bad.kind, 'invalid');
    assert.equal(bad.locale, 'ja');
    assert.deepEqual(bad.kind === 'invalid' && bad.problems, [
      { code: 'input.lang', params: { value: 'EN' } },
    ]);
  });
});
