// The TLS pre-flight as the change service sees it: the signature of src/tls's runTlsTest, injected so
// the service does not depend on how the test is done.
import type { PreflightRecord } from '../domain/change-request.ts';
import type { Route } from '../domain/route.ts';

export interface TlsTestRoute {
  host: string;
  port: number;
  mxLookup: boolean;
  requireTls: boolean;
  requireCaSigned: boolean;
  validateHostname: boolean;
}

export interface TlsTestVerdict {
  verdict: 'deliver' | 'bounce';
  summary: string;
  causes: { option: string; message: string }[];
  remedies: string[];
}

export interface TlsTester {
  runTlsTest(route: TlsTestRoute): Promise<TlsTestVerdict>;
}

export function tlsTestRoute(route: Pick<Route, 'host' | 'port' | 'options'>): TlsTestRoute {
  return { host: route.host, port: route.port, ...route.options };
}

/** Runs the test and records its verdict; a test that cannot run is recorded as "error", not thrown. */
export async function runPreflight(
  tester: TlsTester,
  route: Route,
  now: () => Date,
): Promise<PreflightRecord> {
  try {
    const result = await tester.runTlsTest(tlsTestRoute(route));
    return {
      verdict: result.verdict,
      summary: result.summary,
      causes: result.causes.map((c) => ({ option: c.option, message: c.message })),
      remedies: [...result.remedies],
      ranAt: now().toISOString(),
    };
  } catch (error) {
    return {
      verdict: 'error',
      summary: `the TLS test could not run: ${error instanceof Error ? error.message : String(error)}`,
      causes: [],
      remedies: ['run /gateway test-tls again; if it keeps failing, check that the bot can reach the host'],
      ranAt: now().toISOString(),
    };
  }
}
