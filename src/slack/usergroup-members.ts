// Members of a Slack user group (approvers by group), read with usergroups.users.list.
import type { webApi } from '@slack/bolt';

export function usergroupMembers(client: webApi.WebClient): (groupId: string) => Promise<string[]> {
  return async (groupId) => {
    const result = await client.usergroups.users.list({ usergroup: groupId });
    return result.users ?? [];
  };
}
