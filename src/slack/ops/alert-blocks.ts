// Alert messages: one when an incident starts, updated in place (plus a thread reply) when it ends.
// They go to a channel that several people watch: DEFAULT_LOCALE.
import type { ActiveAlert, AlertKind } from '../../domain/ops/alerts.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import type { Phrase } from '../../i18n/phrase.ts';
import { context, type SlackMessage, section } from '../blocks/kit.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { say, type Words } from '../words.ts';

const iso = (ms: number) => new Date(ms).toISOString();

const TITLE: Record<AlertKind, MessageKey> = {
  'relay-unreachable': 'alert.title.relayUnreachable',
  'queue-age': 'alert.title.queueAge',
  'deferral-spike': 'alert.title.deferralSpike',
  'allowlist-refresh': 'alert.title.allowlistRefresh',
  'cert-expiry': 'alert.title.certExpiry',
  'scanner-down': 'alert.title.scannerDown',
  'archive-failing': 'alert.title.archiveFailing',
  'outbound-malware': 'alert.title.outboundMalware',
};

export function alertTitle(w: Words, kind: AlertKind): string {
  return w.t(TITLE[kind] as 'alert.title.queueAge');
}

export function alertRaisedMessage(w: Words, alert: ActiveAlert): SlackMessage {
  const title = w.t('alert.raised', { relay: alert.relay, title: alertTitle(w, alert.kind) });
  return {
    text: title,
    blocks: [
      // Details carry values from the relay (addresses, signature names, error texts).
      section(`*${title}*\n${escapeMrkdwn(say(w, alert.detail))}`),
      section(w.t('alert.whatToDo', { remedy: say(w, alert.remedy) })),
      context(w.t('alert.since', { at: w.date(iso(alert.raisedAt)) })),
    ],
  };
}

export function alertResolvedMessage(
  w: Words,
  alert: ActiveAlert,
  resolvedAt: number,
  detail: Phrase,
): SlackMessage {
  const title = w.t('alert.resolved', { relay: alert.relay, title: alertTitle(w, alert.kind) });
  return {
    text: title,
    blocks: [
      section(`*${title}*\n~${escapeMrkdwn(say(w, alert.detail))}~`),
      context(
        w.t('alert.since', { at: w.date(iso(alert.raisedAt)) }),
        w.t('alert.resolvedAt', { at: w.date(iso(resolvedAt)), detail: say(w, detail) }),
      ),
    ],
  };
}
