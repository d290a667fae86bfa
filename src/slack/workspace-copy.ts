// What the bot says about Google Workspace evidence (audit log, probes, setup), kept in one place per
// surface like copy.ts, so a Japanese version can sit beside it later.
import { escapeMrkdwn } from './mrkdwn.ts';
export const workspaceCopy = {
  status: {
    none: 'No approved or proposed changes yet.',
    noneFor: (route: string) => `No changes about route \`${escapeMrkdwn(route)}\`.`,
    title: (route?: string) => (route ? `Changes to route ${escapeMrkdwn(route)}` : 'Recent changes'),
    state: {
      proposed: ':hourglass: waiting for approval',
      rejected: ':x: rejected',
      expired: ':wastebasket: expired',
      approved: ':clipboard: approved, waiting for the change in the Admin console',
      applied: ':arrows_counterclockwise: applied, propagating',
      live: ':white_check_mark: live',
      stalled: ':warning: stalled',
    },
    unverified: ' (unverified: no audit-log event yet)',
    troubleshooting: '*What to check*',
  },
  probe: {
    sent: (token: string, change?: number) =>
      `Probe \`${token}\` sent through Gmail${change ? ` for change #${change}` : ''}. It proves the route once the relay sees it; check with \`/gateway probe ${token}\` or \`/gateway status\`.`,
    notSent: (reason: string) => `No probe was sent: ${escapeMrkdwn(reason)}`,
    seen: (token: string, detail: string) =>
      `:white_check_mark: Probe \`${token}\` reached the relay: ${escapeMrkdwn(detail)}.`,
    notSeen: (token: string) =>
      `Probe \`${token}\` has not reached the relay yet. Gmail may take a while, and a new route up to 24 hours.`,
    badToken: (token: string) =>
      `"${token}" is not a probe token: tokens are 24 lower-case hex digits, as \`/gateway probe\` prints them`,
    noRelay:
      'The relay control API is not configured (GATEWAY_CONTROL_URL, GATEWAY_CONTROL_TOKEN): sightings cannot be checked.',
  },
  google: {
    notConfigured:
      'Google Workspace is not configured: set GOOGLE_SERVICE_ACCOUNT_FILE (a service account key with domain-wide delegation), GOOGLE_ADMIN_SUBJECT, GOOGLE_PROBE_SENDER and PROBE_RECIPIENT. See docs/google-workspace.md.',
    checkTitle: 'Google Workspace setup',
    account: (email: string, clientId: string) =>
      `Service account \`${escapeMrkdwn(email)}\`, client ID \`${escapeMrkdwn(clientId)}\` (the ID to authorise under Domain-wide delegation).`,
    allGood: 'Everything the bot uses works.',
    someMissing: 'Some parts do not work yet; each line says what to do.',
  },
  notice: {
    applied: (id: number, detail: string) =>
      `:white_check_mark: Change #${id} is confirmed by the Admin console audit log: ${escapeMrkdwn(detail)}.`,
    nearMisses: (id: number) =>
      `Change #${id}: the audit log has mail-setting events since the approval, but none matches the change yet:`,
    live: (id: number, detail: string) => `:tada: Change #${id} is live: ${escapeMrkdwn(detail)}.`,
    stalled: (id: number) =>
      `:warning: Change #${id} stalled: no probe came through the gateway within 24 hours of the change.`,
    failure: (what: string) => `:warning: ${escapeMrkdwn(what)}`,
  },
} as const;
