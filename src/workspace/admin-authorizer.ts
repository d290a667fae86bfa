// REQUIRE_GOOGLE_ADMIN: a Slack user may propose or approve only if their Slack email belongs to a
// Workspace user who is a super admin or a delegated admin. Fails closed: if Google cannot be asked,
// the answer is no, with the reason.
import { type Phrase, phrase, raw } from '../i18n/phrase.ts';
import type { Directory } from './directory.ts';
import { describeGoogleFailure, GoogleApiError } from './google-errors.ts';

/** Returns the email of a Slack user (Slack users.info, profile.email), or undefined if hidden. */
export type SlackEmailLookup = (slackUserId: string) => Promise<string | undefined>;

export type AdminDecision =
  | { allowed: true; email: string; role: 'super admin' | 'delegated admin' }
  | { allowed: false; reason: Phrase };

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
      reason: phrase('refusal.slackIdentity', {
        user: slackUserId,
        code: raw(typeof code === 'string' ? code : 'request failed'),
      }),
    };
  }
  if (!email) {
    return {
      allowed: false,
      reason: phrase('refusal.noEmail', { user: slackUserId }),
    };
  }
  try {
    const status = await directory.adminStatus(email);
    if (!status.found) {
      return {
        allowed: false,
        reason: phrase('refusal.notWorkspaceUser', { email, user: slackUserId }),
      };
    }
    if (status.suspended) return { allowed: false, reason: phrase('refusal.suspended', { email }) };
    if (status.isAdmin) return { allowed: true, email: status.email, role: 'super admin' };
    if (status.isDelegatedAdmin) return { allowed: true, email: status.email, role: 'delegated admin' };
    return {
      allowed: false,
      reason: phrase('refusal.notAdmin', { email }),
    };
  } catch (error) {
    if (error instanceof GoogleApiError) {
      return {
        allowed: false,
        reason: phrase('refusal.adminCheckFailed', {
          email,
          failure: describeGoogleFailure(error.failure),
        }),
      };
    }
    throw error;
  }
}
