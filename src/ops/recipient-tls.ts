// The diagnose check of a recipient domain's DANE and MTA-STS state, as each relay sees it (the relay
// asks its own validating resolver and holds the MTA-STS cache). Relay answers are outside text.
import type { TlsPolicyReport } from '../../gateway/delivery/control-schema.ts';
import type { CheckOutcome } from '../domain/ops/diagnose-report.ts';
import type { GatewayClient } from '../gateway-client/client.ts';
import { escapeMrkdwn } from '../slack/mrkdwn.ts';

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
  const details = answers.flatMap((a) =>
    'error' in a ? [`${escapeMrkdwn(a.relay)}: ${escapeMrkdwn(a.error ?? '')}`] : [],
  );
  const first = reports[0];
  if (!first) {
    return {
      status: 'warn',
      summary: `no relay could report the TLS state of ${escapeMrkdwn(domain)}`,
      details,
      remedy:
        'run a relay version with DANE and MTA-STS (GET /tls-policy), or check the relays are reachable',
    };
  }
  const r = first.report;
  details.unshift(...describe(r));
  const failed = r.dane.mx === 'failed' || r.dane.hosts.some((h) => h.state === 'fail');
  const enforced = r.dane.hosts.some((h) => h.state === 'usable') || r.mtaSts.mode === 'enforce';
  const summary = `${escapeMrkdwn(r.domain)}: ${policyLine(r)} (as relay ${escapeMrkdwn(first.relay)} sees it)`;
  if (failed) {
    return {
      status: 'fail',
      summary,
      details,
      remedy: `mail to ${escapeMrkdwn(r.domain)} waits while its DNSSEC lookups fail: check the relay's resolver (dns.servers) validates, or ask the domain's owner to fix its signatures`,
    };
  }
  if (!enforced && !r.configured) {
    return {
      status: 'warn',
      summary,
      details,
      remedy: `mail to ${escapeMrkdwn(r.domain)} goes with opportunistic TLS: nothing to fix here unless the domain should publish DANE or MTA-STS; tlsPolicies can demand verified TLS`,
    };
  }
  return { status: 'pass', summary, details };
}

function policyLine(r: TlsPolicyReport): string {
  if (r.configured) return `tlsPolicies decides: ${escapeMrkdwn(r.configured)}`;
  if (r.mode === 'smarthost') return 'delivered through the smart host with its configured TLS';
  if (r.dane.hosts.some((h) => h.state === 'usable')) return 'DANE applies';
  if (r.mtaSts.state === 'policy') return `MTA-STS ${escapeMrkdwn(r.mtaSts.mode ?? '')} applies`;
  return 'neither DANE nor MTA-STS applies';
}

function describe(r: TlsPolicyReport): string[] {
  const lines = [`DANE: MX ${r.dane.mx}: ${escapeMrkdwn(r.dane.detail)}`];
  for (const h of r.dane.hosts)
    lines.push(`DANE ${escapeMrkdwn(h.host)}: ${h.state}: ${escapeMrkdwn(h.detail)}`);
  if (r.mtaSts.state === 'policy') {
    lines.push(
      `MTA-STS: ${escapeMrkdwn(r.mtaSts.mode ?? '')}, id ${escapeMrkdwn(r.mtaSts.id ?? '')}, mx ${escapeMrkdwn((r.mtaSts.mx ?? []).join(', '))}, ${r.mtaSts.source === 'cache' ? 'cached' : 'fetched'} until ${escapeMrkdwn(r.mtaSts.expiresAt ?? '')}: ${escapeMrkdwn(r.mtaSts.detail)}`,
    );
  } else lines.push(`MTA-STS: ${r.mtaSts.state}: ${escapeMrkdwn(r.mtaSts.detail)}`);
  return lines;
}
