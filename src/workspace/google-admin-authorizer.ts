// REQUIRE_GOOGLE_ADMIN=true: wraps the configured authorizer; a person allowed by configuration must
// also be a Google Workspace admin (by the email of their Slack profile) to propose or approve.
import type { AuthDecision, Authorizer } from '../changes/authorizer.ts';
import { decideGoogleAdmin, type SlackEmailLookup } from './admin-authorizer.ts';
import type { Directory } from './directory.ts';

export class GoogleAdminAuthorizer implements Authorizer {
  constructor(
    private readonly base: Authorizer,
    private readonly directory: Pick<Directory, 'adminStatus'>,
    private readonly emailOf: SlackEmailLookup,
  ) {}

  /** Looking needs no admin rights: viewers are decided by configuration alone. */
  mayView(userId: string): Promise<AuthDecision> {
    return this.base.mayView(userId);
  }

  async mayPropose(userId: string): Promise<AuthDecision> {
    const decision = await this.base.mayPropose(userId);
    return decision.allowed ? this.googleAdmin(userId) : decision;
  }

  async mayApprove(userId: string): Promise<AuthDecision> {
    const decision = await this.base.mayApprove(userId);
    return decision.allowed ? this.googleAdmin(userId) : decision;
  }

  private async googleAdmin(userId: string): Promise<AuthDecision> {
    const decision = await decideGoogleAdmin(userId, this.emailOf, this.directory);
    return decision.allowed ? { allowed: true } : { allowed: false, reason: decision.reason };
  }
}
