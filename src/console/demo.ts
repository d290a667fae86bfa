// The console's pretend workspace: a few people and channels, with approvers set up so that
// `as bob` after proposing as alice works out of the box. hanako reads Slack (and the Admin console) in
// Japanese: `as hanako` shows the same flow in Japanese.
import type { LocalUser } from './local-slack/types.ts';

export const DEMO_USERS: LocalUser[] = [
  {
    id: 'U0ALICE',
    name: 'alice',
    realName: 'Alice (admin)',
    email: 'alice@example.com',
    locale: 'en-US',
    tz: 'America/Los_Angeles',
  },
  {
    id: 'U0BOB',
    name: 'bob',
    realName: 'Bob (admin)',
    email: 'bob@example.com',
    locale: 'en-GB',
    tz: 'Europe/London',
  },
  {
    id: 'U0CAROL',
    name: 'carol',
    realName: 'Carol (not an approver)',
    email: 'carol@example.com',
    locale: 'en-US',
    tz: 'America/New_York',
  },
  {
    id: 'U0HANAKO',
    name: 'hanako',
    realName: 'Hanako (admin, 日本語)',
    email: 'hanako@example.com',
    locale: 'ja-JP',
    tz: 'Asia/Tokyo',
  },
];

export const DEMO_APPROVERS = ['U0ALICE', 'U0BOB', 'U0HANAKO'];
export const DEMO_APPROVALS_CHANNEL = 'C0APPROVALS';
export const DEMO_COMMAND_CHANNEL = 'C0OPS';
export const DEMO_CHANNELS: Record<string, string> = {
  [DEMO_APPROVALS_CHANNEL]: 'gateway-approvals',
  [DEMO_COMMAND_CHANNEL]: 'ops',
};
export const DEMO_BOT_TOKEN = 'xoxb-local-console';
