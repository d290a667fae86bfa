// The bot's configuration, read from the environment and checked with zod at start-up.
import { z } from 'zod';
import { ConfigError, envIssueLines } from './config-problems.ts';
import type { GoogleSettings } from './workspace/workspace.ts';

const idList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter((id) => id.length > 0),
  )
  .pipe(
    z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'each entry must be a Slack user ID such as U012ABCDEF')),
  );

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const schema = z
  .object({
    SLACK_APP_TOKEN: optionalText.pipe(
      z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional(),
    ),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_BOT_TOKEN: optionalText.pipe(
      z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional(),
    ),
    SLACK_API_URL: optionalText.pipe(z.url('must be a URL such as https://slack.com/api/').optional()),
    PORT: z.coerce
      .number('must be a port number')
      .int('must be a whole number')
      .min(0, 'must be 0 to 65535')
      .max(65535, 'must be 0 to 65535')
      .default(3000),
    APPROVALS_CHANNEL: optionalText.pipe(
      z
        .string()
        .regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a channel ID such as C012ABCDEF (not the #name)')
        .optional(),
    ),
    APPROVERS: idList,
    APPROVER_GROUP: optionalText.pipe(
      z
        .string()
        .regex(/^S[A-Z0-9]{2,}$/, 'must be a user group ID such as S012ABCDEF')
        .optional(),
    ),
    REQUESTERS: idList,
    VIEWERS: idList,
    VIEWER_GROUP: optionalText.pipe(
      z
        .string()
        .regex(/^S[A-Z0-9]{2,}$/, 'must be a user group ID such as S012ABCDEF')
        .optional(),
    ),
    ALLOW_PRIVATE_TARGETS: optionalText.pipe(
      z
        .enum(['true', 'false'], 'must be true or false')
        .default('false')
        .transform((v) => v === 'true'),
    ),
    DATABASE: optionalText.pipe(z.string().default('./var/bot.db')),
    APPROVAL_TTL_HOURS: z.coerce
      .number('must be a number of hours')
      .positive('must be more than 0')
      .max(24 * 30, 'must be at most 720 (30 days)')
      .default(24),
    // The relay's control API: checked with the relay fleet (src/gateway-client/fleet-config.ts),
    // which loadStartupConfig runs beside this schema, so each problem is reported once.
    GATEWAY_CONTROL_URL: optionalText,
    GATEWAY_CONTROL_TOKEN: optionalText,
    // Google Workspace (see docs/google-workspace.md).
    GOOGLE_SERVICE_ACCOUNT_FILE: optionalText,
    GOOGLE_ADMIN_SUBJECT: optionalText.pipe(z.email('must be the email of a Workspace admin').optional()),
    GOOGLE_PROBE_SENDER: optionalText.pipe(
      z.email('must be the email of a mailbox of the domain').optional(),
    ),
    GOOGLE_API_URL: optionalText.pipe(z.url('must be a URL (tests and staging only)').optional()),
    PROBE_RECIPIENT: optionalText.pipe(z.email('must be an email address outside the domain').optional()),
    REQUIRE_GOOGLE_ADMIN: optionalText.pipe(
      z
        .enum(['true', 'false'], 'must be true or false')
        .default('false')
        .transform((v) => v === 'true'),
    ),
  })
  .superRefine((env, ctx) => {
    const httpMode = env.SLACK_SIGNING_SECRET !== undefined || env.SLACK_BOT_TOKEN !== undefined;
    const slackMode = httpMode || env.SLACK_APP_TOKEN !== undefined;
    if (env.SLACK_APP_TOKEN && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'is required with SLACK_APP_TOKEN (Socket Mode)',
      });
    }
    if (httpMode && !env.SLACK_APP_TOKEN) {
      if (!env.SLACK_SIGNING_SECRET) {
        ctx.addIssue({
          code: 'custom',
          path: ['SLACK_SIGNING_SECRET'],
          message: 'is required with SLACK_BOT_TOKEN in HTTP mode',
        });
      }
      if (!env.SLACK_BOT_TOKEN) {
        ctx.addIssue({
          code: 'custom',
          path: ['SLACK_BOT_TOKEN'],
          message: 'is required with SLACK_SIGNING_SECRET in HTTP mode',
        });
      }
    }
    if (slackMode && !env.APPROVALS_CHANNEL) {
      ctx.addIssue({
        code: 'custom',
        path: ['APPROVALS_CHANNEL'],
        message: 'is required: the channel ID where proposals are posted',
      });
    }
    if (slackMode && env.APPROVERS.length === 0 && !env.APPROVER_GROUP) {
      ctx.addIssue({
        code: 'custom',
        path: ['APPROVERS'],
        message: 'set APPROVERS (user IDs) or APPROVER_GROUP: nobody could approve',
      });
    }
    if (env.REQUIRE_GOOGLE_ADMIN && !(env.GOOGLE_SERVICE_ACCOUNT_FILE && env.GOOGLE_ADMIN_SUBJECT)) {
      ctx.addIssue({
        code: 'custom',
        path: ['REQUIRE_GOOGLE_ADMIN'],
        message: 'needs GOOGLE_SERVICE_ACCOUNT_FILE and GOOGLE_ADMIN_SUBJECT to look admins up',
      });
    }
    const googleNeedsFile = [env.GOOGLE_ADMIN_SUBJECT, env.GOOGLE_PROBE_SENDER].some(Boolean);
    if (googleNeedsFile && !env.GOOGLE_SERVICE_ACCOUNT_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['GOOGLE_SERVICE_ACCOUNT_FILE'],
        message:
          'is required with GOOGLE_ADMIN_SUBJECT or GOOGLE_PROBE_SENDER: the JSON key of the service account',
      });
    }
  });

