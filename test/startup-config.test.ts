// Start-up configuration: the bot's and the operations side's problems together, each once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../src/config-problems.ts';
import { loadStartupConfig } from '../src/startup-config.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadStartupConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail('expected a configuration error');
}

describe('start-up configuration', () => {
  it('returns both parts when every value is good', () => {
    const config = loadStartupConfig({
      GATEWAY_CONTROL_URL: 'http://127.0.0.1:8025',
      GATEWAY_CONTROL_TOKEN: 'control-token',
      OPS_POLL_SECONDS: '30',
    });
    assert.equal(config.bot.transport, 'console');
    assert.deepEqual(config.bot.gatewayControl, { url: 'http://127.0.0.1:8025', token: 'control-token' });
    assert.deepEqual(
      config.ops.fleet.relays.map((r) => r.name),
      ['default'],
    );
    assert.equal(config.ops.pollSeconds, 30);
  });

  it('lists the problems of both parts, not only the first part', () => {
    const lines = problems({ APPROVAL_TTL_HOURS: '0', ALERT_CERT_DAYS: '0' });
    assert.deepEqual(lines, [
      'APPROVAL_TTL_HOURS: must be more than 0 (seen: "0")',
      'ALERT_CERT_DAYS: must be days from 1 to 365 (seen: "0")',
    ]);
  });

  it('reports a problem of the relay control keys once, though both parts read them', () => {
    assert.deepEqual(problems({ GATEWAY_CONTROL_URL: 'not a url', GATEWAY_CONTROL_TOKEN: 'token-1' }), [
      'GATEWAY_CONTROL_URL: must be an http(s) URL without credentials, e.g. http://127.0.0.1:8025 (seen: "not a url")',
    ]);
    assert.deepEqual(problems({ GATEWAY_CONTROL_URL: 'http://127.0.0.1:8025' }), [
      "GATEWAY_CONTROL_TOKEN: is required with GATEWAY_CONTROL_URL: the relay's control.token (seen: not set)",
    ]);
  });

  it('keeps a value that would break the line on one line', () => {
    const [line] = problems({ PORT: 'eighty\nOPS_CHANNEL: fake line' });
    assert.equal(line, 'PORT: must be a port number (seen: "eighty\\nOPS_CHANNEL: fake line")');
  });
});
