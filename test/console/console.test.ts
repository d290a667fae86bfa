// The console driven end to end through its stdin, as a child process (`npm start` with no Slack
// settings): propose as alice, approve as bob, see the Admin console steps, with the sample relay.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

class ConsoleProcess {
  output = '';
  private mark = 0;
  readonly exited: Promise<unknown[]>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (process.env.CONSOLE_TEST_DEBUG) process.stderr.write(chunk);
      this.output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    this.exited = once(child, 'exit');
  }

  /** Types a line, then waits for output (after the line) that matches. */
  async type(line: string, expect: RegExp): Promise<RegExpExecArray> {
    this.mark = this.output.length;
    this.child.stdin?.write(`${line}\n`);
    return this.waitFor(expect);
  }

  async waitFor(expect: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = expect.exec(this.output.slice(this.mark));
      if (match) return match;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${expect} in:\n${this.output.slice(this.mark).slice(-3000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The number of the last button with this label printed since the last line typed. */
  button(label: string): string {
    const matches = [...this.output.slice(this.mark).matchAll(new RegExp(`\\[(\\d+)\\] ${label}`, 'g'))];
    const n = matches.at(-1)?.[1];
    assert.ok(n, `no "${label}" button in:\n${this.output.slice(this.mark)}`);
    return n;
  }
}

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('the local console', () => {
  it('proposes as alice through a form and a command, approves as bob, and hands over the console steps', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'console-test-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const env = { PATH: process.env.PATH ?? '', HOME: dir, DATABASE: join(dir, 'bot.db') };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const cli = new ConsoleProcess(child);
    t.after(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await cli.exited;
      }
    });

    const relay = await cli.waitFor(/A sample relay listens on 127\.0\.0\.1:(\d+)/);
    const relayPort = Number(relay[1]);
    await cli.waitFor(/alice> $/);

    // The form: wrong values come back as field errors, and only those fields are asked again.
    await cli.type('/gateway add-route', /Route name/);
    await cli.type('bad name!', /Host name or IP address/);
    await cli.type('smtp..example', /Port \[25\]/);
    await cli.type('465', /Options: numbers to tick/);
    await cli.type('', /Why/);
    const refused = await cli.type('', /The form was not accepted:[\s\S]*Route name/);
    assert.match(cli.output, /Route name: route name "bad name!" is not allowed/);
    assert.match(cli.output, /Host name or IP address: .*"smtp\.\.example"/);
    assert.match(cli.output, /Port: port 465/);
    assert.ok(refused);
    await cli.type('web-1', /Host name or IP address/);
    await cli.type('127.0.0.1', /Port \[465\]/);
    await cli.type(String(relayPort), /Proposed change #1/);
    assert.match(cli.output, /Change #1: add route web-1 \(127\.0\.0\.1:\d+\)/);
    // The sample relay's certificate is self-signed: Google would bounce with the CA check on.
    assert.match(cli.output, /Google would bounce outbound mail/);

    // A direct command with the CA check off: the pre-flight against the relay passes.
    await cli.type(`/gateway add-route demo 127.0.0.1:${relayPort} --no-ca`, /Proposed change #2/);
    assert.match(cli.output, /\(ok\) \*TLS pre-flight: mail would be delivered\.\*/);
    const approve = cli.button('Approve');

    await cli.type(`click ${approve}`, /you proposed change #2, so you cannot approve it/);
    await cli.type('as bob', /You are now bob/);
    await cli.type(
      `click ${approve}`,
      /Admin console steps for change #2[\s\S]*Done in the console[\s\S]*bob> $/,
    );
    assert.match(cli.output, /#gateway-approvals \(updated in place\)[\s\S]*\*Approved\* by @bob/);
    assert.match(cli.output, /direct message from the bot to @bob/);
    assert.match(cli.output, new RegExp(`single host \`127\\.0\\.0\\.1\`, port \`${relayPort}\``));
    assert.match(cli.output, /Untick \*Require CA signed certificate\*/);
    const done = cli.button('Done in the console');

    await cli.type(`click ${done}`, /applied \(unverified\)/);
    await cli.type('/gateway routes', /`demo` → `127\.0\.0\.1:\d+`/);
    await cli.type('/gateway audit 3', /applied\* \(approved → applied\) by @bob/);

    // hanako reads Slack in Japanese: the same bot answers her in Japanese, with dates in her zone.
    await cli.type('as hanako', /You are now hanako/);
    await cli.type('/gateway routes', /ルート \(あるべき設定\)[\s\S]*hanako> $/);
    await cli.type(
      '/gateway audit 1',
      /• \d{4}年\d+月\d+日 \d\d:\d\d JST #2 \*適用\* \(承認済み → 適用済み\) 実行者 @bob/,
    );
    // A text-only reply shows names, not Slack's markup.
    const pause = await cli.type(
      '/gateway relay pause',
      /リレー操作 #1 \(一時停止\) には別の管理者の承認が必要です。(.*)\n/,
    );
    assert.equal(pause[1], '#gateway-approvals で承認を待っています。');

    child.stdin?.write('quit\n');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const [code] = await cli.exited;
    clearTimeout(timer);
    assert.equal(code, 0);
    assert.match(cli.output, /bye/);
    assert.equal(await portIsClosed(relayPort), true, 'the relay child process is stopped on exit');
  });
});
