// The TLS policy for a recipient domain. A lookup over a list of sources, first answer wins. In mode
// mx a `default` answer leaves room for DANE and MTA-STS (tls-decision.ts); a configured one decides.
import type { TlsMode, TlsPolicyMode } from './config.ts';

export interface TlsPolicy {
  mode: TlsPolicyMode;
  /** Where the policy came from, for logs and /queue ("config:bank.example", "default"). */
  source: string;
}

export interface TlsPolicySource {
  lookup(domain: string): Promise<TlsPolicy | undefined> | TlsPolicy | undefined;
}

/** Per-domain entries from `delivery.tlsPolicies`; an entry also covers that domain's subdomains
 *  only when written with a leading dot (".example.com"), as in Postfix's tls_policy maps. */
export function configuredPolicies(policies: Record<string, TlsPolicyMode>): TlsPolicySource {
  const exact = new Map<string, TlsPolicyMode>();
  const parents: [string, TlsPolicyMode][] = [];
  for (const [key, mode] of Object.entries(policies)) {
    const name = key.toLowerCase().replace(/\.$/, '');
    if (name.startsWith('.')) parents.push([name, mode]);
    else exact.set(name, mode);
  }
  return {
    lookup(domain) {
      const name = domain.toLowerCase().replace(/\.$/, '');
      const mode = exact.get(name);
      if (mode) return { mode, source: `config:${name}` };
      for (const [suffix, parentMode] of parents) {
        if (name.endsWith(suffix)) return { mode: parentMode, source: `config:${suffix}` };
      }
      return undefined;
    },
  };
}

export function defaultPolicy(mode: TlsMode): TlsPolicySource {
  return { lookup: () => ({ mode, source: 'default' }) };
}

export class TlsPolicyLookup {
  constructor(private readonly sources: TlsPolicySource[]) {}

  async lookup(domain: string): Promise<TlsPolicy> {
    for (const source of this.sources) {
      const found = await source.lookup(domain);
      if (found) return found;
    }
    return { mode: 'opportunistic', source: 'built-in' };
  }
}
