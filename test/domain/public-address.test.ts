import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPublicUnicast, nonPublicReason } from '../../src/domain/public-address.ts';

describe('public unicast addresses', () => {
  it('refuses loopback, private, link-local, CGNAT, unique-local, multicast and documentation ranges', () => {
    const refused: Record<string, RegExp> = {
      '127.0.0.1': /loopback/,
      '127.255.0.9': /loopback/,
      '0.0.0.0': /this network/,
      '10.20.30.40': /RFC 1918/,
      '172.16.0.1': /RFC 1918/,
      '172.31.255.254': /RFC 1918/,
      '192.168.1.1': /RFC 1918/,
      '169.254.169.254': /link-local/,
      '100.64.0.1': /carrier-grade NAT/,
      '100.127.255.254': /carrier-grade NAT/,
      '224.0.0.251': /multicast/,
      '239.255.255.250': /multicast/,
      '255.255.255.255': /reserved/,
      '192.0.2.1': /documentation/,
      '198.51.100.7': /documentation/,
      '203.0.113.200': /documentation/,
      '198.18.0.1': /benchmarking/,
      '::': /unspecified/,
      '::1': /loopback/,
      'fe80::1': /link-local/,
      'fe80::1%eth0': /link-local/,
      'fc00::1': /unique-local/,
      'fd12:3456::1': /unique-local/,
      'ff02::1': /multicast/,
      '2001:db8::25': /documentation/,
      '::ffff:127.0.0.1': /loopback/,
      '::ffff:10.0.0.1': /RFC 1918/,
      '::ffff:7f00:1': /global unicast/,
      '64:ff9b::192.168.0.1': /RFC 1918/,
      '[::1]': /loopback/,
      'mail.example.com': /not an IP/,
    };
    for (const [address, why] of Object.entries(refused)) {
      assert.match(nonPublicReason(address) ?? 'public', why, address);
      assert.equal(isPublicUnicast(address), false, address);
    }
  });

  it('accepts public unicast addresses next to those ranges', () => {
    for (const address of [
      '8.8.8.8',
      '1.1.1.1',
      '172.32.0.1',
      '172.15.255.255',
      '100.128.0.1',
      '100.63.255.255',
      '192.169.0.1',
      '11.0.0.1',
      '223.255.255.254',
      '2001:4860:4860::8888',
      '2606:4700:4700::1111',
      '::ffff:8.8.8.8',
    ]) {
      assert.equal(nonPublicReason(address), undefined, address);
    }
  });
});
