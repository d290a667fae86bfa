// Runs /gateway diagnose: works out what the argument names (a route, a host or a domain), runs every
// check at once and reports each as it finishes, with its own duration.
import type { Resolver } from 'node:dns/promises';
import type { ChangeService } from '../changes/change-service.ts';
import type { ChangeRequest } from '../domain/change-request.ts';
import { type DesiredState, routeOfChange } from '../domain/desired-state.ts';
import { type BypassFinding, bypassCheck, contentCheck } from '../domain/ops/content-check.ts';
import {
  deferredCheck,
  dkimCheck,
  dnsCheck,
  type PropagationView,
  propagationCheck,
  type RejectionPeriod,
  rejectionsCheck,
  relayHealthCheck,
  spfCheck,
  tlsCheck,
} from '../domain/ops/diagnose-checks.ts';
import {
  type CheckOutcome,
  type DiagnoseAbout,
  type DiagnoseReport,
  finishCheck,
  newReport,
  targetText,
} from '../domain/ops/diagnose-report.ts';
import type { RelaySnapshot } from '../domain/ops/relay-snapshot.ts';
import { type RouteOptions, sameName } from '../domain/route.ts';
import { parseRouteTarget } from '../domain/route-target.ts';
import type { GatewayFleet } from '../gateway-client/fleet.ts';
import { list, type Phrase, phrase, raw } from '../i18n/phrase.ts';
import { PhraseError } from '../i18n/phrase-error.ts';
import { tlsPhrase } from '../tls/messages.ts';
import { lookupHost } from './dns-lookup.ts';
import type { RelayMonitor } from './monitor.ts';
import { recipientTlsCheck } from './recipient-tls.ts';
import { readRelay } from './relay-reader.ts';
import { spfFor } from './spf-lookup.ts';
import type { TlsRunner } from './tls-runner.ts';

export interface DiagnoseDeps {
  fleet: GatewayFleet;
  changes: Pick<ChangeService, 'desiredState' | 'recent'>;
  tls: TlsRunner;
  resolver: Resolver;
  monitor?: RelayMonitor;
  senderDomains: string[];
  outboundAddresses: string[];
  /** Reads Google's "Allow per-user outbound gateways" (absent: Google Workspace not configured). */
  perUserGateway?: () => Promise<BypassFinding>;
  now: () => number;
}

/** What the argument turned out to be. */
export type DiagnoseSubject =
  | {
      kind: 'route';
      name: string;
      host: string;
      port: number;
      options: RouteOptions;
    }
  | { kind: 'host'; host: string; port: number; isIp: boolean }
  | { kind: 'relays' };

/** The argument names nothing diagnose can check; `problem` says why, for the reader's language. */
export class DiagnoseInputError extends PhraseError {}

/** Whether a relay's SMTP address ("host:port", as GATEWAYS gives it) is this host and port. */
function sameTarget(smtp: string | undefined, host: string, port: number): boolean {
  if (!smtp) return false;
  const parsed = parseRouteTarget(smtp);
  return parsed.ok && parsed.target.port === port && parsed.target.host.toLowerCase() === host.toLowerCase();
}

export function resolveSubject(arg: string | undefined, state: DesiredState): DiagnoseSubject {
  const name = arg ?? state.routing?.route ?? state.routes[0]?.name;
  const route = name ? state.routes.find((r) => sameName(r.name, name)) : undefined;
  if (route)
    return { kind: 'route', name: route.name, host: route.host, port: route.port, options: route.options };
  if (arg === undefined) return { kind: 'relays' };
  const target = parseRouteTarget(arg);
  if (!target.ok) {
    const problems = list(target.problems, 'parts');
    throw new DiagnoseInputError(
      state.routes.length > 0
        ? phrase('invalid.diagnoseArg', { arg, problems, routes: list(state.routes.map((r) => raw(r.name))) })
        : phrase('invalid.diagnoseArgNoRoutes', { arg, problems }),
    );
  }
  return { kind: 'host', host: target.target.host, port: target.target.port, isIp: target.target.isIp };
}

