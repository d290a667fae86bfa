// The CLI as a person runs it: a child process, its exit status, its output.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TlsTestResult } from '../../src/tls/index.ts';
import { TestDnsServer } from '../support/dns-server.ts';
import { createTestPki, issueCertificate, type TestPki } from '../support/pki.ts';
import { serverFor } from './fixtures.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/tls/cli.ts', ...args],
      { timeout: 60_000 },
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
});
