// GET /tls-policy/:domain: the recipient domain's DANE and MTA-STS state as the relay sees it now,
// for /gateway diagnose DOMAIN. The same lookups delivery makes (MTA-STS answers may come from cache).
import type { DeliveryConfig } from './config.ts';
import type { TlsPolicyReport } from './control-schema.ts';
import { hostDane, mxSecurity } from './dane.ts';
import { type MxLookup, resolveRoute } from './next-hop.ts';
import type { TlsDecisionDeps } from './tls-decision.ts';
import type { TlsPolicyLookup } from './tls-policy.ts';

const DOMAIN =
  /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)+$/i;

export function isDomainName(text: string): boolean {
  return DOMAIN.test(text);
}

export async function tlsReport(
  domain: string,
  config: DeliveryConfig,
  mxLookup: MxLookup,
  policies: TlsPolicyLookup,
  deps: Pick<TlsDecisionDeps, 'dane' | 'mtaSts'>,
): Promise<TlsPolicyReport> {
  const name = domain.toLowerCase().replace(/\.$/, '');
  const policy = await policies.lookup(name);
  const configured = policy.source.startsWith('config:') ? `${policy.mode} (${policy.source})` : null;
  const report: TlsPolicyReport = {
    domain: name,
    mode: config.mode,
    configured,
    dane: { enabled: deps.dane !== undefined, mx: 'off', detail: 'delivery.dane is off', hosts: [] },
    mtaSts: { enabled: deps.mtaSts !== undefined, state: 'off', detail: 'delivery.mtaSts is off' },
  };
  if (config.mode === 'smarthost') {
    report.dane.detail = 'mode smarthost: the smart host keeps its configured policy';
    report.mtaSts.detail = report.dane.detail;
    return report;
  }
  if (deps.dane) {
    const mx = await mxSecurity(deps.dane, name);
    if ('fail' in mx) report.dane = { ...report.dane, mx: 'failed', detail: mx.fail };
    else if (!mx.secure) report.dane = { ...report.dane, mx: 'insecure', detail: mx.why };
    else {
      const route = await resolveRoute(name, { ...config, mode: 'mx' }, mxLookup, () => 0.5);
      const hops = route.kind === 'hops' ? route.hops : [];
      const hosts = await Promise.all(
        hops.map((hop) => hostDane(deps.dane as NonNullable<typeof deps.dane>, hop.host, hop.port)),
      );
      report.dane = {
        ...report.dane,
        mx: 'secure',
        detail: route.kind === 'fail' ? route.reason : `MX of ${name} is DNSSEC-signed`,
        hosts: hops.map((hop, i) => {
          const found = hosts[i] as (typeof hosts)[number];
          return {
            host: hop.host,
            state: found.kind,
            detail: found.kind === 'fail' ? found.reason : found.why,
          };
        }),
      };
    }
  }
  if (deps.mtaSts) {
    const sts = await deps.mtaSts.policyFor(name);
    report.mtaSts =
      sts.kind === 'none'
        ? { enabled: true, state: 'none', detail: sts.why }
        : {
            enabled: true,
            state: 'policy',
            detail: sts.note ?? `policy ${sts.source === 'cache' ? 'from the cache' : 'fetched now'}`,
            mode: sts.cached.policy.mode,
            id: sts.cached.id,
            mx: sts.cached.policy.mx,
            source: sts.source,
            expiresAt: sts.cached.expiresAt,
          };
  }
  return report;
}
