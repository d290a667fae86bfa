// Posts relay action proposals to the approvals channel and keeps them current; posts alerts once per
// incident and marks them resolved (in place, plus a reply in the alert's thread). The messages'
// references are stored with the request or the open alert, so a restarted bot still finds them.
import type { Logger, webApi } from '@slack/bolt';
import type { AlertEvent } from '../../domain/ops/alerts.ts';
import type { RelayActionRequest } from '../../domain/ops/relay-action.ts';
import type { AlertRepository } from '../../store/repositories.ts';
import { safeErrorMessage } from '../safe-error.ts';
import type { Words } from '../words.ts';
import { relayActionMessage } from './action-blocks.ts';
import { alertRaisedMessage, alertResolvedMessage } from './alert-blocks.ts';

type Ref = { channel: string; ts: string };

export class RelayActionPublisher {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly channel: string,
    private readonly logger: Logger,
    /** Stores where the request's message is (RelayActionService.setMessage). */
    private readonly remember: (id: number, channel: string, ts: string) => Promise<void>,
    /** The approvals channel's language (DEFAULT_LOCALE). */
    private readonly words: Words,
  ) {}

  readonly onChange = async (request: RelayActionRequest): Promise<void> => {
    const message = relayActionMessage(this.words, request);
    try {
      if (request.message) {
        await this.client.chat.update({ ...request.message, ...message });
        return;
      }
      const posted = await this.client.chat.postMessage({ channel: this.channel, ...message });
      await this.remember(request.id, String(posted.channel), String(posted.ts));
    } catch (error) {
      this.logger.error(`relay action #${request.id}: updating Slack failed: ${safeErrorMessage(error)}`);
    }
  };
}

export class AlertPublisher {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly channel: string,
    private readonly logger: Logger,
    /** The open alerts; the monitor opens and closes them, this keeps their message references. */
    private readonly alerts: Pick<AlertRepository, 'get' | 'setMessage'>,
    /** The alert channel's language (DEFAULT_LOCALE). */
    private readonly words: Words,
  ) {}

  readonly onAlert = async (event: AlertEvent): Promise<void> => {
    try {
      if (event.type === 'raise') {
        const posted = await this.client.chat.postMessage({
          channel: this.channel,
          ...alertRaisedMessage(this.words, event.alert),
        });
        await this.alerts.setMessage(event.alert.key, {
          channel: String(posted.channel),
          ts: String(posted.ts),
        });
        return;
      }
      const message = alertResolvedMessage(this.words, event.alert, event.resolvedAt, event.detail);
      const ref: Ref | null | undefined = (await this.alerts.get(event.alert.key))?.message;
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
