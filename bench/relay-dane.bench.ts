// What DANE costs the relay: throughput of MX delivery to a DNSSEC-signed domain whose MX host has a
// matching DANE-EE TLSA record, with DANE checks on (DNSSEC MX, A, AAAA and TLSA lookups through a
// validating unbound per message, the certificate matched per connection) and off (delivery.dane:
// false), on the same load: SESSIONS SMTP sessions sending MESSAGES 10 KB messages in all.
// The zone is signed at start (ldns-signzone), served by nsd, validated by unbound, all on loopback;
// the next hop is a STARTTLS sink on 127.0.0.2. MTA-STS is off in both runs (the zone has none).
// Throughput: messages / (first message sent -> last one delivered). Bounded in count and time.
import { createHash, X509Certificate } from 'node:crypto';
import { DeliveryExtension } from '../gateway/delivery/extension.ts';
import type { DeliveryQueue } from '../gateway/delivery/queue.ts';
import { startTestRelay } from '../test/gateway/harness.ts';
import { missingDnssecTools, startDnssec } from '../test/support/dnssec.ts';
import { issueCertificate } from '../test/support/pki.ts';
import { freePort } from '../test/support/ports.ts';
import { connectSmtp, sendSmtp } from '../test/support/smtp-client.ts';
import { TestSink } from '../test/support/smtp-sink.ts';

const SESSIONS = 10;
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const RUN_LIMIT_MS = 120_000;
const BODY = `${'x'.repeat(76)}\r\n`.repeat(Math.ceil((10 * 1024) / 78));

async function load(smtpPort: number, queue: DeliveryQueue): Promise<number> {
  let delivered = 0;
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`only ${delivered} of ${MESSAGES} delivered in ${RUN_LIMIT_MS} ms`)),
      RUN_LIMIT_MS,
    );
    queue.on('attempt', (event) => {
      delivered += event.delivered.length;
      if (event.deferred.length > 0) reject(new Error(`deferred: ${event.deferred.join(', ')}`));
      if (delivered >= MESSAGES) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SESSIONS }, async (_, s) => {
      const connection = await connectSmtp({ host: '127.0.0.1', port: smtpPort, ignoreTLS: true });
      try {
        for (let i = s; i < MESSAGES; i += SESSIONS) {
          await sendSmtp(
            connection,
            { from: 'alice@example.com', to: [`bob${i}@signed.test`] },
            `From: alice@example.com\r\nTo: bob${i}@signed.test\r\nSubject: ${i}\r\n\r\n${BODY}`,
          );
        }
      } finally {
        connection.close();
      }
    }),
  );
  await done;
  return (performance.now() - started) / 1000;
}

async function main() {
  const missing = await missingDnssecTools();
  if (missing.length > 0) {
    console.log(`skipped: needs ${missing.join(', ')} (Debian nsd, unbound, ldnsutils)`);
    return;
  }
  const port = await freePort();
  const cert = issueCertificate({ commonName: 'mx.signed.test' });
  const spki = new X509Certificate(cert.certPem).publicKey.export({ type: 'spki', format: 'der' }) as Buffer;
  const sink = await TestSink.start({ host: '127.0.0.2', port, key: cert.keyPem, cert: cert.certPem });
  const dns = await startDnssec([
    {
      name: 'signed.test',
      signed: true,
      records: [
        '@ IN MX 10 mx.signed.test.',
        'mx IN A 127.0.0.2',
        `_${port}._tcp.mx IN TLSA 3 1 1 ${createHash('sha256').update(spki).digest('hex')}`,
      ],
    },
  ]);
  const results: Record<string, number[]> = { 'dane on': [], 'dane off': [] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const dane of [true, false]) {
        const extension = new DeliveryExtension();
        const relay = await startTestRelay(
          {
            dns: { servers: [dns.resolver], timeoutMs: 2000, tries: 1 },
            delivery: { mode: 'mx', mxPort: port, dane, mtaSts: false, timeoutSeconds: 30 },
            limits: { maxMessagesPerConnection: MESSAGES },
          },
          { extensions: [extension] },
        );
        try {
          const seconds = await load(relay.smtpPort, extension.queue as DeliveryQueue);
          const policy = relay.logs.find((l) => l.msg === 'delivery finished')?.tls as { policy?: string }[];
          if ((policy?.[0]?.policy === 'dane') !== dane)
            throw new Error(`expected dane ${dane}, log says ${JSON.stringify(policy)}`);
          results[dane ? 'dane on' : 'dane off']?.push(MESSAGES / seconds);
          console.log(
            `round ${round + 1} dane ${dane ? 'on ' : 'off'}: ${MESSAGES} messages in ${seconds.toFixed(2)} s = ${(MESSAGES / seconds).toFixed(0)} msg/s`,
          );
        } finally {
          await relay.stop();
        }
      }
    }
  } finally {
    await dns.stop();
    await sink.close();
  }
  const best = (name: string) => Math.max(...(results[name] ?? []));
  console.log(
    `best of ${ROUNDS}: dane on ${best('dane on').toFixed(0)} msg/s, dane off ${best('dane off').toFixed(0)} msg/s (${((best('dane on') / best('dane off')) * 100).toFixed(0)}%)`,
  );
}

await main();
