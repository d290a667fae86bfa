import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRouteTarget } from '../../src/domain/route-target.ts';
import { wordedPhrase } from '../support/outcome-text.ts';

describe('parseRouteTarget', () => {
  it('accepts host names, IPs and the ports Google allows', () => {
    assert.deepEqual(parseRouteTarget('SMTP.Example.com.'), {
      ok: true,
      target: { host: 'smtp.example.com', port: 25, isIp: false },
    });
    assert.deepEqual(parseRouteTarget('smtp.example.com:587'), {
      ok: true,
      target: { host: 'smtp.example.com', port: 587, isIp: false },
    });
    assert.deepEqual(parseRouteTarget('[::1]:2525'), {
      ok: true,
      target: { host: '::1', port: 2525, isIp: true },
    });
    assert.deepEqual(parseRouteTarget('2001:db8::1'), {
      ok: true,
      target: { host: '2001:db8::1', port: 25, isIp: true },
    });
    assert.deepEqual(parseRouteTarget('192.0.2.10', 65535), {
      ok: true,
      target: { host: '192.0.2.10', port: 65535, isIp: true },
    });
  });

  it('names the bad value and what to do', () => {
    const cases: [string, number | string | undefined, RegExp][] = [
      ['', undefined, /host is empty/],
      ['smtp example.com', undefined, /"smtp example.com" contains white space/],
      ['smtp.example.com', 465, /port 465 .*not allowed.*25 or 587/],
      ['smtp.example.com', 70000, /port 70000 is not allowed/],
      ['smtp.example.com:110', undefined, /port 110 is not allowed/],
      ['smtp.example.com', 'abc', /port "abc" is not a number/],
      ['-bad-.example.com', undefined, /not a valid host name: use letters, digits and hyphens/],
      // A single label is made of the right characters: the reason is the missing domain.
      ['localhost', undefined, /"localhost" is not a valid host name: it is a single name without a domain/],
      ['-bad-', undefined, /not a valid host name: use letters, digits and hyphens/],
      ['10.0.0', undefined, /incomplete IP address/],
    ];
    for (const [host, port, message] of cases) {
      const result = parseRouteTarget(host, port);
      assert.equal(result.ok, false, `${host} ${port}`);
      if (!result.ok) assert.match(result.problems.map((p) => wordedPhrase(p)).join('\n'), message);
    }
  });

  it('reports every problem at once', () => {
    const result = parseRouteTarget('bad host', 465);
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.problems.length, 2);
  });
});
