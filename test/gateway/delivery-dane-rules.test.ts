// DANE certificate matching (RFC 7672 3.1, 3.2) and the DNSSEC resolver's wire handling: the AD bit,
// TCP after a truncated UDP answer, answers that are not for the question.
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { after, describe, it } from 'node:test';
import dnsPacket from 'dns-packet';
import { daneMismatch, isUsable, type TlsaRecord } from '../../gateway/delivery/dane.ts';
import { DnssecResolver } from '../../gateway/dnssec-resolver.ts';
import { createTestPki, days, issueCertificate } from '../support/pki.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();
const x509 = (pem: string) => new X509Certificate(pem);
const spki = (pem: string) => x509(pem).publicKey.export({ type: 'spki', format: 'der' }) as Buffer;
const now = new Date();

describe('DANE certificate match', () => {
  const pki = createTestPki('Rules');
  const leaf = pki.leaf(['mx.example.net']);
  const chain = [x509(leaf.certPem), x509(pki.intermediate.certPem)];
  const ta: TlsaRecord = {
    usage: 2,
    selector: 0,
    matchingType: 1,
    data: sha256(x509(pki.intermediate.certPem).raw),
  };

  it('DANE-EE 3 1 1 matches the key of a self-signed certificate whatever its names and dates', () => {
    const self = issueCertificate({ commonName: 'x.invalid', notAfter: days(-1), notBefore: days(-10) });
    const record = { usage: 3, selector: 1, matchingType: 1, data: sha256(spki(self.certPem)) };
    assert.equal(daneMismatch([x509(self.certPem)], [record], ['mx.example.net'], now), undefined);
  });

  it('DANE-EE 3 0 1 matches the whole certificate, and nothing else', () => {
    const record = { usage: 3, selector: 0, matchingType: 1, data: sha256(x509(leaf.certPem).raw) };
    assert.equal(daneMismatch(chain, [record], ['mx.example.net'], now), undefined);
    const other = issueCertificate({ commonName: 'mx.example.net' });
    assert.match(
      daneMismatch([x509(other.certPem)], [record], ['mx.example.net'], now) ?? '',
      /no TLSA record/,
    );
  });

  it('DANE-TA 2 0 1 accepts a chain signed up to the anchor, for the MX name only', () => {
    assert.equal(daneMismatch(chain, [ta], ['mx.example.net'], now), undefined);
    assert.match(daneMismatch(chain, [ta], ['other.example.net'], now) ?? '', /not for other\.example\.net/);
  });

  it('DANE-TA refuses a leaf the anchor did not sign, an expired leaf, and a lone leaf', () => {
    const stranger = issueCertificate({ commonName: 'mx.example.net' });
    assert.match(
      daneMismatch([x509(stranger.certPem), chain[1] as X509Certificate], [ta], ['mx.example.net'], now) ??
        '',
      /chain is broken/,
    );
    const expired = pki.leaf(['mx.example.net'], { notBefore: days(-20), notAfter: days(-1) });
    assert.match(
      daneMismatch([x509(expired.certPem), chain[1] as X509Certificate], [ta], ['mx.example.net'], now) ?? '',
      /outside its validity/,
    );
    // The anchor must be an issuer in the chain, never the leaf itself.
    const selfTa = { usage: 2, selector: 0, matchingType: 1, data: sha256(x509(leaf.certPem).raw) };
    assert.match(
      daneMismatch([x509(leaf.certPem)], [selfTa], ['mx.example.net'], now) ?? '',
      /no TLSA record/,
    );
  });

  it('only DANE-TA and DANE-EE with known selector and matching type are usable', () => {
    const base = { selector: 1, matchingType: 1, data: Buffer.alloc(32) };
    assert.equal(isUsable({ usage: 3, ...base }), true);
    assert.equal(isUsable({ usage: 2, ...base }), true);
    assert.equal(isUsable({ usage: 1, ...base }), false);
    assert.equal(isUsable({ usage: 0, ...base }), false);
    assert.equal(isUsable({ usage: 3, selector: 2, matchingType: 1, data: Buffer.alloc(32) }), false);
    assert.equal(isUsable({ usage: 3, selector: 1, matchingType: 3, data: Buffer.alloc(32) }), false);
  });
});

