// Who may look, who may propose and who may approve. Config-based here; a Google-admin check can wrap
// it (src/workspace/google-admin-authorizer.ts).
import { list, type Phrase, phrase, raw } from '../i18n/phrase.ts';

/** A refusal says why as a phrase, worded for whoever is told (it may mention people). */
export type AuthDecision = { allowed: true } | { allowed: false; reason: Phrase };

export interface Authorizer {
  /** The read-only commands (routes, status, test-tls, diagnose, relay status, …). */
  mayView(userId: string): Promise<AuthDecision>;
  mayPropose(userId: string): Promise<AuthDecision>;
  mayApprove(userId: string): Promise<AuthDecision>;
}

export interface ConfigAuthorizerOptions {
  approvers: string[];
  /** A Slack user group whose members are approvers too. */
  approverGroup?: string;
  /** Who may propose; empty means "the approvers". */
  requesters: string[];
  /** Who may run the read-only commands, besides requesters and approvers. */
  viewers?: string[];
  /** A Slack user group whose members are viewers too. */
  viewerGroup?: string;
  /** Members of a user group (Slack usergroups.users.list). */
  groupMembers?: (groupId: string) => Promise<string[]>;
  now?: () => number;
  groupCacheMs?: number;
}

export class ConfigAuthorizer implements Authorizer {
  private readonly cached = new Map<string, { members: Set<string>; at: number }>();

  constructor(private readonly options: ConfigAuthorizerOptions) {}

  async mayView(userId: string): Promise<AuthDecision> {
    const o = this.options;
    if ((o.viewers ?? []).includes(userId) || o.requesters.includes(userId)) return { allowed: true };
    try {
      if (o.viewerGroup && (await this.inGroup(o.viewerGroup, userId))) return { allowed: true };
      if (await this.isApprover(userId)) return { allowed: true };
    } catch (error) {
      return {
        allowed: false,
        reason: this.groupError(error, o.viewerGroup ? 'VIEWER_GROUP' : 'APPROVER_GROUP'),
      };
    }
    return { allowed: false, reason: this.whoMayView(userId) };
  }

  /** Names who may look: the listed people and groups, as mentions, and where to be added. */
  private whoMayView(userId: string): Phrase {
    const o = this.options;
    const people = [...new Set([...(o.viewers ?? []), ...o.requesters, ...o.approvers])];
    const who = people.slice(0, 10).map((user) => phrase('phrase.user', { user }));
    if (people.length > 10) who.push(phrase('refusal.moreUsers', { count: people.length - 10 }));
    for (const group of [o.viewerGroup, o.approverGroup]) {
      if (group) who.push(phrase('refusal.groupMembers', { group }));
    }
    return phrase('refusal.notViewer', {
      user: userId,
      who: who.length > 0 ? list(who) : phrase('refusal.nobody'),
    });
  }

  async mayApprove(userId: string): Promise<AuthDecision> {
    try {
      if (await this.isApprover(userId)) return { allowed: true };
    } catch (error) {
      return { allowed: false, reason: this.groupError(error) };
    }
    return {
      allowed: false,
      reason: phrase('refusal.notApprover', { user: userId }),
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
      reason: phrase('refusal.notRequester', { user: userId }),
    };
  }

  private groupError(error: unknown, setting: 'APPROVER_GROUP' | 'VIEWER_GROUP' = 'APPROVER_GROUP'): Phrase {
    const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
    const group = setting === 'VIEWER_GROUP' ? this.options.viewerGroup : this.options.approverGroup;
    return phrase('refusal.groupUnreadable', {
      setting,
      group: group ?? '',
      code: raw(String(code)),
      list: setting === 'VIEWER_GROUP' ? 'VIEWERS' : 'APPROVERS',
    });
  }

  private async isApprover(userId: string): Promise<boolean> {
    if (this.options.approvers.includes(userId)) return true;
    const group = this.options.approverGroup;
    return group ? this.inGroup(group, userId) : false;
  }

  private async inGroup(group: string, userId: string): Promise<boolean> {
    if (!this.options.groupMembers) return false;
    const now = (this.options.now ?? Date.now)();
    let cached = this.cached.get(group);
    if (!cached || now - cached.at > (this.options.groupCacheMs ?? 60_000)) {
      cached = { members: new Set(await this.options.groupMembers(group)), at: now };
      this.cached.set(group, cached);
    }
    return cached.members.has(userId);
  }
}
