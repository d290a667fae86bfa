// Plugs delivery into the relay: builds the queue from the configuration, adds POST /flush and the
// delivery sections of /status and /queue, and stops after the SMTP listener has closed.
import type { promises as dnsPromises } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import type { RelayConfig } from '../config.ts';
import { ControlError } from '../control.ts';
import { createResolver } from '../dns.ts';
import { DnssecResolver } from '../dnssec-resolver.ts';
import type { Relay, RelayExtension } from '../relay.ts';
import { addressResolver } from './addresses.ts';
import type { DeliveryStatus, FlushResponse } from './control-schema.ts';
import { DkimSigner, loadSigningKeys } from './dkim.ts';
import { MtaSts } from './mta-sts.ts';
import { DeliveryQueue, type DeliveryQueueDeps } from './queue.ts';
import { configuredPolicies, defaultPolicy, TlsPolicyLookup } from './tls-policy.ts';
import { isDomainName, tlsReport } from './tls-report.ts';

export interface DeliveryExtensionOptions {
  /** Extra trust anchors for `verified` TLS (tests, private PKIs). */
  tlsCa?: string | string[];
  /** Seconds in-flight deliveries get to finish on shutdown. */
  shutdownGraceSeconds?: number;
  /** The archive copy: messages leave the spool through it (gateway/archive/extension.ts). */
  finisher?: DeliveryQueueDeps['finisher'];
  /** Test-only: trust anchors (PEM) for MTA-STS policy servers instead of the system's, and their port. */
  mtaSts?: { ca?: string | string[]; port?: number };
}

/** `delivery.dane`, or on by default when `dns.servers` names resolvers (which must validate). */
export function daneEnabled(config: RelayConfig): boolean {
  return config.delivery.dane ?? config.dns.servers.length > 0;
}

/** Host name lookups through the relay's own resolvers (for the MTA-STS policy host). */
function resolverLookup(resolver: dnsPromises.Resolver): LookupFunction {
  return (hostname, options, callback) => {
    Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]).then(([v4, v6]) => {
      const found = [
        ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 })) : []),
        ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 })) : []),
      ];
      if (found.length === 0) {
        const error = Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
        return callback(error, '', 0);
      }
      if ((options as { all?: boolean }).all) (callback as (e: null, a: typeof found) => void)(null, found);
      else callback(null, (found[0] as (typeof found)[0]).address, (found[0] as (typeof found)[0]).family);
    });
  };
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
  private resolver: dnsPromises.Resolver | undefined;

  constructor(private readonly options: DeliveryExtensionOptions = {}) {}

  /** DANE lookups and MTA-STS for mode mx, from the configuration. */
  secureTls(config: RelayConfig, resolver: dnsPromises.Resolver): DeliveryQueueDeps['secureTls'] {
    if (config.delivery.mode !== 'mx') return {};
    return {
      ...(daneEnabled(config) ? { dane: new DnssecResolver(config.dns) } : {}),
      ...(config.delivery.mtaSts
        ? {
            mtaSts: new MtaSts({
              resolveTxt: (name) => resolver.resolveTxt(name),
              ...(config.dns.servers.length > 0 ? { lookup: resolverLookup(resolver) } : {}),
              cacheDir: join(config.spool, 'mta-sts'),
              ...(this.options.mtaSts?.ca ? { ca: this.options.mtaSts.ca } : {}),
              ...(this.options.mtaSts?.port ? { port: this.options.mtaSts.port } : {}),
            }),
          }
        : {}),
    };
  }

  async start(relay: Relay): Promise<void> {
    const config = relay.config;
    const resolver = createResolver(config.dns);
    this.resolver = resolver;
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
      secureTls: this.secureTls(config, resolver),
      signer,
      dkimResolver: (name, rrtype) => resolver.resolve(name, rrtype) as Promise<string[][] | string[]>,
      ...(this.options.tlsCa ? { tlsCa: this.options.tlsCa } : {}),
      ...(this.options.finisher ? { finisher: this.options.finisher } : {}),
    });
    this.queue = queue;
    relay.control.addRoute({
      method: 'POST',
      path: '/flush',
      handler: (): FlushResponse => ({ flushed: queue.flush() }),
    });
    relay.control.addRoute({
      method: 'GET',
      path: '/tls-policy/:domain',
      handler: ({ params }) => {
        const domain = params.domain ?? '';
        if (!isDomainName(domain))
          throw new ControlError(400, `"${domain.slice(0, 100)}" is not a domain name (e.g. example.com)`);
        const current = relay.config;
        return tlsReport(domain, current.delivery, resolver, tlsPolicyFor(current), queue.secureTls ?? {});
      },
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
    const secureTls = this.resolver ? this.secureTls(config, this.resolver) : undefined;
    this.queue?.reconfigure(config.delivery, tlsPolicyFor(config), signer, secureTls);
  }
}
