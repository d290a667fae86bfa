// The bot's pino log and the adapter Bolt logs through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogLevel } from '@slack/bolt';
import { boltLogger, createBotLogger } from '../src/log.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createBotLogger({
    level: 'debug',
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  return { log, lines };
}

describe('bot log', () => {
  it("writes Bolt's variadic messages as one pino JSON line, with the error as err", () => {
    const { log, lines } = capture();
    const bolt = boltLogger(log, 'bolt');
    bolt.error('listener failed:', new Error('boom'), { channel: 'C1' });
    assert.equal(lines.length, 1);
    const [line] = lines;
    assert.equal(line?.service, 'bot');
    assert.equal(line?.component, 'bolt');
    assert.equal(line?.level, 50);
    assert.equal(line?.msg, "listener failed: boom { channel: 'C1' }");
    assert.equal((line?.err as { message?: string } | undefined)?.message, 'boom');
    assert.match(String(line?.time), /^\d{4}-\d\d-\d\dT/);
  });

  it('follows the level and name Bolt sets, on the adapter only', () => {
    const { log, lines } = capture();
    const bolt = boltLogger(log);
    bolt.setLevel(LogLevel.WARN);
    assert.equal(bolt.getLevel(), LogLevel.WARN);
    bolt.info('hidden');
    bolt.debug('hidden');
    bolt.warn('shown');
    bolt.setName('socket-mode');
    bolt.error('named');
    log.info('the root keeps its own level');
    assert.deepEqual(
      lines.map((l) => [l.component, l.msg]),
      [
        ['bolt', 'shown'],
        ['socket-mode', 'named'],
        [undefined, 'the root keeps its own level'],
      ],
    );
  });

  it('never writes a Slack token or a secret field', () => {
    const { log, lines } = capture();
    boltLogger(log).warn('retrying with token xoxb-1234-5678-abcdef and xapp-1-A0-99-ff');
    log.info({ slack: { botToken: 'xoxb-9', signingSecret: 's3cret' } }, 'config');
    const text = JSON.stringify(lines);
    assert.doesNotMatch(text, /xoxb-|xapp-|s3cret/);
    assert.equal(lines[0]?.msg, 'retrying with token [redacted] and [redacted]');
  });
});
