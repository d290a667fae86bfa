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
    try {
      if (await this.isApprover(userId)) return { allowed: true };
    } catch (error) {
      return { allowed: false, reason: this.groupError(error) };
    }
    return {
      allowed: false,
      reason: `<@${userId}> is not in APPROVERS or APPROVER_GROUP`,
    };
  }

  async mayPropose(userId: string): Promise<AuthDecision> {
    let allowed: boolean;
    try {
      allowed =
        this.options.requesters.length > 0
          ? this.options.requesters.includes(userId)
          : await this.isApprover(userId);
    } catch (error) {
      return { allowed: false, reason: this.groupError(error) };
    }
    if (allowed) return { allowed: true };
    return {
      allowed: false,
      reason: `<@${userId}> may not propose changes: ask an admin to add you to REQUESTERS (or the approvers)`,
    };
  }

  private groupError(error: unknown): string {
    const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
    return `the members of APPROVER_GROUP ${this.options.approverGroup} could not be read (${code}): check the usergroups:read scope, or list the approvers in APPROVERS`;
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
