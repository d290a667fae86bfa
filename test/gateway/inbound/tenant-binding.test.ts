// Tenant binding against a real relay on loopback: DKIM keys made at test time and served by a
// loopback DNS server, messages signed by the organization, by a subdomain, by another organization,
// unsigned and altered, and the routing-rule header present, absent, wrong and covered by DKIM.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { StatusResponse } from '../../../gateway/control-schema.ts';
import { TestDnsServer } from '../../support/dns-server.ts';
import { control, sendMail, startTestRelay, type TestRelay, tempDir } from '../harness.ts';

const SECRET = 'tenant-secret-0123456789abcdef';

function message(extraHeaders: string[] = [], body = 'Hello Bob,\r\n'): Buffer {
  return Buffer.from(
    [
      'From: Alice <alice@example.com>',
      'To: Bob <bob@example.org>',
      'Subject: tenant test',
      'Message-ID: <t1@example.com>',
      ...extraHeaders,
      '',
      body,
    ].join('\r\n'),
  );
}

async function spooled(relay: TestRelay, response: string): Promise<string> {
  const id = /queued as (\S+)/.exec(response)?.[1];
  assert.ok(id, response);
  return readFile(join(relay.spoolDir, 'queue', `${id}.eml`), 'latin1');
}

function rejected(status: unknown): Record<string, number> {
  return StatusResponse.parse(status).inbound.rejected;
}

describe('tenant binding by DKIM', () => {
  let dns: TestDnsServer;
  let relay: TestRelay;
  const keys = new Map<string, string>();
  /** Signs with the key of `domain` (made at test time) over the given headers. */
  const sign = async (raw: Buffer, domain: string) => {
    const privateKey = keys.get(domain) as string;
    const signing = {
      signingDomain: domain,
      selector: 'gw',
      privateKey,
    };
    const signed = await dkimSign(raw, { ...signing, signatureData: [signing] });
    return Buffer.concat([Buffer.from(signed.signatures), raw]);
  };
  const send = (raw: Buffer) =>
    sendMail({ port: relay.smtpPort, from: 'alice@example.com', to: ['bob@example.org'], message: raw });

  before(async () => {
    dns = await TestDnsServer.start();
    for (const domain of ['example.com', 'mail.example.com', 'notexample.com', 'other.test']) {
      // 1024-bit keys: the loopback DNS server answers over UDP only (512 bytes).
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
      const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
      dns.set(`gw._domainkey.${domain}`, { TXT: [['v=DKIM1; k=rsa; ', `p=${p}`]] });
      keys.set(domain, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    }
    relay = await startTestRelay({
      dns: { servers: [dns.address], timeoutMs: 300, tries: 1 },
      tenant: { dkimDomains: ['example.com'] },
    });
  });
  after(async () => {
    await relay.stop();
    await dns.close();
  });

  it('accepts a message signed by the organization or a subdomain of it, unchanged', async () => {
    const signed = await sign(message(), 'example.com');
    const result = await send(signed);
    assert.equal(result.code, 250, result.response);
    assert.equal(await spooled(relay, result.response), signed.toString('latin1'));
    const sub = await send(await sign(message(), 'mail.example.com'));
    assert.equal(sub.code, 250, sub.response);
  });

  it('refuses unsigned, foreign-signed, look-alike-signed and altered messages with 550 5.7.1', async () => {
    const before = rejected((await control(relay.controlPort, '/status')).body)['tenant-dkim'] ?? 0;
    const signed = await sign(message(), 'example.com');
    const altered = Buffer.from(signed.toString('latin1').replace('Hello Bob', 'Hello Eve'), 'latin1');
    for (const [what, raw] of [
      ['unsigned', message()],
      ['signed by another organization', await sign(message(), 'other.test')],
      ['signed by a look-alike domain', await sign(message(), 'notexample.com')],
      ['altered after signing', altered],
    ] as const) {
      const result = await send(raw);
      assert.equal(result.code, 550, `${what}: ${result.response}`);
      assert.match(
        result.response,
        /^550 5\.7\.1 Message refused: no valid DKIM signature of example\.com/,
        what,
      );
    }
    const status = await control(relay.controlPort, '/status');
    assert.equal(rejected(status.body)['tenant-dkim'], before + 4);
    const queue = (await control(relay.controlPort, '/queue')).body as { total: number };
    assert.equal(queue.total, 2, 'only the two accepted messages were spooled');
  });

  it('answers 451 4.7.5 when the signing key cannot be looked up', async () => {
    const signed = await sign(message(), 'example.com');
    const entry = dns.zone['gw._domainkey.example.com'];
    dns.set('gw._domainkey.example.com', { fail: 'servfail' });
    try {
      const result = await send(signed);
      assert.equal(result.code, 451, result.response);
      assert.match(result.response, /^451 4\.7\.5 /);
    } finally {
      if (entry) dns.set('gw._domainkey.example.com', entry);
    }
    const status = await control(relay.controlPort, '/status');
    assert.equal(rejected(status.body)['tenant-dkim-temperror'], 1);
    assert.deepEqual(StatusResponse.parse(status.body).tenant, { bound: true, dkimDomains: ['example.com'] });
  });
});

describe('tenant binding by a routing-rule header', () => {
  let relay: TestRelay;
  const send = (raw: Buffer) =>
    sendMail({ port: relay.smtpPort, from: 'alice@example.com', to: ['bob@example.org'], message: raw });

  before(async () => {
    relay = await startTestRelay({ tenant: { header: { name: 'X-Gateway-Tenant', secret: SECRET } } });
  });
  after(() => relay.stop());

  it('accepts the right value and removes the header before the message is spooled', async () => {
    const result = await send(message([`X-Gateway-Tenant: ${SECRET}`]));
    assert.equal(result.code, 250, result.response);
    const stored = await spooled(relay, result.response);
    assert.equal(stored, message().toString('latin1'));
    // Case-insensitive name, folded value.
    const folded = await send(message([`x-gateway-tenant:\r\n ${SECRET}`]));
    assert.equal(folded.code, 250, folded.response);
    assert.doesNotMatch(await spooled(relay, folded.response), /gateway-tenant/i);
  });

  it('refuses a missing or wrong header with 550 5.7.1 and never logs the secret', async () => {
    for (const headers of [
      [],
      ['X-Gateway-Tenant: wrong-value-0123456789abcdef'],
      [`X-Gateway-Tenant: ${SECRET}x`],
      [`X-Gateway-Tenant-Other: ${SECRET}`],
      ['X-Gateway-Tenant:'],
    ]) {
      const result = await send(message(headers));
      assert.equal(result.code, 550, `${headers.join()}: ${result.response}`);
      assert.match(
        result.response,
        /^550 5\.7\.1 Message refused: it does not carry this organization's X-Gateway-Tenant header/,
      );
    }
    // The header in the body does not count.
    const inBody = await send(message([], `X-Gateway-Tenant: ${SECRET}\r\n`));
    assert.equal(inBody.code, 550, inBody.response);
    const status = await control(relay.controlPort, '/status');
    assert.equal(rejected(status.body)['tenant-header'], 6);
    assert.deepEqual(StatusResponse.parse(status.body).tenant, {
      bound: true,
      dkimDomains: [],
      header: 'X-Gateway-Tenant',
    });
    assert.ok(!JSON.stringify(relay.logs).includes(SECRET));
    assert.ok(!status.text.includes(SECRET));
  });

  it('keeps the header, with a warning, when a DKIM signature covers it', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const raw = message([`X-Gateway-Tenant: ${SECRET}`]);
    const signing = {
      signingDomain: 'example.com',
      selector: 'gw',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      // mailauth reads headerList as a colon-separated string, whatever its typings say.
      headerList: 'from:to:subject:x-gateway-tenant' as unknown as string[],
    };
    const signed = await dkimSign(raw, { ...signing, signatureData: [signing] });
    const sent = Buffer.concat([Buffer.from(signed.signatures), raw]);
    const result = await send(sent);
    assert.equal(result.code, 250, result.response);
    assert.equal(await spooled(relay, result.response), sent.toString('latin1'));
    assert.ok(
      relay.logs.some(
        (l) => l.level === 40 && /DKIM signature covers the X-Gateway-Tenant header/.test(l.msg),
      ),
    );
  });
});

