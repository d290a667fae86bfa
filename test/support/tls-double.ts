// A stand-in for the TLS test in unit tests: the verdict per host is set by the test; the sentences
// are the codes the real test gives for an untrusted certificate or a clean delivery.
import type { TlsTester, TlsTestVerdict } from '../../src/changes/tls-preflight.ts';
import { tlsMessage } from '../../src/tls/messages.ts';
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
    const where = tlsMessage('summary.where', { host: route.host, port: route.port });
    if (this.bouncing.has(route.host) && route.requireCaSigned) {
      const problem = tlsMessage('problem.unknownIssuer', {
        issuer: 'CN=Unknown CA',
        subject: `CN=${route.host}`,
      });
      return {
        verdict: 'bounce',
        summary: tlsMessage('summary.bounce', {
          where,
          because: tlsMessage('summary.optionOn', {
            reason: tlsMessage('headline.unknownIssuer'),
            option: tlsMessage('option.requireCaSigned'),
          }),
        }),
        causes: [
          { option: 'requireCaSigned', message: tlsMessage('cause.notCaSigned', { reasons: [problem] }) },
        ],
        remedies: [
          tlsMessage('remedy.publicCa', { name: route.host }),
          tlsMessage('remedy.lastResort', {
            option: tlsMessage('option.requireCaSigned'),
            consequence: tlsMessage('consequence.requireCaSigned'),
          }),
        ],
      };
    }
    return {
      verdict: 'deliver',
      summary: tlsMessage('summary.deliver', { where, how: tlsMessage('summary.rightName') }),
      causes: [],
      remedies: [],
    };
  }
}