describe('DNSSEC resolver', () => {
  const closers: (() => void)[] = [];
  after(() => {
    for (const close of closers) close();
  });

  function tlsaAnswer(query: dnsPacket.DecodedPacket, flags: number): Buffer {
    const question = query.questions?.[0] as dnsPacket.Question;
    return dnsPacket.encode({
      id: query.id,
      type: 'response',
      flags: flags | dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
      questions: [question],
      answers: [
        {
          type: 'TLSA',
          name: question.name,
          ttl: 60,
          class: 'IN',
          data: { usage: 3, selector: 1, matchingType: 1, certificate: Buffer.alloc(32, 7) },
        },
      ],
    });
  }

  it('reads the AD bit, asks again over TCP when the UDP answer is truncated, and ignores stray answers', async () => {
    const seen: { do: boolean }[] = [];
    const answerOverUdp = (udp: Socket) => (message: Buffer, from: RemoteInfo) => {
      const query = dnsPacket.decode(message);
      const opt = query.additionals?.find((a) => a.type === 'OPT') as { flag_do?: boolean } | undefined;
      seen.push({ do: opt?.flag_do === true });
      // First a reply to another id (ignored), then the truncated real one.
      udp.send(tlsaAnswer({ ...query, id: ((query.id ?? 0) + 1) % 65536 }, 0), from.port, from.address);
      const truncated = dnsPacket.encode({
        id: query.id,
        type: 'response',
        flags: dnsPacket.TRUNCATED_RESPONSE,
        questions: query.questions,
      });
      udp.send(truncated, from.port, from.address);
    };
    const tcp = createServer((socket) => {
      socket.once('data', (data: Buffer) => {
        const query = dnsPacket.decode(data.subarray(2));
        const answer = tlsaAnswer(query, dnsPacket.AUTHENTIC_DATA);
        const length = Buffer.alloc(2);
        length.writeUInt16BE(answer.length);
        socket.end(Buffer.concat([length, answer]));
      });
    });
    // One port number for both: the UDP port the system picks may be taken for TCP, so try again.
    let port = 0;
    for (let attempt = 1; port === 0; attempt++) {
      const udp = createSocket('udp4');
      udp.on('message', answerOverUdp(udp));
      udp.bind(0, '127.0.0.1');
      await once(udp, 'listening');
      const candidate = udp.address().port;
      tcp.listen(candidate, '127.0.0.1');
      const [event] = await Promise.race([once(tcp, 'listening').then(() => ['ok']), once(tcp, 'error')]);
      if (event === 'ok') {
        port = candidate;
        closers.push(() => udp.close());
      } else {
        udp.close();
        if (attempt === 5) throw event;
      }
    }
    closers.push(() => tcp.close());

    const resolver = new DnssecResolver({ servers: [`127.0.0.1:${port}`], timeoutMs: 2000, tries: 1 });
    const answer = await resolver.query('_25._tcp.mx.example.net', 'TLSA');
    assert.equal(answer.rcode, 'NOERROR');
    assert.equal(answer.secure, true);
    assert.equal(answer.answers.length, 1);
    assert.deepEqual(seen, [{ do: true }]);
  });

  it('fails with the server named when nothing answers', async () => {
    const silent = createSocket('udp4');
    silent.bind(0, '127.0.0.1');
    await once(silent, 'listening');
    closers.push(() => silent.close());
    const server = `127.0.0.1:${silent.address().port}`;
    const resolver = new DnssecResolver({ servers: [server], timeoutMs: 200, tries: 2 });
    await assert.rejects(resolver.query('mx.example.net', 'A'), new RegExp(`${server} did not answer`));
  });
});
