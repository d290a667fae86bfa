// Posts relay action proposals to the approvals channel and keeps them current; posts alerts once per
// incident and marks them resolved (in place, plus a reply in the alert's thread).
import type { Logger, webApi } from '@slack/bolt';
import type { AlertEvent } from '../../domain/ops/alerts.ts';
import type { RelayActionRequest } from '../../domain/ops/relay-action.ts';
import { safeErrorMessage } from '../safe-error.ts';
import { relayActionMessage } from './action-blocks.ts';
import { alertRaisedMessage, alertResolvedMessage } from './alert-blocks.ts';

type Ref = { channel: string; ts: string };

export class RelayActionPublisher {
  private readonly messages = new Map<number, Ref>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {}

  readonly onChange = async (request: RelayActionRequest): Promise<void> => {
    const message = relayActionMessage(request);
    try {
      const ref = this.messages.get(request.id);
      if (ref) {
        await this.client.chat.update({ ...ref, ...message });
        return;
      }
      const posted = await this.client.chat.postMessage({ channel: this.channel, ...message });
      this.messages.set(request.id, { channel: String(posted.channel), ts: String(posted.ts) });
    } catch (error) {
      this.logger.error(`relay action #${request.id}: updating Slack failed: ${safeErrorMessage(error)}`);
    }
  };
}

export class AlertPublisher {
  private readonly messages = new Map<string, Ref>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {}

  readonly onAlert = async (event: AlertEvent): Promise<void> => {
    try {
      if (event.type === 'raise') {
        const posted = await this.client.chat.postMessage({
          channel: this.channel,
          ...alertRaisedMessage(event.alert),
        });
        this.messages.set(event.alert.key, { channel: String(posted.channel), ts: String(posted.ts) });
        return;
      }
      const message = alertResolvedMessage(event.alert, event.resolvedAt, event.detail);
      const ref = this.messages.get(event.alert.key);
      this.messages.delete(event.alert.key);
      if (ref) {
        await this.client.chat.update({ ...ref, ...message });
        await this.client.chat.postMessage({ channel: ref.channel, thread_ts: ref.ts, ...message });
      } else {
        await this.client.chat.postMessage({ channel: this.channel, ...message });
      }
    } catch (error) {
      this.logger.error(`alert ${event.alert.key}: posting to Slack failed: ${safeErrorMessage(error)}`);
    }
  };
}
