// REQUIRE_GOOGLE_ADMIN: a Slack user may propose or approve only if their Slack email belongs to a
// Workspace user who is a super admin or a delegated admin. Fails closed: if Google cannot be asked,
// the answer is no, with the reason.
import type { Directory } from './directory.ts';
import { describeGoogleFailure, GoogleApiError } from './google-errors.ts';

/** Returns the email of a Slack user (Slack users.info, profile.email), or undefined if hidden. */
export type SlackEmailLookup = (slackUserId: string) => Promise<string | undefined>;

export type AdminDecision =
  | { allowed: true; email: string; role: 'super admin' | 'delegated admin' }
  | { allowed: false; reason: string };

export async function decideGoogleAdmin(
  slackUserId: string,
  lookupEmail: SlackEmailLookup,
  directory: Pick<Directory, 'adminStatus'>,
): Promise<AdminDecision> {
  let email: string | undefined;
  try {
    email = await lookupEmail(slackUserId);
  } catch (error) {
    const code = (error as { data?: { error?: unknown } }).data?.error;
    return {
      allowed: false,
      reason: `Slack could not say who <@${slackUserId}> is (users.info: ${typeof code === 'string' ? code : 'request failed'}), so the Workspace admin check refuses: the bot needs the users:read and users:read.email scopes.`,
    };
  }
  if (!email) {
    return {
      allowed: false,
      reason: `Slack did not give an email for <@${slackUserId}>: the bot needs the users:read.email scope, and the profile must have an email.`,
    };
  }
  try {
    const status = await directory.adminStatus(email);
    if (!status.found) {
      return {
        allowed: false,
        reason: `${email} (the Slack email of <@${slackUserId}>) is not a user of the Google Workspace domain; only Workspace admins may do this.`,
      };
    }
    if (status.suspended) return { allowed: false, reason: `${email} is suspended in Google Workspace.` };
    if (status.isAdmin) return { allowed: true, email: status.email, role: 'super admin' };
    if (status.isDelegatedAdmin) return { allowed: true, email: status.email, role: 'delegated admin' };
    return {
      allowed: false,
      reason: `${email} is not a Google Workspace admin (neither super admin nor delegated admin); only Workspace admins may do this.`,
    };
  } catch (error) {
    if (error instanceof GoogleApiError) {
      return {
        allowed: false,
        reason: `Could not check whether ${email} is a Workspace admin, so the action is refused. ${describeGoogleFailure(error.failure)}`,
      };
    }
    throw error;
  }
}
