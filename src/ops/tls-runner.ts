// How the operations side runs the TLS connection test: src/tls's runTlsTest with the bot's DNS
// servers and, in tests, a test CA standing in for the public roots.
import { createTranslator } from '../i18n/translator.ts';
import { renderTlsMessage, runTlsTest, type TlsTestDependencies, type TlsTestResult } from '../tls/index.ts';
import type { RouteTlsOptions } from '../tls/types.ts';

export type TlsRunner = (route: RouteTlsOptions) => Promise<TlsTestResult>;

export function tlsRunner(
  options: { dnsServers?: string[]; timeoutMs?: number; extraCa?: string[] } = {},
  dependencies: TlsTestDependencies = {},
): TlsRunner {
  return (route) =>
    runTlsTest(
      route,
      {
        ...(options.dnsServers?.length ? { dnsServers: options.dnsServers } : {}),
        ...(options.extraCa?.length ? { extraCa: options.extraCa } : {}),
        timeoutMs: options.timeoutMs ?? 10_000,
      },
      dependencies,
    );
}

export interface RelayCertificate {
  relay: string;
  /** ms since the epoch */
  notAfter?: number;
  daysLeft?: number;
  subject?: string;
  error?: string;
}

/** The relay's own STARTTLS certificate, read from its SMTP listener ("host:port"). */
export async function relayCertificate(
  run: TlsRunner,
  relay: string,
  smtp: string,
): Promise<RelayCertificate> {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(smtp);
  if (!match) return { relay, error: `"${smtp}" is not HOST:PORT` };
  try {
    const result = await run({
      host: match[1] as string,
      port: Number(match[2]),
      mxLookup: false,
      requireTls: true,
      requireCaSigned: false,
      validateHostname: false,
    });
    const target = result.targets.find((t) => t.certificate);
    const leaf = target?.certificate?.chain[0];
    if (!target?.certificate || !leaf) {
      const failure = result.targets[0]?.failure?.message;
      return {
        relay,
        // The relay status is still written in English.
        error: failure
          ? renderTlsMessage(createTranslator('en', 'plain'), failure)
          : 'no certificate (STARTTLS not offered?)',
      };
    }
    return {
      relay,
      notAfter: Date.parse(leaf.validTo),
      daysLeft: target.certificate.daysToExpiry,
      subject: leaf.commonName ?? leaf.subject,
    };
  } catch (error) {
    return { relay, error: error instanceof Error ? error.message : String(error) };
  }
}
