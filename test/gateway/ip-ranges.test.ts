import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Cidr,
  embeddedIpv4Range,
  IpRangeSet,
  parseCidr,
  rangeSize,
  unmapIpv4,
} from '../../gateway/ip-ranges.ts';

describe('IP ranges', () => {
  it('parses ranges and single addresses, refuses the rest', () => {
    assert.deepEqual(parseCidr('192.0.2.0/24'), { family: 'ipv4', network: '192.0.2.0', prefix: 24 });
    assert.deepEqual(parseCidr('2001:db8::1'), { family: 'ipv6', network: '2001:db8::1', prefix: 128 });
    for (const bad of [
      '192.0.2.0/33',
      '2001:db8::/129',
      '192.0.2.0/',
      'example.com/24',
      '10.0.0.0/8/8',
      '1.2.3/24',
    ]) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
  });

  it('matches IPv4, IPv6 and IPv4-mapped IPv6 clients', () => {
    const set = IpRangeSet.fromStrings(['209.85.128.0/17', '2607:f8b0:4000::/36', '192.0.2.7']);
    assert.equal(set.has('209.85.200.1'), true);
    assert.equal(set.has('209.85.127.255'), false);
    assert.equal(set.has('::ffff:209.85.200.1'), true);
    assert.equal(set.has('::FFFF:d155:c801'), true, '209.85.200.1 in hex form');
    assert.equal(set.has('2607:f8b0:4001:c03::1a'), true);
    assert.equal(set.has('2607:f8b0:5000::1'), false);
    assert.equal(set.has('192.0.2.7'), true);
    assert.equal(set.has('192.0.2.8'), false);
    assert.equal(set.has('not an address'), false);
    assert.equal(unmapIpv4('::ffff:7f00:1'), '127.0.0.1');
    assert.equal(unmapIpv4('::1'), '::1');
  });
});

describe('IPv4-embedding ranges and range sizes', () => {
  it('names the IPv4-embedding range an IPv6 range overlaps', () => {
    const embedding = (text: string) => embeddedIpv4Range(parseCidr(text) as Cidr);
    assert.match(embedding('::ffff:0:0/96') ?? '', /IPv4-mapped/);
    assert.match(embedding('::ffff:10.0.0.0/104') ?? '', /IPv4-mapped/);
    assert.match(embedding('::/96') ?? '', /IPv4-compatible/);
    assert.match(embedding('::/0') ?? '', /IPv4/);
    assert.match(embedding('64:ff9b::/96') ?? '', /NAT64/);
    assert.match(embedding('2002:c000:0200::/48') ?? '', /6to4/);
    assert.equal(embedding('::1'), undefined);
    assert.equal(embedding('2001:db8::/32'), undefined);
    assert.equal(embedding('192.0.2.0/24'), undefined);
  });

  it('sizes the union: IPv4 in addresses, IPv6 in /64 networks', () => {
    const cidrs = [
      '10.0.0.0/8',
      '10.1.0.0/16',
      '192.0.2.1',
      '2001:db8::/63',
      '2001:db8::1',
      '2001:db8:1::5',
    ].map((c) => parseCidr(c) as Cidr);
    assert.deepEqual(rangeSize(cidrs), { ipv4: 2 ** 24 + 1, ipv6Networks: 3 });
    assert.deepEqual(rangeSize([]), { ipv4: 0, ipv6Networks: 0 });
  });
});
