// Who may propose and who may approve. Config-based here; a Google-admin check can wrap it later.
export type AuthDecision = { allowed: true } | { allowed: false; reason: string };

export interface Authorizer {
  mayPropose(userId: string): Promise<AuthDecision>;
  mayApprove(userId: string): Promise<AuthDecision>;
}

export interface ConfigAuthorizerOptions {
  approvers: string[];
  /** A Slack user group whose members are approvers too. */
  approverGroup?: string;
  /** Who may propose; empty means "the approvers". */
  requesters: string[];
  /** Members of a user group (Slack usergroups.users.list). */
  groupMembers?: (groupId: string) => Promise<string[]>;
  now?: () => number;
  groupCacheMs?: number;
}

export class ConfigAuthorizer implements Authorizer {
  private cached: { members: Set<string>; at: number } | undefined;

  constructor(private readonly options: ConfigAuthorizerOptions) {}

  async mayApprove(userId: string): Promise<AuthDecision> {
    if (await this.isApprover(userId)) return { allowed: true };
    return {
      allowed: false,
      reason: `<@${userId}> is not a configured approver (APPROVERS / APPROVER_GROUP)`,
    };
  }

  async mayPropose(userId: string): Promise<AuthDecision> {
    const allowed =
      this.options.requesters.length > 0
        ? this.options.requesters.includes(userId)
        : await this.isApprover(userId);
    if (allowed) return { allowed: true };
    return {
      allowed: false,
      reason: `<@${userId}> may not propose changes: ask an admin to add you to REQUESTERS (or the approvers)`,
    };
  }

  private async isApprover(userId: string): Promise<boolean> {
    if (this.options.approvers.includes(userId)) return true;
    const group = this.options.approverGroup;
    if (!group || !this.options.groupMembers) return false;
    const now = (this.options.now ?? Date.now)();
    if (!this.cached || now - this.cached.at > (this.options.groupCacheMs ?? 60_000)) {
      this.cached = { members: new Set(await this.options.groupMembers(group)), at: now };
    }
    return this.cached.members.has(userId);
  }
}
