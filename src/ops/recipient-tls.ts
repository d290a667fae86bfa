// The diagnose check of a recipient domain's DANE and MTA-STS state, as each relay sees it (the relay
// asks its own validating resolver and holds the MTA-STS cache). Relay answers are outside text: the
// outcome is phrases with the relay's words as raw parts, escaped once where it is put into Slack
// (src/slack/ops/diagnose-blocks.ts).
import type { TlsPolicyReport } from '../../gateway/delivery/control-schema.ts';
import type { CheckOutcome } from '../domain/ops/diagnose-report.ts';
import type { GatewayClient } from '../gateway-client/client.ts';
import { type Phrase, phrase, raw } from '../i18n/phrase.ts';

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
    'error' in a
      ? [phrase('check.recipientTls.relayError', { relay: a.relay, error: raw(a.error ?? '') })]
      : [],
  );
  const first = reports[0];
  if (!first) {
    return {
      status: 'warn',
      summary: phrase('check.recipientTls.noReport', { domain }),
      details,
      remedies: [phrase('check.recipientTls.noReportRemedy')],
    };
  }
  const r = first.report;
  details.unshift(...describe(r));
  const failed = r.dane.mx === 'failed' || r.dane.hosts.some((h) => h.state === 'fail');
  const enforced = r.dane.hosts.some((h) => h.state === 'usable') || r.mtaSts.mode === 'enforce';
  const summary = phrase('check.recipientTls.summary', {
    domain: r.domain,
    policy: policyLine(r),
    relay: first.relay,
  });
  if (failed) {
    return {
      status: 'fail',
      summary,
      details,
      remedies: [phrase('check.recipientTls.dnssecRemedy', { domain: r.domain })],
    };
  }
  if (!enforced && !r.configured) {
    return {
      status: 'warn',
      summary,
      details,
      remedies: [phrase('check.recipientTls.opportunisticRemedy', { domain: r.domain })],
    };
  }
  return { status: 'pass', summary, details };
}

function policyLine(r: TlsPolicyReport): Phrase {
  if (r.configured) return phrase('check.recipientTls.configured', { policy: r.configured });
  if (r.mode === 'smarthost') return phrase('check.recipientTls.smarthost');
  if (r.dane.hosts.some((h) => h.state === 'usable')) return phrase('check.recipientTls.dane');
  if (r.mtaSts.state === 'policy') return phrase('check.recipientTls.mtaSts', { mode: r.mtaSts.mode ?? '' });
  return phrase('check.recipientTls.neither');
}

// The relay's own report, field by field: states and details are the relay's words.
function describe(r: TlsPolicyReport): Phrase[] {
  const lines = [phrase('check.recipientTls.daneMx', { state: r.dane.mx, detail: raw(r.dane.detail) })];
  for (const h of r.dane.hosts) {
    lines.push(
      phrase('check.recipientTls.daneHost', { host: h.host, state: h.state, detail: raw(h.detail) }),
    );
  }
  if (r.mtaSts.state === 'policy') {
    lines.push(
      phrase(
        r.mtaSts.source === 'cache' ? 'check.recipientTls.mtaStsCached' : 'check.recipientTls.mtaStsFetched',
        {
          mode: r.mtaSts.mode ?? '',
          id: r.mtaSts.id ?? '',
          mx: (r.mtaSts.mx ?? []).join(', '),
          until: r.mtaSts.expiresAt ?? '',
          detail: raw(r.mtaSts.detail),
        },
      ),
    );
  } else {
    lines.push(
      phrase('check.recipientTls.mtaStsState', { state: r.mtaSts.state, detail: raw(r.mtaSts.detail) }),
    );
  }
  return lines;
}
