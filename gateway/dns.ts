// The relay's one DNS adapter: a resolver using the configured servers (the system's when empty).
import { promises as dnsPromises } from 'node:dns';
import type { TxtLookup } from './spf.ts';

export interface DnsSettings {
  servers: string[];
  timeoutMs: number;
  tries: number;
}

export function createResolver(settings: DnsSettings): dnsPromises.Resolver {
  const resolver = new dnsPromises.Resolver({ timeout: settings.timeoutMs, tries: settings.tries });
  if (settings.servers.length > 0) resolver.setServers(settings.servers);
  return resolver;
}

export function txtLookup(resolver: dnsPromises.Resolver): TxtLookup {
  return (name) => resolver.resolveTxt(name);
}
