// The TLS decision per next hop: tlsPolicies entries decide before DANE and MTA-STS, a demanded policy
// that cannot apply leaves the host out (the message waits), and the configuration refuses dane and
// mta-sts where they cannot apply.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../gateway/config.ts';
import { daneEnabled } from '../../gateway/delivery/extension.ts';
import { decideTls } from '../../gateway/delivery/tls-decision.ts';
import type { RecordType, SecureAnswer, SecureLookup } from '../../gateway/dnssec-resolver.ts';
import { baseConfig } from './harness.ts';

/** Answers every question as given; records what was asked. */
function lookup(
  answer: (name: string, type: RecordType) => SecureAnswer,
): SecureLookup & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    query: async (name, type) => {
      asked.push(`${name} ${type}`);
      return answer(name, type);
    },
  };
}

const hops = [{ host: 'mx.example.net', port: 25, preference: 10 }];
const insecure = (): SecureAnswer => ({ rcode: 'NOERROR', secure: false, answers: [] });

describe('TLS decision', () => {
  it('a tlsPolicies entry of opportunistic, required or verified decides without DNSSEC lookups', async () => {
    const dns = lookup(insecure);
    const decision = await decideTls(
      'example.net',
      hops,
      { mode: 'verified', source: 'config:example.net' },
      { dane: dns, defaultMode: 'opportunistic' },
    );
    assert.deepEqual(
      decision.hops.map((h) => h.tls),
      [{ mode: 'verified', policy: 'verified', why: 'tlsPolicies entry example.net' }],
    );
    assert.deepEqual(dns.asked, []);
  });

  it('a demanded DANE that the zone cannot give leaves the host out with the reason', async () => {
    const decision = await decideTls(
      'example.net',
      hops,
      { mode: 'dane', source: 'config:example.net' },
      { dane: lookup(insecure), defaultMode: 'opportunistic' },
    );
    assert.deepEqual(decision.hops, []);
    assert.equal(decision.skipped[0]?.code, 'dane-required');
    assert.match(
      decision.skipped[0]?.reason ?? '',
      /^4\.7\.5 tlsPolicies demands DANE for example\.net, but MX of example\.net is not DNSSEC-signed/,
    );
  });

  it('a failed DNSSEC MX lookup defers every host instead of downgrading', async () => {
    const decision = await decideTls(
      'example.net',
      hops,
      { mode: 'opportunistic', source: 'default' },
      {
        dane: lookup(() => ({ rcode: 'SERVFAIL', secure: false, answers: [] })),
        defaultMode: 'opportunistic',
      },
    );
    assert.deepEqual(decision.hops, []);
    assert.equal(decision.skipped[0]?.code, 'dane-lookup-failed');
  });

  it('an address literal asks no DNSSEC question', async () => {
    const dns = lookup(insecure);
    const decision = await decideTls(
      '[192.0.2.1]',
      [{ host: '192.0.2.1', port: 25, preference: 0 }],
      { mode: 'opportunistic', source: 'default' },
      { dane: dns, defaultMode: 'opportunistic' },
    );
    assert.deepEqual(dns.asked, []);
    assert.match(decision.hops[0]?.tls.why ?? '', /address literal/);
  });

  it('without DANE or MTA-STS the default applies, and says why', async () => {
    const decision = await decideTls(
      'example.net',
      hops,
      { mode: 'opportunistic', source: 'default' },
      {
        defaultMode: 'opportunistic',
      },
    );
    assert.equal(decision.hops[0]?.tls.policy, 'opportunistic');
    assert.match(decision.hops[0]?.tls.why ?? '', /DANE is off/);
  });
});

describe('TLS policy configuration', () => {
  it('turns DANE on by default only when dns.servers names resolvers; delivery.dane overrides', () => {
    const config = (overrides: Record<string, unknown>) =>
      parseConfig(baseConfig('/var/spool/relay', overrides), '/etc/relay');
    assert.equal(daneEnabled(config({})), false);
    assert.equal(daneEnabled(config({ dns: { servers: ['127.0.0.1:5353'] } })), true);
    assert.equal(daneEnabled(config({ dns: { servers: ['127.0.0.1'] }, delivery: { dane: false } })), false);
    assert.equal(daneEnabled(config({ delivery: { dane: true } })), true);
  });

  it('accepts dane and mta-sts in tlsPolicies with mode mx, and refuses them for a smart host', () => {
    const mx = parseConfig(
      baseConfig('/var/spool/relay', {
        delivery: { tlsPolicies: { 'bank.example': 'dane', '.gov.example': 'mta-sts' } },
      }),
      '/etc/relay',
    );
    assert.equal(mx.delivery.tlsPolicies['bank.example'], 'dane');
    assert.throws(
      () =>
        parseConfig(
          baseConfig('/var/spool/relay', {
            delivery: {
              mode: 'smarthost',
              smarthost: { host: 'smtp.example.com', port: 587 },
              tlsPolicies: { 'bank.example': 'dane' },
            },
          }),
          '/etc/relay',
        ),
      /tlsPolicies\.bank\.example.*dane applies to mode: mx only/,
    );
    assert.throws(
      () =>
        parseConfig(
          baseConfig('/var/spool/relay', { delivery: { tlsPolicies: { x: 'strict' } } }),
          '/etc/relay',
        ),
      /must be one of opportunistic, required, verified, dane, mta-sts/,
    );
  });
});
