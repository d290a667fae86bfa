// Bolt's HTTP receiver at /slack/events (signatures verified) with replayed requests refused.
import { HTTPReceiver, type Logger, type LogLevel } from '@slack/bolt';
import { withReplayGuard } from './replay-guard.ts';

export function createHttpReceiver(options: { signingSecret: string; logger?: Logger; logLevel?: LogLevel }) {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
  });
  receiver.requestListener = withReplayGuard(receiver.requestListener);
  return receiver;
}
