// The verdict rules on their own: observations in, Google's verdict out (no network, no clock).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TargetFacts } from '../../src/tls/index.ts';
import { effectiveOptions, judgeRoute, optionEffects, tlsMessage } from '../../src/tls/index.ts';
import { say } from './fixtures.ts';

const ALL_ON = { requireTls: true, requireCaSigned: true, validateHostname: true };
const ALL_OFF = { requireTls: false, requireCaSigned: false, validateHostname: false };

function observed(label: string, extra: Partial<TargetFacts>): TargetFacts {
  return {
    label,
    expectedName: 'mail.test.example',
    address: '192.0.2.1',
    port: 25,
    family: 4,
    timings: { totalMs: 1 },
    extensions: [],
    ...extra,
  };
}

const refused = observed('a', {
  failure: {
    stage: 'connect',
    kind: 'refused',
    message: tlsMessage('failure.refused', { where: '192.0.2.1:25', port: 25 }),
  },
});
const handshakeTimeout = observed('b', {
  starttlsOffered: true,
  failure: {
    stage: 'handshake',
    kind: 'timeout',
    message: tlsMessage('failure.timeout', { ms: 100, waiting: tlsMessage('waiting.handshake') }),
  },
});

describe('verdict rules', () => {
  it('options nest: CA-signed needs TLS, host name needs CA-signed', () => {
    assert.deepEqual(effectiveOptions({ ...ALL_ON, requireTls: false }), ALL_OFF);
    assert.deepEqual(effectiveOptions({ ...ALL_ON, requireCaSigned: false }), {
      requireTls: true,
      requireCaSigned: false,
      validateHostname: false,
    });
  });

  it('a connection failure bounces even with every option off', () => {
    assert.equal(judgeRoute([refused], ALL_OFF).verdict, 'bounce');
    assert.deepEqual(
      judgeRoute([refused], ALL_OFF).causes.map((c) => c.option),
      ['connect'],
    );
  });

  it('a TLS failure bounces only while TLS is required; otherwise mail goes in plain text', () => {
    assert.equal(judgeRoute([handshakeTimeout], ALL_ON).verdict, 'bounce');
    const plain = judgeRoute([handshakeTimeout], ALL_OFF);
    assert.equal(plain.verdict, 'deliver');
    assert.equal(plain.targets[0]?.plaintext, true);
    assert.deepEqual(
      optionEffects([handshakeTimeout], ALL_ON).map((e) => [e.option, e.verdictIfOff]),
      [
        ['requireTls', 'deliver'],
        ['requireCaSigned', 'bounce'],
        ['validateHostname', 'bounce'],
      ],
    );
  });

  it('no target at all bounces with the DNS problem as the cause', () => {
    const result = judgeRoute([], ALL_ON, tlsMessage('dns.notFound', { name: 'x.test.example' }));
    assert.equal(result.verdict, 'bounce');
    assert.deepEqual(result.causes[0]?.message, { code: 'dns.notFound', params: { name: 'x.test.example' } });
    assert.equal(say(result.causes[0]?.message), 'x.test.example does not exist (NXDOMAIN)');
  });

  it('one delivering target is enough; the others become warnings', () => {
    const result = judgeRoute([refused, handshakeTimeout], ALL_OFF);
    assert.equal(result.verdict, 'deliver');
    assert.deepEqual(result.causes, []);
    assert.equal(result.warnings.length, 2);
    assert.match(
      say(result.warnings[0]),
      /^a would refuse the mail \(192\.0\.2\.1:25 refused the connection/,
    );
    assert.match(say(result.warnings[1]), /^mail to b would travel unencrypted/);
  });
});
