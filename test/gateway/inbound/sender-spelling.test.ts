// Sender domains in one spelling only, against a real relay on loopback: other spellings of the
// organization's own domain are refused at MAIL FROM, the canonical one is accepted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { control, openSession, startTestRelay } from '../harness.ts';

describe('sender domain spelling', () => {
  it('refuses full-width letters, a soft hyphen and a Kelvin sign with 553 5.1.7', async (t) => {
    const relay = await startTestRelay({
      senders: ['example.com', 'kexample.com'],
      limits: { closeTimeoutSeconds: 1 },
    });
    t.after(() => relay.stop());
    const { client, ehlo } = await openSession(relay.smtpPort);
    t.after(() => client.close());
    assert.match(ehlo, /SMTPUTF8/);
    const mailFrom = async (address: string) => {
      client.write(Buffer.from(`MAIL FROM:<${address}> SMTPUTF8\r\n`, 'utf8'));
      const reply = await client.reply();
      if (reply.startsWith('250')) assert.match(await client.command('RSET'), /^250/);
      return reply;
    };
    for (const address of ['alice@ex\uff41mple.com', 'alice@exam\u00adple.com', 'alice@\u212aexample.com']) {
      const reply = await mailFrom(address);
      assert.match(
        reply,
        /^553 5\.1\.7 Sender domain .* is not in its canonical spelling: write it as k?example\.com/,
        `${address}: ${reply}`,
      );
    }
    // smtp-server itself reads the ideographic full stop as a dot (punycode's label separators), so
    // that spelling reaches the relay, and is stored, as example.com; checkSender refuses it too.
    assert.match(await mailFrom('alice@example\u3002com'), /^250/);
    assert.match(await mailFrom('alice@example.com'), /^250/);
    assert.match(await mailFrom('alice@kexample.com'), /^250/);
    const { body } = await control(relay.controlPort, '/status');
    assert.equal(
      (body as { inbound: { rejected: Record<string, number> } }).inbound.rejected['sender-syntax'],
      3,
    );
  });
});
