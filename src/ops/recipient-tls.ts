// The diagnose check of a recipient domain's DANE and MTA-STS state, as each relay sees it (the relay
// asks its own validating resolver and holds the MTA-STS cache). Relay answers are outside text: the
// outcome is plain text, escaped once where it is put into Slack (src/slack/ops/diagnose-blocks.ts).
import type { TlsPolicyReport } from '../../gateway/delivery/control-schema.ts';
import type { CheckOutcome } from '../domain/ops/diagnose-report.ts';
import type { GatewayClient } from '../gateway-client/client.ts';

export async function recipientTlsCheck(clients: GatewayClient[], domain: string): Promise<CheckOutcome> {
  const answers = await Promise.all(
    clients.map(async (client) => {
      try {
        return { relay: client.name, report: await client.tlsPolicy(domain) };
      } catch (error) {
        return { relay: client.name, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  const reports = answers.flatMap((a) =>
    'report' in a && a.report ? [{ relay: a.relay, report: a.report }] : [],
  );
  const details = answers.flatMap((a) => ('error' in a ? [`${a.relay}: ${a.error ?? ''}`] : []));
  const first = reports[0];
  if (!first) {
    return {
      status: 'warn',
      summary: `no relay could report the TLS state of ${domain}`,
      details,
      remedy:
        'run a relay version with DANE and MTA-STS (GET /tls-policy), or check the relays are reachable',
    };
  }
  const r = first.report;
  details.unshift(...describe(r));
  const failed = r.dane.mx === 'failed' || r.dane.hosts.some((h) => h.state === 'fail');
  const enforced = r.dane.hosts.some((h) => h.state === 'usable') || r.mtaSts.mode === 'enforce';
  const summary = `${r.domain}: ${policyLine(r)} (as relay ${first.relay} sees it)`;
  if (failed) {
    return {
      status: 'fail',
      summary,
      details,
      remedy: `mail to ${r.domain} waits while its DNSSEC lookups fail: check the relay's resolver (dns.servers) validates, or ask the domain's owner to fix its signatures`,
    };
  }
  if (!enforced && !r.configured) {
    return {
      status: 'warn',
      summary,
      details,
      remedy: `mail to ${r.domain} goes with opportunistic TLS: nothing to fix here unless the domain should publish DANE or MTA-STS; tlsPolicies can demand verified TLS`,
    };
  }
  return { status: 'pass', summary, details };
}

function policyLine(r: TlsPolicyReport): string {
  if (r.configured) return `tlsPolicies decides: ${r.configured}`;
  if (r.mode === 'smarthost') return 'delivered through the smart host with its configured TLS';
  if (r.dane.hosts.some((h) => h.state === 'usable')) return 'DANE applies';
  if (r.mtaSts.state === 'policy') return `MTA-STS ${r.mtaSts.mode ?? ''} applies`;
  return 'neither DANE nor MTA-STS applies';
}

function describe(r: TlsPolicyReport): string[] {
  const lines = [`DANE: MX ${r.dane.mx}: ${r.dane.detail}`];
  for (const h of r.dane.hosts) lines.push(`DANE ${h.host}: ${h.state}: ${h.detail}`);
  if (r.mtaSts.state === 'policy') {
    lines.push(
      `MTA-STS: ${r.mtaSts.mode ?? ''}, id ${r.mtaSts.id ?? ''}, mx ${(r.mtaSts.mx ?? []).join(', ')}, ${r.mtaSts.source === 'cache' ? 'cached' : 'fetched'} until ${r.mtaSts.expiresAt ?? ''}: ${r.mtaSts.detail}`,
    );
  } else lines.push(`MTA-STS: ${r.mtaSts.state}: ${r.mtaSts.detail}`);
  return lines;
}
