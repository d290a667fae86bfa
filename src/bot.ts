// Builds the bot from its parts: store -> authorizer -> change service -> Slack app. Used by main.ts,
// the console and the tests, each with its own receiver.
import type { Authorizer } from './changes/authorizer.ts';
import { ConfigAuthorizer } from './changes/authorizer.ts';
import { ChangeService } from './changes/change-service.ts';
import { targetPolicy } from './changes/target-policy.ts';
import type { TlsTester } from './changes/tls-preflight.ts';
import { createSlackApp, type SlackApp, type SlackAppOptions } from './slack/app.ts';
import { safeErrorMessage } from './slack/safe-error.ts';
import { usergroupMembers } from './slack/usergroup-members.ts';
import type { Store } from './store/repositories.ts';
import { openSqliteStore } from './store/sqlite-store.ts';

export interface BotOptions extends Omit<SlackAppOptions, 'changes' | 'router'> {
  approvers: string[];
  approverGroup?: string;
  requesters: string[];
  /** Who may run the read-only commands, besides requesters and approvers. */
  viewers?: string[];
  viewerGroup?: string;
  /** test-tls and diagnose may reach loopback and private addresses (ALLOW_PRIVATE_TARGETS). */
  allowPrivateTargets?: boolean;
  /** DNS servers for checking test-tls and diagnose targets (default: the system's). */
  dnsServers?: string[];
  database: string;
  approvalTtlHours: number;
  tls: TlsTester;
  /** Replaces the config-based authorizer (e.g. one that also requires a Google admin). */
  authorizer?: (base: Authorizer) => Authorizer;
  now?: () => Date;
}

export interface Bot extends SlackApp {
  changes: ChangeService;
  store: Store;
  /** Expires overdue proposals every `intervalMs` until stop(). */
  startExpirySweep(intervalMs?: number): void;
  stop(): Promise<void>;
}

export function createBot(options: BotOptions): Bot {
  const store = openSqliteStore(options.database);
  const now = options.now ?? (() => new Date());
  // The Slack client exists only once the app does; the authorizer asks it lazily.
  let slack: SlackApp | undefined;
  const base = new ConfigAuthorizer({
    approvers: options.approvers,
    approverGroup: options.approverGroup,
    requesters: options.requesters,
    viewers: options.viewers ?? [],
    viewerGroup: options.viewerGroup,
    groupMembers: (group) => {
      if (!slack) throw new Error('the Slack app is not built yet');
      return usergroupMembers(slack.app.client)(group);
    },
    now: () => now().getTime(),
  });
  let logError = (message: string) => console.error(message);
  const changes = new ChangeService({
    store,
    tls: options.tls,
    authorizer: options.authorizer ? options.authorizer(base) : base,
    now,
    ttlHours: options.approvalTtlHours,
    onError: (error, context) => logError(`${context}: ${safeErrorMessage(error)}`),
  });
  slack = createSlackApp({
    receiver: options.receiver,
    botToken: options.botToken,
    botId: options.botId,
    botUserId: options.botUserId,
    apiUrl: options.apiUrl,
    approvalsChannel: options.approvalsChannel,
    changes,
    targets:
      options.targets ??
      targetPolicy({ allowPrivate: options.allowPrivateTargets ?? false, dnsServers: options.dnsServers }),
    logger: options.logger,
    logLevel: options.logLevel,
  });
  const app = slack.app;
  logError = (message) => app.logger.error(message);
  let sweep: NodeJS.Timeout | undefined;
  return {
    ...slack,
    changes,
    store,
    startExpirySweep(intervalMs = 60_000) {
      sweep ??= setInterval(() => {
        changes.expireDue().catch((error: unknown) => logError(`expiry sweep: ${safeErrorMessage(error)}`));
      }, intervalMs);
      sweep.unref();
    },
    async stop() {
      if (sweep) clearInterval(sweep);
      await app.stop();
      await store.close();
    },
  };
}
