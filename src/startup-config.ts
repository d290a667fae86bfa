// Everything start-up reads from the environment, checked together: the bot (Slack, approvals, store,
// Google Workspace) and the operations side (relay fleet, managed relay, alerts). A person with
// problems in several parts sees every line at once, not only the first part's.
import { type BotConfig, loadConfig } from './config.ts';
import { ConfigError } from './config-problems.ts';
import { loadOpsConfig, type OpsConfig } from './ops/config.ts';

export interface StartupConfig {
  bot: BotConfig;
  ops: OpsConfig;
}

/** Throws ConfigError with one line per problem of every part. */
export function loadStartupConfig(env: Record<string, string | undefined>): StartupConfig {
  const problems: string[] = [];
  let bot: BotConfig | undefined;
  try {
    bot = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const ops = loadOpsConfig(env);
  if (!ops.ok) problems.push(...ops.errors);
  if (!bot || !ops.ok) throw new ConfigError([...new Set(problems)]);
  return { bot, ops: ops.config };
}
