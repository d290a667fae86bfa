// Block Kit for relay status and the deferred queue.

import { formatAge } from '../../domain/ops/alerts.ts';
import type { DeferredDestination, RelaySnapshot } from '../../domain/ops/relay-snapshot.ts';
import type { RelayCertificate } from '../../ops/tls-runner.ts';
import { type AnyBlock, context, fields, section, slackDate } from '../blocks/kit.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { opsCopy } from './copy.ts';

export function relayHeadline(s: RelaySnapshot): string {
  if (!s.reachable) {
    return `:red_circle: *\`${escapeMrkdwn(s.relay)}\`* unreachable: ${escapeMrkdwn(s.error ?? 'no answer')}`;
  }
  const state = s.paused
    ? ':double_vertical_bar: *paused* (refusing mail with 421)'
    : s.allowlist?.size === 0
      ? ':red_circle: *not accepting*: no allowlist loaded'
      : ':large_green_circle: accepting mail';
  return `*\`${escapeMrkdwn(s.relay)}\`* ${state} · up ${formatAge(s.uptimeSeconds ?? 0)}${s.version ? ` · v${escapeMrkdwn(s.version)}` : ''}`;
}

export function relayStatusBlocks(s: RelaySnapshot, cert?: RelayCertificate): AnyBlock[] {
  const blocks: AnyBlock[] = [section(relayHeadline(s))];
  if (!s.reachable) return blocks;
  const c = s.counters;
  const rejected = Object.entries(c?.rejected ?? {}).filter(([, n]) => n > 0);
  const rejectedTotal = rejected.reduce((sum, [, n]) => sum + n, 0);
  const dkimTotal = (s.dkim?.pass ?? 0) + (s.dkim?.fail ?? 0);
  const pairs: [string, string][] = [
    [
      'Queue',
      `${s.queue?.messages ?? 0} message${s.queue?.messages === 1 ? '' : 's'}${s.queue?.oldestAgeSeconds ? `, oldest ${formatAge(s.queue.oldestAgeSeconds)}` : ''}`,
    ],
    [
      'Accepted / rejected',
      `${c?.accepted ?? 0} / ${rejectedTotal}${rejected.length ? ` (${rejected.map(([r, n]) => `${escapeMrkdwn(r)} ${n}`).join(', ')})` : ''}`,
    ],
    ['Delivered / deferred / bounced', `${c?.delivered ?? 0} / ${c?.deferred ?? 0} / ${c?.bounced ?? 0}`],
    [
      'Allowlist',
      `${s.allowlist?.size ?? 0} range${s.allowlist?.size === 1 ? '' : 's'}${s.allowlist?.source ? ` from ${escapeMrkdwn(s.allowlist.source)}` : ''}${s.allowlist?.refreshedAt ? `, refreshed ${slackDate(new Date(s.allowlist.refreshedAt).toISOString())}` : ''}${s.allowlist?.error ? `\n:warning: refresh failing: ${escapeMrkdwn(s.allowlist.error)}` : ''}`,
    ],
    ['Certificate', certificateText(cert)],
    [
      'DKIM after the relay',
      dkimTotal === 0
        ? s.dkim
          ? 'no signed mail yet'
          : 'not reported'
        : `${Math.floor(((s.dkim?.pass ?? 0) / dkimTotal) * 1000) / 10}% pass (${s.dkim?.pass} of ${dkimTotal})`,
    ],
  ];
  blocks.push(fields(pairs));
  return blocks;
}

function certificateText(cert: RelayCertificate | undefined): string {
  if (!cert) return 'not checked (give the relay an smtp address in GATEWAYS or GATEWAY_SMTP)';
  if (cert.error) return `:warning: could not read it: ${escapeMrkdwn(cert.error)}`;
  const days = cert.daysLeft ?? 0;
  const when = cert.notAfter ? slackDate(new Date(cert.notAfter).toISOString()) : '?';
  if (days < 0) return `:rotating_light: expired ${-days} days ago (${when})`;
  return `${days < 14 ? ':warning: ' : ''}expires in ${days} days (${when})`;
}

export function relayQueueBlocks(relay: string, deferred: DeferredDestination[]): AnyBlock[] {
  if (deferred.length === 0) return [section(opsCopy.relay.queueEmpty(relay))];
  return [
    section(`*\`${escapeMrkdwn(relay)}\`*`),
    ...deferred
      .slice(0, 20)
      .map((d) =>
        section(
          `*${escapeMrkdwn(d.destination)}*: ${d.messages} message${d.messages === 1 ? '' : 's'}${d.oldestAgeSeconds !== undefined ? `, oldest ${formatAge(d.oldestAgeSeconds)}` : ''}\n> ${escapeMrkdwn(d.lastError ?? 'no error recorded')}`,
        ),
      ),
    ...(deferred.length > 20 ? [context(`…and ${deferred.length - 20} more destinations`)] : []),
  ];
}
