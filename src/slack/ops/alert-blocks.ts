// Alert messages: one when an incident starts, updated in place (plus a thread reply) when it ends.

import type { ActiveAlert } from '../../domain/ops/alerts.ts';
import { context, type SlackMessage, section, slackDate } from '../blocks/kit.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { opsCopy } from './copy.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export function alertRaisedMessage(alert: ActiveAlert): SlackMessage {
  const title = opsCopy.alert.raised(alert.relay, opsCopy.alert.title[alert.kind]);
  return {
    text: title,
    blocks: [
      // Details carry values from the relay (addresses, signature names, error texts).
      section(`*${title}*\n${escapeMrkdwn(alert.detail)}`),
      section(`*What to do:* ${escapeMrkdwn(alert.remedy)}`),
      context(opsCopy.alert.since(slackDate(iso(alert.raisedAt)))),
    ],
  };
}

export function alertResolvedMessage(alert: ActiveAlert, resolvedAt: number, detail: string): SlackMessage {
  const title = opsCopy.alert.resolved(alert.relay, opsCopy.alert.title[alert.kind]);
  return {
    text: title,
    blocks: [
      section(`*${title}*\n~${escapeMrkdwn(alert.detail)}~`),
      context(
        opsCopy.alert.since(slackDate(iso(alert.raisedAt))),
        opsCopy.alert.resolvedAt(slackDate(iso(resolvedAt)), detail),
      ),
    ],
  };
}