describe('tenant binding with both, with a secret file, and with neither', () => {
  it('needs both when both are set; reads the secret from secretFile', async (t) => {
    const dns = await TestDnsServer.start();
    const dir = await tempDir();
    t.after(async () => {
      await dns.close();
      await dir.remove();
    });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    dns.set('gw._domainkey.example.com', {
      TXT: [
        ['v=DKIM1; k=rsa; ', `p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`],
      ],
    });
    const secretFile = join(dir.path, 'tenant-secret');
    await writeFile(secretFile, `${SECRET}\n`);
    const relay = await startTestRelay({
      dns: { servers: [dns.address], timeoutMs: 300, tries: 1 },
      tenant: { dkimDomains: ['example.com'], header: { secretFile } },
    });
    t.after(() => relay.stop());
    const send = (raw: Buffer) =>
      sendMail({ port: relay.smtpPort, from: 'alice@example.com', to: ['bob@example.org'], message: raw });
    const signing = {
      signingDomain: 'example.com',
      selector: 'gw',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    const withHeader = message([`X-Gateway-Tenant: ${SECRET}`]);
    const signedSig = (await dkimSign(withHeader, { ...signing, signatureData: [signing] })).signatures;

    const unsigned = await send(withHeader);
    assert.match(unsigned.response, /^550 5\.7\.1 .*DKIM/);
    const signedWithout = Buffer.concat([
      Buffer.from((await dkimSign(message(), { ...signing, signatureData: [signing] })).signatures),
      message(),
    ]);
    assert.match((await send(signedWithout)).response, /^550 5\.7\.1 .*X-Gateway-Tenant/);
    const both = await send(Buffer.concat([Buffer.from(signedSig), withHeader]));
    assert.equal(both.code, 250, both.response);
    // The header is not in the default signed header list, so it is removed.
    assert.doesNotMatch(await spooled(relay, both.response), /X-Gateway-Tenant/);
  });

  it('warns at start-up and says so in /status when mail is bound only by sender domain', async (t) => {
    const relay = await startTestRelay();
    t.after(() => relay.stop());
    assert.ok(
      relay.logs.some((l) => l.level === 40 && /mail is bound only by sender domain/.test(l.msg)),
      'start-up warning',
    );
    const status = StatusResponse.parse((await control(relay.controlPort, '/status')).body);
    assert.deepEqual(status.tenant, { bound: false, dkimDomains: [] });
  });

  it('refuses a start-up with an unreadable secret file, naming it', async (t) => {
    const dir = await tempDir();
    t.after(() => dir.remove());
    const missing = join(dir.path, 'nope');
    await assert.rejects(startTestRelay({ tenant: { header: { secretFile: missing } } }), (e: Error) =>
      e.message.includes(`tenant.header.secretFile: cannot read ${missing} (ENOENT)`),
    );
  });
});
