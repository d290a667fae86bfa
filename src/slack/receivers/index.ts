// Which Bolt receiver the configuration asks for: Socket Mode (app token) or HTTP (signing secret).
import { type Logger, type LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { BotConfig } from '../../config.ts';
import { createHttpReceiver } from './http.ts';

export type SlackReceiver =
  | { kind: 'socket'; receiver: SocketModeReceiver }
  | { kind: 'http'; receiver: ReturnType<typeof createHttpReceiver> };

export function createSlackReceiver(
  config: BotConfig,
  { logLevel, logger }: { logLevel?: LogLevel; logger?: Logger } = {},
): SlackReceiver {
  if (config.transport === 'socket' && config.slack.appToken) {
    return {
      kind: 'socket',
      receiver: new SocketModeReceiver({
        appToken: config.slack.appToken,
        ...(logLevel ? { logLevel } : {}),
        ...(logger ? { logger } : {}),
        ...(config.slack.apiUrl
          ? { installerOptions: { clientOptions: { slackApiUrl: config.slack.apiUrl } } }
          : {}),
      }),
    };
  }
  if (config.transport === 'http' && config.slack.signingSecret) {
    return {
      kind: 'http',
      receiver: createHttpReceiver({
        signingSecret: config.slack.signingSecret,
        ...(logLevel ? { logLevel } : {}),
        ...(logger ? { logger } : {}),
      }),
    };
  }
  throw new Error(`no Slack receiver for the "${config.transport}" transport`);
}
