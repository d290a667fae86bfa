// Block Kit for relay status and the deferred queue, in the reader's language.

import type { DeferredDestination, RelaySnapshot } from '../../domain/ops/relay-snapshot.ts';
import { age } from '../../i18n/phrase.ts';
import type { RelayCertificate } from '../../ops/tls-runner.ts';
import { type AnyBlock, context, fields, section } from '../blocks/kit.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { say, type Words } from '../words.ts';

const ageText = (w: Words, seconds: number) => say(w, age(seconds));

export function relayHeadline(w: Words, s: RelaySnapshot): string {
  if (!s.reachable) {
    const error = s.problem ? say(w, s.problem) : (s.error ?? w.t('relayStatus.noAnswer'));
    return w.t('relayStatus.unreachable', { relay: s.relay, error });
  }
  const state = s.paused
    ? w.t('relayStatus.paused')
    : s.allowlist?.size === 0
      ? w.t('relayStatus.notAccepting')
      : w.t('relayStatus.accepting');
  return w.t('relayStatus.headline', {
    relay: s.relay,
    state,
    uptime: ageText(w, s.uptimeSeconds ?? 0),
    version: s.version ? w.t('relayStatus.version', { version: s.version }) : '',
  });
}

/** Queued messages, with the oldest one's age when there is one. */
export function queueText(w: Words, messages: number, oldestAgeSeconds: number | undefined): string {
  const oldest = oldestAgeSeconds ? w.t('relayStatus.oldest', { age: ageText(w, oldestAgeSeconds) }) : '';
  return `${w.t('relayStatus.messages', { count: messages })}${oldest}`;
}

export function relayStatusBlocks(w: Words, s: RelaySnapshot, cert?: RelayCertificate): AnyBlock[] {
  const blocks: AnyBlock[] = [section(relayHeadline(w, s))];
  if (!s.reachable) return blocks;
  const c = s.counters;
  const rejected = Object.entries(c?.rejected ?? {}).filter(([, n]) => n > 0);
  const rejectedTotal = rejected.reduce((sum, [, n]) => sum + n, 0);
  const reasons = rejected.length
    ? ` (${rejected.map(([r, n]) => `${escapeMrkdwn(r)} ${n}`).join(', ')})`
    : '';
  const pairs: [string, string][] = [
    [w.t('relayStatus.queueLabel'), queueText(w, s.queue?.messages ?? 0, s.queue?.oldestAgeSeconds)],
    [w.t('relayStatus.acceptedLabel'), `${c?.accepted ?? 0} / ${rejectedTotal}${reasons}`],
    [w.t('relayStatus.deliveredLabel'), `${c?.delivered ?? 0} / ${c?.deferred ?? 0} / ${c?.bounced ?? 0}`],
    [w.t('relayStatus.allowlistLabel'), allowlistText(w, s.allowlist)],
    [w.t('relayStatus.certificateLabel'), certificateText(w, cert)],
    [w.t('relayStatus.dkimLabel'), dkimText(w, s.dkim)],
  ];
  blocks.push(fields(pairs));
  return blocks;
}

function allowlistText(w: Words, list: RelaySnapshot['allowlist']): string {
  const parts = [w.t('relayStatus.ranges', { count: list?.size ?? 0 })];
  if (list?.source) parts.push(w.t('relayStatus.from', { source: list.source }));
  if (list?.refreshedAt) {
    parts.push(w.t('relayStatus.refreshed', { at: w.date(new Date(list.refreshedAt).toISOString()) }));
  }
  if (list?.error) parts.push(`\n${w.t('relayStatus.refreshFailing', { error: list.error })}`);
  return parts.join('');
}

function dkimText(w: Words, dkim: RelaySnapshot['dkim']): string {
  const total = (dkim?.pass ?? 0) + (dkim?.fail ?? 0);
  if (total === 0) return dkim ? w.t('relayStatus.dkimNone') : w.t('relayStatus.dkimNotReported');
  const percent = Math.floor(((dkim?.pass ?? 0) / total) * 1000) / 10;
  return w.t('relayStatus.dkimRate', { percent, pass: dkim?.pass ?? 0, total });
}

function certificateText(w: Words, cert: RelayCertificate | undefined): string {
  if (!cert) return w.t('relayStatus.certNotChecked');
  if (cert.error) return w.t('relayStatus.certUnreadable', { error: cert.error });
  const days = cert.daysLeft ?? 0;
  const at = cert.notAfter ? w.date(new Date(cert.notAfter).toISOString()) : '?';
  if (days < 0) return w.t('relayStatus.certExpired', { days: -days, at });
  return `${days < 14 ? ':warning: ' : ''}${w.t('relayStatus.certExpires', { days, at })}`;
}

export function relayQueueBlocks(w: Words, relay: string, deferred: DeferredDestination[]): AnyBlock[] {
  if (deferred.length === 0) return [section(w.t('relay.queueEmpty', { relay }))];
  return [
    section(w.t('relayStatus.relayName', { relay })),
    ...deferred
      .slice(0, 20)
      .map((d) =>
        section(
          `${w.t('relayStatus.destination', { destination: d.destination, queue: queueText(w, d.messages, d.oldestAgeSeconds) })}\n> ${d.lastError ? escapeMrkdwn(d.lastError) : w.t('relayStatus.noError')}`,
        ),
      ),
    ...(deferred.length > 20
      ? [context(w.t('relayStatus.moreDestinations', { count: deferred.length - 20 }))]
      : []),
  ];
}

/** One line per relay on App Home, under its headline. */
export function relayHomeLine(w: Words, s: RelaySnapshot): string {
  return w.t('relayStatus.homeLine', {
    queue: queueText(w, s.queue?.messages ?? 0, s.queue?.oldestAgeSeconds),
    delivered: s.counters?.delivered ?? 0,
    deferred: s.counters?.deferred ?? 0,
    ranges: w.t('relayStatus.ranges', { count: s.allowlist?.size ?? 0 }),
  });
}
