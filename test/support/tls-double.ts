// A stand-in for the TLS test in unit tests: the verdict per host is set by the test.
import type { TlsTester, TlsTestVerdict } from '../../src/changes/tls-preflight.ts';
import type { RouteTlsOptions } from '../../src/tls/types.ts';

export class TlsTestDouble implements TlsTester {
  readonly calls: RouteTlsOptions[] = [];
  private readonly bouncing = new Set<string>();

  bounce(host: string): this {
    this.bouncing.add(host);
    return this;
  }

  async runTlsTest(route: RouteTlsOptions): Promise<TlsTestVerdict> {
    this.calls.push(route);
    if (this.bouncing.has(route.host) && route.requireCaSigned) {
      return {
        verdict: 'bounce',
        summary: `${route.host} presented a certificate no trusted CA signed`,
        causes: [{ option: 'requireCaSigned', message: 'certificate signed by an unknown authority' }],
        remedies: ['install a certificate from a trusted CA', 'turn off the CA-signed check'],
      };
    }
    return { verdict: 'deliver', summary: `STARTTLS with ${route.host} succeeded`, causes: [], remedies: [] };
  }
}
