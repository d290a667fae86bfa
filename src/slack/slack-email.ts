// The email of a Slack user (users.info, needs the users:read.email scope), cached for a few minutes.
import type { webApi } from '@slack/bolt';

export function slackEmailLookup(
  client: () => webApi.WebClient,
  options: { ttlMs?: number; now?: () => number } = {},
): (userId: string) => Promise<string | undefined> {
  const cache = new Map<string, { email: string | undefined; at: number }>();
  const ttl = options.ttlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  return async (userId) => {
    const hit = cache.get(userId);
    if (hit && now() - hit.at < ttl) return hit.email;
    const info = await client().users.info({ user: userId });
    const email = info.user?.profile?.email || undefined;
    cache.set(userId, { email, at: now() });
    return email;
  };
}
