// The TLS pre-flight as the change service sees it: the signature of src/tls's runTlsTest, injected so
// the service does not depend on how the test is done.
import type { PreflightRecord } from '../domain/change-request.ts';
import type { Route } from '../domain/route.ts';
import { tlsMessage } from '../tls/messages.ts';
import type { Cause, RouteTlsOptions, TlsTestResult } from '../tls/types.ts';

/** What the pre-flight keeps of the test's result. */
export type TlsTestVerdict = Pick<TlsTestResult, 'verdict' | 'summary' | 'remedies'> & {
  causes: Pick<Cause, 'option' | 'message'>[];
};

export interface TlsTester {
  runTlsTest(route: RouteTlsOptions): Promise<TlsTestVerdict>;
}

function tlsTestRoute(route: Pick<Route, 'host' | 'port' | 'options'>): RouteTlsOptions {
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
      summary: tlsMessage('preflight.couldNotRun', {
        detail: error instanceof Error ? error.message : String(error),
      }),
      causes: [],
      remedies: [tlsMessage('preflight.retry')],
      ranAt: now().toISOString(),
    };
  }
}