export async function runDiagnose(
  deps: DiagnoseDeps,
  arg: string | undefined,
  onUpdate: (report: DiagnoseReport) => Promise<void>,
): Promise<DiagnoseReport> {
  const subject = resolveSubject(arg, await deps.changes.desiredState());
  const domain = subject.kind === 'host' && !subject.isIp ? subject.host : undefined;
  const spfDomains = [...new Set([...(domain ? [domain] : []), ...deps.senderDomains])];
  const target = subject.kind === 'relays' ? undefined : subject;

  type Check = { id: string; title: Phrase; run: () => Promise<CheckOutcome> };
  const started = deps.now();
  const relays = Promise.all(
    deps.fleet.clients.map(async (client) => {
      const snapshot = await readRelay(client, deps.now(), { withQueue: true });
      return deps.monitor ? deps.monitor.withCertificate(snapshot) : snapshot;
    }),
  );
  const reachable = async () => (await relays).filter((s) => s.reachable);

  const checks: Check[] = [];
  if (target) {
    const hostPort = targetText(target.host, target.port);
    checks.push({
      id: 'tls',
      title:
        target.kind === 'route'
          ? phrase('check.title.tlsRoute', { name: target.name, target: hostPort })
          : phrase('check.title.tls', { target: hostPort }),
      run: async () => {
        const options =
          target.kind === 'route'
            ? target.options
            : {
                mxLookup: !target.isIp && (await lookupHost(deps.resolver, target.host, 'auto')).mxLookup,
                requireTls: true,
                requireCaSigned: true,
                validateHostname: true,
              };
        const result = await deps.tls({ host: target.host, port: target.port, ...options });
        const paused = (await reachable()).find(
          (s) => s.paused && sameTarget(deps.fleet.relay(s.relay)?.smtp, target.host, target.port),
        );
        const view = {
          ...result,
          summary: tlsPhrase(result.summary),
          remedies: result.remedies.map(tlsPhrase),
          warnings: result.warnings.map(tlsPhrase),
        };
        return tlsCheck(view, paused ? { pausedRelay: paused.relay } : {});
      },
    });
    checks.push({
      id: 'dns',
      title: phrase('check.title.dns', { host: target.host }),
      run: async () =>
        dnsCheck(
          await lookupHost(
            deps.resolver,
            target.host,
            target.kind === 'route' ? target.options.mxLookup : 'auto',
          ),
        ),
    });
  }
  if (domain) {
    checks.push({
      id: 'recipient-tls',
      title: phrase('check.title.recipientTls', { domain }),
      run: () => recipientTlsCheck(deps.fleet.clients, domain),
    });
  }
  checks.push(
    {
      id: 'relay',
      title: phrase('check.title.relay'),
      run: async () => relayHealthCheck(await relays),
    },
    { id: 'content', title: phrase('check.title.content'), run: async () => contentCheck(await relays) },
    {
      id: 'rejections',
      title: phrase('check.title.rejections'),
      run: async () => {
        const recent = recentRejections(await reachable(), deps.monitor);
        return rejectionsCheck(recent.counts, recent.period);
      },
    },
    {
      id: 'deferred',
      title: phrase('check.title.deferred'),
      run: async () => deferredCheck((await reachable()).flatMap((s) => s.deferred ?? [])),
    },
    {
      id: 'dkim',
      title: phrase('check.title.dkim'),
      run: async () => {
        const withDkim = (await reachable()).filter((s) => s.dkim);
        if (withDkim.length === 0) {
          return {
            status: 'warn',
            summary: phrase('check.dkim.noReports'),
            remedies: [phrase('check.dkim.noReportsRemedy')],
          };
        }
        return dkimCheck({
          pass: withDkim.reduce((n, s) => n + (s.dkim?.pass ?? 0), 0),
          fail: withDkim.reduce((n, s) => n + (s.dkim?.fail ?? 0), 0),
        });
      },
    },
  );
  if (deps.outboundAddresses.length > 0) {
    checks.push({
      id: 'spf',
      title: phrase('check.title.spf'),
      run: async () => {
        const modes = (await reachable()).map((s) => s.deliveryMode);
        if (modes.length > 0 && modes.every((m) => m === 'smarthost')) {
          return { status: 'pass', summary: phrase('check.spf.smarthost') };
        }
        if (spfDomains.length === 0) {
          return {
            status: 'warn',
            summary: phrase('check.spf.noDomain'),
            remedies: [phrase('check.spf.noDomainRemedy')],
          };
        }
        const findings = await Promise.all(
          spfDomains.flatMap((d) => deps.outboundAddresses.map((a) => spfFor(deps.resolver, d, a))),
        );
        return spfCheck(findings);
      },
    });
  }
  const { perUserGateway } = deps;
  if (perUserGateway) {
    checks.push({
      id: 'bypass',
      title: phrase('check.title.bypass'),
      run: async () => bypassCheck(await perUserGateway()),
    });
  }
  checks.push({
    id: 'propagation',
    title: phrase('check.title.propagation'),
    run: async () => {
      const routeName = target?.kind === 'route' ? target.name : undefined;
      return propagationCheck(latestChange(await deps.changes.recent(50), routeName), deps.now());
    },
  });

  const about: DiagnoseAbout =
    subject.kind === 'route'
      ? { kind: 'route', name: subject.name }
      : subject.kind === 'host'
        ? { kind: 'target', host: subject.host, port: subject.port }
        : { kind: 'relays' };
  let report = newReport(about, checks, started);
  await onUpdate(report);
  // Updates go out one at a time, in the order checks finish.
  let updates = Promise.resolve();
  await Promise.all(
    checks.map(async (check) => {
      const t0 = performance.now();
      let outcome: CheckOutcome;
      try {
        outcome = await check.run();
      } catch (error) {
        outcome = {
          status: 'fail',
          summary: phrase('check.crashed', {
            error: raw(error instanceof Error ? error.message : String(error)),
          }),
          remedies: [phrase('check.crashedRemedy')],
        };
      }
      report = finishCheck(report, check.id, outcome, performance.now() - t0, deps.now());
      const snapshot = report;
      updates = updates.then(() => onUpdate(snapshot)).catch(() => undefined);
    }),
  );
  await updates;
  return report;
}

