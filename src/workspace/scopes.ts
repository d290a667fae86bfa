// The OAuth scopes the bot asks Google for. Each client requests only the scope of the API it calls,
// so a missing grant shows up exactly where it is needed and names the one scope to add.

export const SCOPES = {
  audit: 'https://www.googleapis.com/auth/admin.reports.audit.readonly',
  directory: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  probe: 'https://www.googleapis.com/auth/gmail.send',
  policies: 'https://www.googleapis.com/auth/cloud-identity.policies.readonly',
} as const;

export type GoogleApiName = keyof typeof SCOPES;

/** Why the bot needs each scope, in the words shown by `/gateway google check` and the README. */
export const SCOPE_PURPOSE: Record<GoogleApiName, string> = {
  audit: 'read the Admin console audit log to confirm that an approved route change was made',
  directory: 'check that a Slack user maps to a Workspace admin (REQUIRE_GOOGLE_ADMIN)',
  probe: 'send probe messages from the probe mailbox to prove the route carries mail',
  policies:
    'read the Gmail setting "Allow per-user outbound gateways": mail sent through users\' own SMTP servers bypasses the gateway',
};

export const API_LABEL: Record<GoogleApiName, string> = {
  audit: 'Admin SDK Reports API (audit log)',
  directory: 'Admin SDK Directory API (users.get)',
  probe: 'Gmail API (users.messages.send)',
  policies: 'Cloud Identity Policy API (policies.list)',
};

/** Where an admin grants scopes to the service account's client ID. */
export const DELEGATION_PATH =
  'Admin console > Security > Access and data control > API controls > Domain-wide delegation';
