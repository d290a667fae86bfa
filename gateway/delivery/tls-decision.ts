// The TLS each next hop of an MX delivery gets, and why. Order (RFC 7672 2.2, RFC 8461 2): a
// `tlsPolicies` entry decides when there is one; otherwise DANE where the next hop has usable
// DNSSEC-signed TLSA records, else the domain's MTA-STS policy, else `delivery.tls`. A failed or bogus
// DANE lookup and an MTA-STS enforce mismatch skip the host (the message waits); neither downgrades.
import type { SecureLookup } from '../dnssec-resolver.ts';
import type { TlsMode } from './config.ts';
import { type HostDane, hostDane, mxSecurity, type TlsaRecord } from './dane.ts';
import { type MtaSts, type MtaStsState, mxMatches } from './mta-sts.ts';
import type { NextHop } from './next-hop.ts';
import type { TlsPolicy } from './tls-policy.ts';

export type PolicyName = 'dane' | 'mta-sts' | 'verified' | 'required' | 'opportunistic';

export interface HopTls {
  /** What the session does: opportunistic, required (STARTTLS mandatory) or verified (PKIX + name). */
  mode: TlsMode;
  policy: PolicyName;
  why: string;
  /** DANE: the certificate must match one of these, checked after STARTTLS and before MAIL. */
  dane?: TlsaRecord[];
  /** Names a DANE-TA certificate may be for: the MX host and the recipient domain. */
  daneNames?: string[];
  /** MTA-STS testing: deliver, and record what enforce would have refused. */
  mtaStsTesting?: { mxMismatch: boolean };
}

export interface DecidedHop extends NextHop {
  tls: HopTls;
}

/** A next hop left out, with the reason the recipients see and a short code for /status. */
export interface SkippedHop {
  host: string;
  reason: string;
  code: string;
}

export interface TlsDecision {
  hops: DecidedHop[];
  skipped: SkippedHop[];
  /** The domain's MTA-STS state when it was looked up. */
  mtaSts?: MtaStsState;
}

export interface TlsDecisionDeps {
  /** DNSSEC-aware lookups; DANE is off without them. */
  dane?: SecureLookup;
  mtaSts?: MtaSts;
  /** `delivery.tls`: what applies when neither DANE nor MTA-STS does. */
  defaultMode: TlsMode;
}

function stsText(state: MtaStsState & { kind: 'policy' }): string {
  const { cached, source, note } = state;
  return `MTA-STS ${cached.policy.mode} (id ${cached.id}, ${source === 'cache' ? 'cached' : 'fetched'}${note ? `; ${note}` : ''})`;
}

export async function decideTls(
  domain: string,
  hops: NextHop[],
  policy: TlsPolicy,
  deps: TlsDecisionDeps,
): Promise<TlsDecision> {
  const forced = policy.source.startsWith('config:') ? policy.mode : undefined;
  if (forced === 'opportunistic' || forced === 'required' || forced === 'verified') {
    const why = `tlsPolicies entry ${policy.source.slice('config:'.length)}`;
    return { hops: hops.map((hop) => ({ ...hop, tls: { mode: forced, policy: forced, why } })), skipped: [] };
  }

  // An address literal ("user@[192.0.2.1]") has no names to secure.
  const literal = domain.startsWith('[');
  const dane = new Map<string, HostDane>();
  let noDane = literal ? 'an address literal has no TLSA records' : 'DANE is off (delivery.dane)';
  if (deps.dane && forced !== 'mta-sts' && !literal) {
    const mx = await mxSecurity(deps.dane, domain);
    if ('fail' in mx) {
      // The validating resolver refused the MX answer (bogus) or did not answer: no downgrade.
      const reason = `4.7.5 DANE: ${mx.fail}; not delivering without it`;
      return {
        hops: [],
        skipped: hops.map((hop) => ({ host: hop.host, reason, code: 'dane-lookup-failed' })),
      };
    }
    if (mx.secure) {
      const found = await Promise.all(
        hops.map((hop) => hostDane(deps.dane as SecureLookup, hop.host, hop.port)),
      );
      for (const [i, hop] of hops.entries()) dane.set(hop.host, found[i] as HostDane);
      noDane = '';
    } else noDane = mx.why;
  }

  const needsSts =
    deps.mtaSts !== undefined &&
    forced !== 'dane' &&
    !literal &&
    hops.some((hop) => {
      const kind = dane.get(hop.host)?.kind;
      return kind !== 'usable' && kind !== 'unusable' && kind !== 'fail';
    });
  const sts = needsSts ? await (deps.mtaSts as MtaSts).policyFor(domain) : undefined;

  const decided: DecidedHop[] = [];
  const skipped: SkippedHop[] = [];
  for (const hop of hops) {
    const found = dane.get(hop.host);
    if (found?.kind === 'fail') {
      skipped.push({
        host: hop.host,
        reason: `4.7.5 DANE: ${found.reason}; not delivering to ${hop.host} without it`,
        code: 'dane-lookup-failed',
      });
      continue;
    }
    if (found?.kind === 'usable') {
      decided.push({
        ...hop,
        tls: {
          mode: 'required',
          policy: 'dane',
          why: found.why,
          dane: found.records,
          daneNames: [hop.host, domain],
        },
      });
      continue;
    }
    if (found?.kind === 'unusable') {
      decided.push({ ...hop, tls: { mode: 'required', policy: 'dane', why: found.why } });
      continue;
    }
    const daneWhy = found?.why ?? noDane;
    if (forced === 'dane') {
      skipped.push({
        host: hop.host,
        reason: `4.7.5 tlsPolicies demands DANE for ${domain}, but ${daneWhy}`,
        code: 'dane-required',
      });
      continue;
    }
    if (sts?.kind === 'policy' && sts.cached.policy.mode !== 'none') {
      const matches = mxMatches(sts.cached.policy, hop.host);
      const enforce = sts.cached.policy.mode === 'enforce' || forced === 'mta-sts';
      if (enforce && !matches) {
        skipped.push({
          host: hop.host,
          reason: `4.7.5 ${stsText(sts)} for ${domain} does not list MX ${hop.host} (mx: ${sts.cached.policy.mx.join(', ')})`,
          code: 'mta-sts-mx-mismatch',
        });
        continue;
      }
      if (enforce) {
        decided.push({ ...hop, tls: { mode: 'verified', policy: 'mta-sts', why: stsText(sts) } });
        continue;
      }
      decided.push({
        ...hop,
        tls: {
          mode: deps.defaultMode,
          policy: 'mta-sts',
          why: `${stsText(sts)}; delivering with ${deps.defaultMode} TLS`,
          mtaStsTesting: { mxMismatch: !matches },
        },
      });
      continue;
    }
    const stsWhy = sts === undefined ? '' : sts.kind === 'none' ? sts.why : `MTA-STS mode none`;
    if (forced === 'mta-sts') {
      skipped.push({
        host: hop.host,
        reason: `4.7.5 tlsPolicies demands MTA-STS for ${domain}, but ${stsWhy || 'MTA-STS is off'}`,
        code: 'mta-sts-required',
      });
      continue;
    }
    const why = [daneWhy && `no DANE: ${daneWhy}`, stsWhy && `no MTA-STS: ${stsWhy}`]
      .filter(Boolean)
      .join('; ');
    decided.push({
      ...hop,
      tls: { mode: deps.defaultMode, policy: deps.defaultMode, why: why || 'delivery.tls' },
    });
  }
  return { hops: decided, skipped, ...(sts ? { mtaSts: sts } : {}) };
}
