// The real pre-flight: src/tls's STARTTLS connection test, as Google's "Test TLS connection" runs it.
import { runTlsTest, type TlsTestDependencies, type TlsTestOptions } from '../tls/index.ts';
import type { TlsTester } from './tls-preflight.ts';

export function connectionTlsTester(
  options: TlsTestOptions = {},
  dependencies: TlsTestDependencies = {},
): TlsTester {
  return { runTlsTest: (route) => runTlsTest(route, options, dependencies) };
}
