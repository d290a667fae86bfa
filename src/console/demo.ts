// The console's pretend workspace: a few people and channels, with approvers set up so that
// `as bob` after proposing as alice works out of the box.
import type { LocalUser } from './local-slack/types.ts';

export const DEMO_USERS: LocalUser[] = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice (admin)', email: 'alice@example.com' },
  { id: 'U0BOB', name: 'bob', realName: 'Bob (admin)', email: 'bob@example.com' },
  { id: 'U0CAROL', name: 'carol', realName: 'Carol (not an approver)', email: 'carol@example.com' },
];

export const DEMO_APPROVERS = ['U0ALICE', 'U0BOB'];
export const DEMO_APPROVALS_CHANNEL = 'C0APPROVALS';
export const DEMO_COMMAND_CHANNEL = 'C0OPS';
export const DEMO_CHANNELS: Record<string, string> = {
  [DEMO_APPROVALS_CHANNEL]: 'gateway-approvals',
  [DEMO_COMMAND_CHANNEL]: 'ops',
};
export const DEMO_BOT_TOKEN = 'xoxb-local-console';