/** Refusals over the monitor's window when it has history, else since each relay started. */
function recentRejections(
  snapshots: RelaySnapshot[],
  monitor: RelayMonitor | undefined,
): { counts: Record<string, number>; period: RejectionPeriod } {
  const counts: Record<string, number> = {};
  let withHistory = true;
  for (const s of snapshots) {
    const first = monitor?.snapshots(s.relay).find((h) => h.reachable && h.counters);
    const base =
      first?.counters && s.counters && (s.uptimeSeconds ?? 0) * 1000 > s.at - first.at
        ? first.counters
        : undefined;
    if (!base) withHistory = false;
    for (const [reason, n] of Object.entries(s.counters?.rejected ?? {})) {
      counts[reason] = (counts[reason] ?? 0) + n - (base?.rejected[reason] ?? 0);
    }
  }
  return {
    counts,
    period: withHistory && snapshots.length > 0 ? 'day' : 'sinceStart',
  };
}

function latestChange(changes: ChangeRequest[], route: string | undefined): PropagationView | undefined {
  const relevant = changes
    .filter((c) => ['approved', 'applied', 'live', 'stalled'].includes(c.state))
    .filter((c) => route === undefined || sameName(routeOfChange(c.change), route));
  const latest = relevant.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
  if (!latest) return undefined;
  const since = latest.stalledAt ?? latest.liveAt ?? latest.appliedAt ?? latest.decidedAt ?? latest.createdAt;
  return {
    change: latest.id,
    state: latest.state as PropagationView['state'],
    since: Date.parse(since),
  };
}
