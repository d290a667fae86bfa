// The Bolt app: the same listeners whatever the receiver (HTTP, Socket Mode, the local console).
import { App, type Logger, LogLevel, type Receiver } from '@slack/bolt';
import type { ChangeService } from '../changes/change-service.ts';
import { type TargetPolicy, targetPolicy } from '../changes/target-policy.ts';
import { ApprovalPublisher } from './approval-publisher.ts';
import { defaultCommandRouter } from './commands/index.ts';
import type { CommandRouter } from './commands/router.ts';
import { registerListeners } from './listeners/index.ts';
import type { HomeSection } from './listeners/types.ts';
import { SHORT_RETRY_POLICY, SLACK_CLIENT_TIMEOUT_MS } from './retry-policy.ts';
import { safeErrorMessage } from './safe-error.ts';

export interface SlackAppOptions {
  receiver: Receiver;
  botToken: string;
  /** Given in tests and the console so Bolt does not call auth.test at start-up. */
  botId?: string;
  botUserId?: string;
  apiUrl?: string;
  approvalsChannel: string;
  changes: ChangeService;
  router?: CommandRouter;
  /** Default: public addresses and configured routes only. */
  targets?: TargetPolicy;
  logger?: Logger;
  logLevel?: LogLevel;
}

export interface SlackApp {
  app: App;
  publisher: ApprovalPublisher;
  router: CommandRouter;
  /** Sections other parts add to App Home, after the routes and proposals. */
  homeSections: HomeSection[];
}

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const app = new App({
    receiver: options.receiver,
    token: options.botToken,
    ...(options.botId ? { botId: options.botId } : {}),
    ...(options.botUserId ? { botUserId: options.botUserId } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    logLevel: options.logLevel ?? LogLevel.WARN,
    clientOptions: {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      retryConfig: SHORT_RETRY_POLICY,
      timeout: SLACK_CLIENT_TIMEOUT_MS,
    },
  });
  app.error(async (error) => {
    app.logger.error(`unhandled error in a listener: ${safeErrorMessage(error)}`);
  });
  const router = options.router ?? defaultCommandRouter();
  const publisher = new ApprovalPublisher(app.client, options.approvalsChannel, options.changes);
  options.changes.onTransition(publisher.onTransition);
  const homeSections: HomeSection[] = [];
  registerListeners(app, {
    homeSections,
    changes: options.changes,
    publisher,
    approvalsChannel: options.approvalsChannel,
    router,
    targets: options.targets ?? targetPolicy({ allowPrivate: false }),
    logger: app.logger,
  });
  return { app, publisher, router, homeSections };
}
