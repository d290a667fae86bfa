// The OAuth scopes the bot asks Google for. Each client requests only the scope of the API it calls,
// so a missing grant shows up exactly where it is needed and names the one scope to add.

export const SCOPES = {
  audit: 'https://www.googleapis.com/auth/admin.reports.audit.readonly',
  directory: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  probe: 'https://www.googleapis.com/auth/gmail.send',
  policies: 'https://www.googleapis.com/auth/cloud-identity.policies.readonly',
} as const;

export type GoogleApiName = keyof typeof SCOPES;
