// Plugs Google Workspace into the bot: the status, probe and google check subcommands, the tracker
// started by approvals and run on a timer, and its notices posted in the approval message's thread.
import type { webApi } from '@slack/bolt';
import type { Bot } from '../bot.ts';
import type { Authorizer } from '../changes/authorizer.ts';
import type { BotConfig } from '../config.ts';
import { trackerNotice } from '../slack/blocks/workspace-notices.ts';
import { googleCheckCommand } from '../slack/commands/google-check.ts';
import { probeCommand } from '../slack/commands/probe.ts';
import { statusCommand } from '../slack/commands/status.ts';
import { safeErrorMessage } from '../slack/safe-error.ts';
import { slackEmailLookup } from '../slack/slack-email.ts';
import { GoogleAdminAuthorizer } from '../workspace/google-admin-authorizer.ts';
import { openWorkspace, type Workspace } from '../workspace/workspace.ts';
import { attachTracker, type TrackingHandle, type TrackingLease } from './attach.ts';
import { RelayProbeClient } from './relay-probes.ts';
import { PropagationTracker } from './tracker.ts';

export interface GoogleWorkspaceOptions {
  /** Absent when GOOGLE_SERVICE_ACCOUNT_FILE is not set: the commands then say how to set it up. */
  workspace?: Workspace;
  approvalsChannel: string;
  /** The relay's control API (GATEWAY_CONTROL_URL / GATEWAY_CONTROL_TOKEN), for probe sightings. */
  relay?: { url: string; token: string };
  now?: () => Date;
  tickIntervalMs?: number;
  probeIntervalMs?: number;
  /** With several replicas: tracking and probes run only where this lease is held. */
  lease?: TrackingLease;
}

export interface GoogleWorkspaceHandle {
  tracker?: PropagationTracker;
  stop(): Promise<void>;
}

/** Reads the service account key when GOOGLE_SERVICE_ACCOUNT_FILE is set; a bad file stops start-up with its reason. */
export async function openGoogleWorkspace(config: Pick<BotConfig, 'google'>): Promise<Workspace | undefined> {
  return config.google ? openWorkspace(config.google) : undefined;
}

/** createBot options for REQUIRE_GOOGLE_ADMIN (none when it is off). */
export function googleAdminOption(
  config: Pick<BotConfig, 'requireGoogleAdmin'>,
  workspace: Workspace | undefined,
  client: () => webApi.WebClient,
): { authorizer?: (base: Authorizer) => Authorizer } {
  return config.requireGoogleAdmin && workspace ? { authorizer: requireGoogleAdmin(workspace, client) } : {};
}

/** For createBot's `authorizer` option when REQUIRE_GOOGLE_ADMIN=true. */
export function requireGoogleAdmin(
  workspace: Workspace,
  client: () => webApi.WebClient,
): (base: Authorizer) => Authorizer {
  const directory = workspace.directory;
  if (!directory) {
    throw new Error(
      'REQUIRE_GOOGLE_ADMIN=true needs GOOGLE_ADMIN_SUBJECT (the admin the Directory API acts as)',
    );
  }
  const emailOf = slackEmailLookup(client);
  return (base) => new GoogleAdminAuthorizer(base, directory, emailOf);
}

export function installGoogleWorkspace(bot: Bot, options: GoogleWorkspaceOptions): GoogleWorkspaceHandle {
  const now = options.now ?? (() => new Date());
  const workspace = options.workspace;
  const relay = options.relay ? new RelayProbeClient(options.relay) : undefined;
  const log = (message: string) => bot.app.logger.error(message);
  let tracker: PropagationTracker | undefined;
  let tracking: TrackingHandle | undefined;
  if (workspace) {
    const client = bot.app.client;
    tracker = new PropagationTracker({
      changes: bot.changes,
      auditTrail: bot.store.audit,
      ...(workspace.audit ? { auditLog: workspace.audit } : {}),
      ...(workspace.probe ? { gmail: workspace.probe } : {}),
      ...(relay ? { relay } : {}),
      ...(workspace.settings.probeRecipient ? { probeRecipient: workspace.settings.probeRecipient } : {}),
      emailOf: slackEmailLookup(() => client),
      now,
      ...(options.probeIntervalMs ? { probeIntervalMs: options.probeIntervalMs } : {}),
      notify: async (event) => {
        const thread = event.request?.approvalMessage;
        await client.chat.postMessage({
          channel: thread?.channel ?? options.approvalsChannel,
          ...(thread ? { thread_ts: thread.ts } : {}),
          ...trackerNotice(bot.readers.channel, event),
        });
      },
      onError: (error, context) => log(`${context}: ${safeErrorMessage(error)}`),
    });
    tracking = attachTracker(bot.changes, tracker, {
      ...(options.tickIntervalMs ? { intervalMs: options.tickIntervalMs } : {}),
      ...(options.lease ? { lease: options.lease } : {}),
      onError: (error) => log(`propagation tracking: ${safeErrorMessage(error)}`),
    });
  }
  bot.router.register(
    statusCommand(now),
    probeCommand(tracker, relay !== undefined),
    googleCheckCommand(workspace),
  );
  return {
    ...(tracker ? { tracker } : {}),
    async stop() {
      await tracking?.stop();
      workspace?.close();
    },
  };
}
