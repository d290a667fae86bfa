// Bolt's HTTP receiver at /slack/events (signatures verified) with replayed requests refused.
import { HTTPReceiver, type Logger, type LogLevel } from '@slack/bolt';
import { type ReplayMemory, withReplayGuard } from './replay-guard.ts';

export interface HttpReceiverOptions {
  signingSecret: string;
  logger?: Logger;
  logLevel?: LogLevel;
  /** Bounds of the replay memory (defaults: 10,000 signatures, 1 MiB). */
  replay?: { maxEntries?: number; maxBytes?: number };
}

export type GuardedHttpReceiver = HTTPReceiver & { replayMemory: ReplayMemory };

export function createHttpReceiver(options: HttpReceiverOptions): GuardedHttpReceiver {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
  });
  const guard = withReplayGuard(receiver.requestListener, {
    signingSecret: options.signingSecret,
    ...options.replay,
  });
  receiver.requestListener = guard.listener;
  return Object.assign(receiver, { replayMemory: guard.memory });
}
