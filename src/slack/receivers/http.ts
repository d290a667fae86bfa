// Bolt's HTTP receiver at /slack/events (signatures verified) with replayed requests refused.
import { type CustomRoute, HTTPReceiver, type Logger, type LogLevel } from '@slack/bolt';
import { withReplayGuard } from './replay-guard.ts';

export function createHttpReceiver(options: {
  signingSecret: string;
  logger?: Logger;
  logLevel?: LogLevel;
  /** More routes beside /slack/events (e.g. /healthz). */
  customRoutes?: CustomRoute[];
}) {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    ...(options.customRoutes ? { customRoutes: options.customRoutes } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
  });
  receiver.requestListener = withReplayGuard(receiver.requestListener);
  return receiver;
}
