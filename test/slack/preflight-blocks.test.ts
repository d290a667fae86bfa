// The pre-flight's blocks: coded sentences worded for the reader, facts from outside escaped once,
// and pre-flights stored before the codes (English text) still shown.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PreflightRecord } from '../../src/domain/change-request.ts';
import { preflightBlocks } from '../../src/slack/blocks/preflight.ts';
import { channelWords } from '../../src/slack/words.ts';
import { tlsMessage } from '../../src/tls/messages.ts';

const text = (blocks: unknown) => JSON.stringify(blocks);

describe('pre-flight blocks', () => {
  const refusedStarttls: PreflightRecord = {
    verdict: 'bounce',
    summary: tlsMessage('summary.bounce', {
      where: tlsMessage('summary.where', { host: 'mx.example.com', port: 25 }),
      because: tlsMessage('failure.starttlsRefused', { reply: '454 <!channel> & <@U0EVE>' }),
    }),
    causes: [
      {
        option: 'requireTls',
        message: tlsMessage('cause.tlsRequired', {
          reason: tlsMessage('failure.starttlsRefused', { reply: '454 <!channel> & <@U0EVE>' }),
        }),
      },
    ],
    remedies: [tlsMessage('remedy.starttlsRefused', { target: 'mx.example.com', reply: '454 <!channel>' })],
    ranAt: '2026-12-04T03:00:00.000Z',
  };

  it("words the codes in the reader's language and escapes the server's words exactly once", () => {
    const ja = text(preflightBlocks(channelWords('ja'), refusedStarttls));
    assert.match(
      ja,
      /mx\.example\.com のポート 25 へのメールは返送されます: サーバーが STARTTLS に 454 &lt;!channel&gt; &amp; &lt;@U0EVE&gt; と応答しました/,
    );
    assert.match(ja, /\*セキュアなトランスポート\(TLS\)を使用する\*: TLS が必須ですが、/);
    assert.doesNotMatch(ja, /<!channel>|<@U0EVE>|&amp;lt;|&amp;amp;/);
    const en = text(preflightBlocks(channelWords('en'), refusedStarttls));
    assert.match(
      en,
      /Mail to mx\.example\.com port 25 would bounce: the server answered STARTTLS with 454 &lt;!channel&gt;/,
    );
    assert.match(en, /\*Require secure transport \(TLS\)\*: TLS is required but/);
    assert.doesNotMatch(en, /<!channel>|&amp;lt;/);
  });

  it('shows a pre-flight stored as English text (before the codes) as it was, escaped', () => {
    const legacy: PreflightRecord = {
      verdict: 'bounce',
      summary: 'Mail to mx.example.com port 25 would bounce: <!here>',
      causes: [{ option: 'connect', message: 'mx.example.com refused the connection' }],
      remedies: ['Open port 25'],
      ranAt: '2026-12-04T03:00:00.000Z',
    };
    const shown = text(preflightBlocks(channelWords('ja'), legacy));
    assert.match(shown, /would bounce: &lt;!here&gt;/);
    assert.match(shown, /\*接続\*: mx\.example\.com refused the connection/);
    assert.match(shown, /Open port 25/);
  });
});
