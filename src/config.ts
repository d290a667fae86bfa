// The bot's configuration, read from the environment and checked with zod at start-up.
import { z } from 'zod';

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
    DATABASE: optionalText.pipe(z.string().default('./var/bot.db')),
    APPROVAL_TTL_HOURS: z.coerce
      .number('must be a number of hours')
      .positive('must be more than 0')
      .max(24 * 30, 'must be at most 720 (30 days)')
      .default(24),
    GATEWAY_CONTROL_URL: optionalText.pipe(z.url('must be a URL such as http://127.0.0.1:8025').optional()),
    GATEWAY_CONTROL_TOKEN: optionalText,
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
    if (env.GATEWAY_CONTROL_URL && !env.GATEWAY_CONTROL_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['GATEWAY_CONTROL_TOKEN'],
        message: 'is required with GATEWAY_CONTROL_URL (the relay control API bearer token)',
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
  database: string;
  approvalTtlHours: number;
  gatewayControl?: { url: string; token: string };
}

const SECRETS = new Set([
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'GATEWAY_CONTROL_TOKEN',
]);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.join('\n')}`);
  }
}

function describeValue(key: string, value: unknown): string {
  if (value === undefined || value === '') return 'not set';
  if (SECRETS.has(key)) return 'set (value hidden)';
  return `"${String(value)}"`;
}

/** Reads the configuration; throws ConfigError with one line per problem, naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? 'environment');
      return `${key}: ${issue.message} (seen: ${describeValue(key, env[key])})`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
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
    database: e.DATABASE,
    approvalTtlHours: e.APPROVAL_TTL_HOURS,
    gatewayControl:
      e.GATEWAY_CONTROL_URL && e.GATEWAY_CONTROL_TOKEN
        ? { url: e.GATEWAY_CONTROL_URL, token: e.GATEWAY_CONTROL_TOKEN }
        : undefined,
  };
}
