import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { checkRecipient, checkSender, senderDomainMatches } from '../../../gateway/inbound/address-policy.ts';
import { checkBody } from '../../../gateway/inbound/checked-body.ts';
import { BareLineEndingCheck, type DataCheck, SizeLimitCheck } from '../../../gateway/inbound/data-checks.ts';

describe('recipient policy', () => {
  it('refuses every relay-trick syntax, even those smtp-server would already refuse', () => {
    for (const address of [
      'user%other.example@example.com',
      'host!user@example.com',
      '"quoted"@example.com',
      '"a@b"@example.com',
      'a@b@example.com',
      'a:b@example.com',
      'user@[192.0.2.1]',
      'user@[IPv6:2001:db8::1]',
      'user',
      'postmaster',
      'user@localhost',
    ]) {
      assert.equal(checkRecipient(address)?.reason, 'recipient-syntax', address);
    }
  });

  it('accepts ordinary external recipients, internationalised domains included', () => {
    for (const address of [
      'bob@example.org',
      'first.last+tag@mail.example.co.jp',
      'user@b\u00fccher.example',
    ]) {
      assert.equal(checkRecipient(address), undefined, address);
    }
  });
});

describe('sender policy', () => {
  const policy = {
    senders: ['example.com', '*.example.net', 'xn--bcher-kva.example'],
    allowNullSender: false,
  };
  it('matches exact domains, opt-in subdomains and IDNs in either form', () => {
    assert.equal(checkSender('a@example.com', policy), undefined);
    assert.equal(checkSender('a@EXAMPLE.com', policy), undefined);
    assert.equal(checkSender('a@sub.example.com', policy)?.reason, 'sender-domain');
    assert.equal(checkSender('a@sub.example.net', policy), undefined);
    assert.equal(checkSender('a@example.net', policy)?.reason, 'sender-domain');
    assert.equal(checkSender('a@badexample.net', policy)?.reason, 'sender-domain');
    assert.equal(checkSender('a@b\u00fccher.example', policy), undefined);
    assert.equal(checkSender('', policy)?.reason, 'null-sender');
    assert.equal(checkSender('', { ...policy, allowNullSender: true }), undefined);
    assert.equal(senderDomainMatches('evil-example.net', ['*.example.net']), false);
  });

  it('refuses every other spelling of a domain with 553 5.1.7 sender-syntax', () => {
    for (const [address, shown] of [
      ['a@ex\uff41mple.com', 'ex\\u{FF41}mple.com'], // full-width a
      ['a@example\u3002com', 'example\\u{3002}com'], // ideographic full stop
      ['a@exam\u00adple.com', 'exam\\u{AD}ple.com'], // soft hyphen
      ['a@\u212a.example.com', '\\u{212A}.example.com'], // Kelvin sign
      ['a@B\u00dcCHER.example', 'B\\u{DC}CHER.example'], // a non-ASCII capital
      ['a@sub.ex\uff41mple.net', 'sub.ex\\u{FF41}mple.net'],
    ]) {
      const r = checkSender(address as string, policy);
      assert.equal(r?.reason, 'sender-syntax', address);
      assert.equal(r?.code, 553);
      assert.equal(r?.status, '5.1.7');
      assert.ok(r?.text.includes(shown as string), r?.text);
      assert.match(r?.text ?? '', /write it as [a-z0-9.-]+$/);
    }
    // The canonical forms pass on to the domain check.
    assert.equal(checkSender('a@xn--bcher-kva.example', policy), undefined);
    assert.equal(checkSender('a@fa\u00df.example', policy)?.reason, 'sender-domain');
  });
});

describe('data checks', () => {
  const run = async (chunks: string[], checks: DataCheck[] = [new BareLineEndingCheck()]) => {
    const { body, done } = checkBody(Readable.from(chunks.map((c) => Buffer.from(c, 'latin1'))), checks);
    const out: Buffer[] = [];
    let error: Error | undefined;
    try {
      for await (const chunk of body) out.push(chunk as Buffer);
    } catch (e) {
      error = e as Error;
    }
    return { refusal: await done, bytes: Buffer.concat(out).toString('latin1'), error };
  };

  it('passes CRLF text through unchanged, CRLF split across chunks included', async () => {
    const result = await run(['a\r', '\nb\r\n', '\r\n']);
    assert.equal(result.refusal, undefined);
    assert.equal(result.bytes, 'a\r\nb\r\n\r\n');
  });

  it('finds bare LF and bare CR anywhere, across chunk boundaries and at the very end', async () => {
    assert.equal((await run(['a\r\nb\n'])).refusal?.reason, 'bare-newline');
    assert.equal((await run(['a\r', 'b\r\n'])).refusal?.reason, 'bare-newline');
    assert.equal((await run(['a\r\n', '\nb'])).refusal?.reason, 'bare-newline');
    const endsWithCr = await run(['a\r\nb\r']);
    assert.equal(endsWithCr.refusal?.reason, 'bare-newline');
    assert.ok(endsWithCr.error, 'the consumer sees the refusal as a stream error');
  });

  it('stops at the size limit', async () => {
    const result = await run(['12345\r\n', '67890\r\n'], [new SizeLimitCheck(10)]);
    assert.equal(result.refusal?.reason, 'message-too-large');
    assert.equal(result.refusal?.code, 552);
  });
});
