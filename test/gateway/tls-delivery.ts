// Shared by the DANE and MTA-STS delivery tests: send one message through the relay and wait for its
// delivery attempt, with the TLS decisions the attempt's log line records.
import assert from 'node:assert/strict';
import type { AttemptEvent, DeliveryQueue, TlsApplied } from '../../gateway/delivery/queue.ts';
import { sendMail, type TestRelay } from './harness.ts';

export async function deliverOne(
  relay: TestRelay,
  queue: DeliveryQueue,
  to: string,
): Promise<{ event: AttemptEvent; tls: TlsApplied[] }> {
  const seen = new Promise<AttemptEvent>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no delivery attempt for ${to} within 20 s`)), 20_000);
    const listener = (event: AttemptEvent) => {
      if (![...event.delivered, ...event.deferred, ...event.bounced].includes(to)) return;
      clearTimeout(timer);
      queue.off('attempt', listener);
      resolve(event);
    };
    queue.on('attempt', listener);
  });
  const message = Buffer.from(`From: alice@example.com\r\nTo: ${to}\r\nSubject: tls\r\n\r\nhello\r\n`);
  const sent = await sendMail({ port: relay.smtpPort, from: 'alice@example.com', to: [to], message });
  assert.equal(sent.code, 250, sent.response);
  const event = await seen;
  const line = relay.logs.findLast(
    (l) => (l.msg === 'delivery finished' || l.msg === 'delivery deferred') && JSON.stringify(l).includes(to),
  );
  return { event, tls: (line?.tls as TlsApplied[] | undefined) ?? [] };
}
