import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayFleet } from '../../src/gateway-client/fleet.ts';
import { parseFleetConfig } from '../../src/gateway-client/fleet-config.ts';

const SECRET = 'secret-token-should-never-show';

describe('parseFleetConfig', () => {
  it('treats GATEWAY_CONTROL_URL/TOKEN as a one-relay fleet named default', () => {
    const result = parseFleetConfig({
      GATEWAY_CONTROL_URL: 'http://127.0.0.1:8025',
      GATEWAY_CONTROL_TOKEN: SECRET,
    });
    assert.deepEqual(result, {
      ok: true,
      fleet: { relays: [{ name: 'default', url: 'http://127.0.0.1:8025', token: SECRET }], timeoutMs: 5000 },
    });
  });

  it('reads a name=url list with per-relay tokens and a shared fallback', () => {
    const result = parseFleetConfig({
      GATEWAYS: 'a=http://127.0.0.1:8025, b=http://[::1]:8026',
      GATEWAY_TOKENS: 'a=token-a',
      GATEWAY_CONTROL_TOKEN: 'shared',
      GATEWAY_TIMEOUT_MS: '2500',
    });
    assert.ok(result.ok);
    assert.deepEqual(
      result.fleet.relays.map((r) => [r.name, r.url, r.token]),
      [
        ['a', 'http://127.0.0.1:8025', 'token-a'],
        ['b', 'http://[::1]:8026', 'shared'],
      ],
    );
    assert.equal(result.fleet.timeoutMs, 2500);
  });

  it('reads the JSON form with an smtp address', () => {
    const result = parseFleetConfig({
      GATEWAYS: JSON.stringify([
        { name: 'mx1', url: 'https://10.0.0.1:8025', token: SECRET, smtp: 'mx1.example.com:25' },
      ]),
    });
    assert.ok(result.ok);
    assert.equal(result.fleet.relays[0]?.smtp, 'mx1.example.com:25');
  });

  it('reports every problem on its own line, never showing a token', () => {
    const result = parseFleetConfig({
      GATEWAYS: 'a=ftp://x, bad name=http://127.0.0.1:1, a=http://127.0.0.1:2, c=http://127.0.0.1:3',
      GATEWAY_TOKENS: `a=${SECRET}, zz=${SECRET}`,
      GATEWAY_TIMEOUT_MS: 'soon',
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    const text = result.errors.join('\n');
    assert.doesNotMatch(text, new RegExp(SECRET));
    assert.match(text, /GATEWAY_TIMEOUT_MS: .* \(seen: "soon"\)/);
    assert.match(text, /GATEWAYS: relay "a": must be an http\(s\) URL .* \(seen: "ftp:\/\/x"\)/);
    assert.match(text, /GATEWAYS: "bad name=http:\/\/127.0.0.1:1" is not NAME=VALUE/);
    assert.match(text, /GATEWAY_TOKENS: a token is given for "zz", which is not in GATEWAYS/);
    assert.match(text, /no control token for relay "c"/);
  });

  it('says GATEWAYS is not JSON without quoting any of it (the parser quotes the text around the error)', () => {
    // A short token, as the parser quotes only a few characters before the error.
    const token = 'tk-9Zq';
    const result = parseFleetConfig({
      GATEWAYS: `[{"name":"mx1","url":"http://127.0.0.1:8025","token":"${token}"},]`,
    });
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0] ?? '', /^GATEWAYS: not valid JSON/);
    assert.ok(!(result.errors[0] ?? '').includes(token), result.errors[0]);
  });

  it('does not call a token orphaned when its relay is in GATEWAYS with a bad URL', () => {
    const result = parseFleetConfig({ GATEWAYS: 'b=ftp://y', GATEWAY_TOKENS: `b=${SECRET}` });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.errors.length, 1, result.errors.join('\n'));
    assert.match(result.errors[0] ?? '', /^GATEWAYS: relay "b": must be an http\(s\) URL/);
  });

  it('hides the token of a JSON entry refused as a whole', () => {
    const result = parseFleetConfig({
      GATEWAYS: JSON.stringify([{ name: 'a', url: 'http://127.0.0.1:1', token: SECRET, extra: 1 }]),
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    const text = result.errors.join('\n');
    assert.match(text, /^GATEWAYS\[0\]: .*"extra".*\(seen: \{.*"token":"\(hidden\)".*\}\)$/);
    assert.doesNotMatch(text, new RegExp(SECRET));
  });

  it('refuses JSON entries with bad fields, hiding tokens', () => {
    const result = parseFleetConfig({
      GATEWAYS: JSON.stringify([{ name: 'a', url: 'nope', token: '', extra: 1 }]),
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    const text = result.errors.join('\n');
    assert.match(text, /GATEWAYS\[0\.url\]: must be an http\(s\) URL/);
    assert.match(text, /GATEWAYS\[0\.token\]: is empty.*\(seen: not set\)/);
    assert.match(text, /extra/);
  });

  it('refuses duplicate names and both styles at once', () => {
    const result = parseFleetConfig({
      GATEWAYS: 'a=http://127.0.0.1:1,a=http://127.0.0.1:2',
      GATEWAY_CONTROL_URL: 'http://127.0.0.1:3',
      GATEWAY_CONTROL_TOKEN: 't',
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(result.errors.join('\n'), /"a" appears twice/);
    assert.match(result.errors.join('\n'), /GATEWAY_CONTROL_URL: set together with GATEWAYS/);
  });

  it('gives an empty fleet when nothing is configured', () => {
    assert.deepEqual(parseFleetConfig({}), { ok: true, fleet: { relays: [], timeoutMs: 5000 } });
  });
});

describe('GatewayFleet', () => {
  it('selects one relay by name or all, and names the known ones for an unknown name', () => {
    const fleet = new GatewayFleet({
      relays: [
        { name: 'a', url: 'http://127.0.0.1:1', token: 't' },
        { name: 'b', url: 'http://127.0.0.1:2', token: 't' },
      ],
      timeoutMs: 1000,
    });
    assert.deepEqual(
      fleet.select().map((c) => c.name),
      ['a', 'b'],
    );
    assert.deepEqual(
      fleet.select('b').map((c) => c.name),
      ['b'],
    );
    assert.throws(() => fleet.select('c'), /no relay named "c": use one of a, b/);
  });
});