export type Env = z.output<typeof schema>;

export type Transport = 'socket' | 'http' | 'console';

export interface BotConfig {
  transport: Transport;
  slack: {
    appToken?: string;
    signingSecret?: string;
    botToken?: string;
    apiUrl?: string;
    port: number;
  };
  approvalsChannel?: string;
  approvers: string[];
  approverGroup?: string;
  requesters: string[];
  /** Who may run the read-only commands, besides requesters and approvers. */
  viewers: string[];
  viewerGroup?: string;
  /** test-tls and diagnose may reach loopback and private addresses. */
  allowPrivateTargets: boolean;
  database: string;
  approvalTtlHours: number;
  gatewayControl?: { url: string; token: string };
  /** Present when GOOGLE_SERVICE_ACCOUNT_FILE is set. */
  google?: GoogleSettings;
  requireGoogleAdmin: boolean;
}

const SECRETS = new Set([
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'GATEWAY_CONTROL_TOKEN',
]);

export { ConfigError };

/**
 * Reads the bot's configuration; throws ConfigError with one line per problem, naming the variable.
 * Start-up uses loadStartupConfig (src/startup-config.ts), which also checks the operations side.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(envIssueLines(parsed.error.issues, env, SECRETS));
  const e = parsed.data;
  const transport: Transport = e.SLACK_APP_TOKEN ? 'socket' : e.SLACK_SIGNING_SECRET ? 'http' : 'console';
  return {
    transport,
    slack: {
      appToken: e.SLACK_APP_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      apiUrl: e.SLACK_API_URL,
      port: e.PORT,
    },
    approvalsChannel: e.APPROVALS_CHANNEL,
    approvers: e.APPROVERS,
    approverGroup: e.APPROVER_GROUP,
    requesters: e.REQUESTERS,
    viewers: e.VIEWERS,
    viewerGroup: e.VIEWER_GROUP,
    allowPrivateTargets: e.ALLOW_PRIVATE_TARGETS,
    database: e.DATABASE,
    approvalTtlHours: e.APPROVAL_TTL_HOURS,
    gatewayControl:
      e.GATEWAY_CONTROL_URL && e.GATEWAY_CONTROL_TOKEN
        ? { url: e.GATEWAY_CONTROL_URL, token: e.GATEWAY_CONTROL_TOKEN }
        : undefined,
    google: e.GOOGLE_SERVICE_ACCOUNT_FILE
      ? {
          serviceAccountFile: e.GOOGLE_SERVICE_ACCOUNT_FILE,
          ...(e.GOOGLE_ADMIN_SUBJECT ? { adminSubject: e.GOOGLE_ADMIN_SUBJECT } : {}),
          ...(e.GOOGLE_PROBE_SENDER ? { probeSender: e.GOOGLE_PROBE_SENDER } : {}),
          ...(e.PROBE_RECIPIENT ? { probeRecipient: e.PROBE_RECIPIENT } : {}),
          ...(e.GOOGLE_API_URL ? { apiUrl: e.GOOGLE_API_URL } : {}),
        }
      : undefined,
    requireGoogleAdmin: e.REQUIRE_GOOGLE_ADMIN,
  };
}
