// The TLS connection test of a route: validate the input, resolve the targets, probe them all in
// parallel, analyse the certificates and reach Google's verdict.
import type { X509Certificate } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseRouteTarget } from '../domain/route-target.ts';
import { analyseCertificates } from './certificate-analysis.ts';
import { TlsTestInputError } from './errors.ts';
import { type TlsMessage, tlsMessage } from './messages.ts';
import { remediesFor } from './remedies.ts';
import { probeSmtpStarttls } from './smtp-probe.ts';
import { summarise } from './summary.ts';
import { type ResolvedTarget, resolveTargets } from './target-resolution.ts';
import { parsePemCertificates, publicTrustAnchors, trustAnchors, withExtraAnchors } from './trust-store.ts';
import type {
  CertificateAnalysis,
  RouteTlsOptions,
  TargetFacts,
  TlsTestOptions,
  TlsTestResult,
} from './types.ts';
import { effectiveOptions, judgeRoute, optionEffects } from './verdict.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const MAX_TIMEOUT_MS = 120_000;

interface Prepared {
  route: RouteTlsOptions;
  extraCa: X509Certificate[];
  timeoutMs: number;
}

function prepare(route: RouteTlsOptions, options: TlsTestOptions): Prepared {
  const problems: TlsMessage[] = [];
  const parsed = parseRouteTarget(route.host ?? '', route.port);
  if (!parsed.ok) problems.push(...parsed.problems.map((problem) => tlsMessage('input.target', { problem })));
  if (parsed.ok && parsed.target.isIp && route.mxLookup) {
    problems.push(tlsMessage('input.mxNeedsName', { host: parsed.target.host }));
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
    problems.push(tlsMessage('input.timeoutRange', { value: timeoutMs, max: MAX_TIMEOUT_MS }));
  }
  const extraCa: X509Certificate[] = [];
  for (const [index, pem] of (options.extraCa ?? []).entries()) {
    try {
      extraCa.push(...parsePemCertificates(pem, tlsMessage('input.extraCa', { index: index + 1 })));
    } catch (error) {
      if (!(error instanceof TlsTestInputError)) throw error;
      problems.push(...error.problems);
    }
  }
  for (const server of options.dnsServers ?? []) {
    try {
      new Resolver().setServers([server]);
    } catch {
      problems.push(tlsMessage('input.dnsServer', { value: server }));
    }
  }
  if (problems.length > 0 || !parsed.ok) throw new TlsTestInputError(problems);
  return { route: { ...route, host: parsed.target.host, port: parsed.target.port }, extraCa, timeoutMs };
}

function labelOf(target: ResolvedTarget, port: number): string {
  const address = target.family === 6 ? `[${target.address}]:${port}` : `${target.address}:${port}`;
  return target.expectedName === target.address ? address : `${target.expectedName} ${address}`;
}

/** Stand-ins for outside state, for tests. */
export interface TlsTestDependencies {
  /** PEM certificates that replace Node's public root store (lets a test CA play a public one). */
  publicRoots?: string[];
}

export async function runTlsTest(
  route: RouteTlsOptions,
  options: TlsTestOptions = {},
  dependencies: TlsTestDependencies = {},
): Promise<TlsTestResult> {
  const started = performance.now();
  const testedAt = new Date();
  const prepared = prepare(route, options);
  const { timeoutMs } = prepared;
  const { host, port } = prepared.route;

  const resolution = await resolveTargets(host, route.mxLookup, {
    timeoutMs,
    ...(options.dnsServers ? { dnsServers: options.dnsServers } : {}),
  });

  const publicAnchors = dependencies.publicRoots
    ? trustAnchors(dependencies.publicRoots.flatMap((pem) => parsePemCertificates(pem, 'public roots')))
    : publicTrustAnchors();
  const extendedAnchors =
    prepared.extraCa.length > 0 ? withExtraAnchors(publicAnchors, prepared.extraCa) : undefined;
  const ehloName = options.ehloName ?? (hostname() || 'localhost');

  const facts = await Promise.all(
    resolution.targets.map(async (target): Promise<TargetFacts> => {
      const outcome = await probeSmtpStarttls(
        { address: target.address, port, serverName: target.expectedName },
        { timeoutMs, ehloName },
      );
      let certificate: CertificateAnalysis | undefined;
      try {
        certificate = analyseCertificates({
          chain: outcome.chain,
          expectedName: target.expectedName,
          now: new Date(),
          publicAnchors,
          ...(extendedAnchors ? { extendedAnchors } : {}),
        });
      } catch (error) {
        outcome.failure = {
          stage: 'handshake',
          kind: 'tls-handshake',
          message: tlsMessage('failure.unreadableCertificate', { detail: (error as Error).message }),
        };
      }
      const { chain: _chain, ...observed } = outcome;
      return {
        label: labelOf(target, port),
        expectedName: target.expectedName,
        address: target.address,
        port,
        family: target.family,
        ...(target.mx ? { mx: target.mx } : {}),
        ...observed,
        ...(certificate ? { certificate } : {}),
      };
    }),
  );

  const switches = {
    requireTls: route.requireTls,
    requireCaSigned: route.requireCaSigned,
    validateHostname: route.validateHostname,
  };
  const judgement = judgeRoute(facts, switches, resolution.error);
  const effects = optionEffects(facts, switches, resolution.error);
  for (const mx of resolution.mxHosts ?? []) {
    if (mx.addresses.length === 0 && judgement.targets.length > 0) {
      judgement.warnings.push(
        tlsMessage('warning.mxNoAddress', { host: mx.host, preference: mx.preference }),
      );
    }
  }
  const remedies = remediesFor({
    routeHost: host,
    port,
    mxLookup: route.mxLookup,
    targets: judgement.targets,
    options: effects,
    verdict: judgement.verdict,
    ...(resolution.error ? { resolutionError: resolution.error } : {}),
  });
  const { targets: _targets, ...resolutionSummary } = resolution;
  const result: Omit<TlsTestResult, 'summary'> = {
    route: prepared.route,
    effectiveOptions: effectiveOptions(switches),
    verdict: judgement.verdict,
    causes: judgement.causes,
    remedies,
    warnings: judgement.warnings,
    options: effects,
    resolution: resolutionSummary,
    targets: judgement.targets,
    testedAt: testedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    extraCaGiven: prepared.extraCa.length > 0,
  };
  return { ...result, summary: summarise(result) };
}
