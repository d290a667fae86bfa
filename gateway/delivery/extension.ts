// Plugs delivery into the relay: builds the queue from the configuration, adds POST /flush and the
// delivery sections of /status and /queue, and stops after the SMTP listener has closed.
import { hostname as osHostname } from 'node:os';
import type { RelayConfig } from '../config.ts';
import { createResolver } from '../dns.ts';
import type { Relay, RelayExtension } from '../relay.ts';
import { addressResolver } from './addresses.ts';
import type { DeliveryStatus, FlushResponse } from './control-schema.ts';
import { DkimSigner, loadSigningKeys } from './dkim.ts';
import { DeliveryQueue } from './queue.ts';
import { configuredPolicies, defaultPolicy, TlsPolicyLookup } from './tls-policy.ts';

export interface DeliveryExtensionOptions {
  /** Extra trust anchors for `verified` TLS (tests, private PKIs). */
  tlsCa?: string | string[];
  /** Seconds in-flight deliveries get to finish on shutdown. */
  shutdownGraceSeconds?: number;
}

export function tlsPolicyFor(config: RelayConfig): TlsPolicyLookup {
  return new TlsPolicyLookup([
    configuredPolicies(config.delivery.tlsPolicies),
    defaultPolicy(config.delivery.tls),
  ]);
}

export class DeliveryExtension implements RelayExtension {
  readonly name = 'delivery';
  queue: DeliveryQueue | undefined;

  constructor(private readonly options: DeliveryExtensionOptions = {}) {}

  async start(relay: Relay): Promise<void> {
    const config = relay.config;
    const resolver = createResolver(config.dns);
    const signer = new DkimSigner(await loadSigningKeys(config.dkim));
    const queue = new DeliveryQueue({
      spool: relay.spool,
      config: config.delivery,
      hostname: config.hostname ?? osHostname(),
      log: relay.log.child({ component: 'delivery' }),
      messageLog: relay.messageLog,
      metrics: relay.metrics,
      mxLookup: resolver,
      resolveAddresses: addressResolver(config.dns.servers.length > 0 ? resolver : null),
      tlsPolicy: tlsPolicyFor(config),
      signer,
      dkimResolver: (name, rrtype) => resolver.resolve(name, rrtype) as Promise<string[][] | string[]>,
      ...(this.options.tlsCa ? { tlsCa: this.options.tlsCa } : {}),
    });
    this.queue = queue;
    relay.control.addRoute({
      method: 'POST',
      path: '/flush',
      handler: (): FlushResponse => ({ flushed: queue.flush() }),
    });
    relay.statusSections.set(
      'delivery',
      async (): Promise<DeliveryStatus> => ({ mode: relay.config.delivery.mode, ...(await queue.counts()) }),
    );
    relay.queueSections.set('deferred', () => queue.deferred());
    await queue.start();
  }

  stopping(): void {
    this.queue?.quiesce();
  }

  async stop(): Promise<void> {
    await this.queue?.stop((this.options.shutdownGraceSeconds ?? 30) * 1000);
  }

  async check(config: RelayConfig): Promise<void> {
    await loadSigningKeys(config.dkim);
  }

  async reload(config: RelayConfig): Promise<void> {
    const signer = new DkimSigner(await loadSigningKeys(config.dkim));
    this.queue?.reconfigure(config.delivery, tlsPolicyFor(config), signer);
  }
}
