// A stand-in for the TLS test in unit tests: the verdict per host is set by the test.
import type { TlsTester, TlsTestRoute, TlsTestVerdict } from '../../src/changes/tls-preflight.ts';

export class TlsTestDouble implements TlsTester {
  readonly calls: TlsTestRoute[] = [];
  private readonly bouncing = new Set<string>();

  bounce(host: string): this {
    this.bouncing.add(host);
    return this;
  }

  async runTlsTest(route: TlsTestRoute): Promise<TlsTestVerdict> {
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
