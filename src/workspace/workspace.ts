// Wires the Google adapters from the bot's settings: one key file, each API acting as its own user
// with its own scope. An API whose user is not configured is simply absent.
import { AuditLog } from './audit-log.ts';
import type { BackoffOptions } from './backoff.ts';
import { Directory } from './directory.ts';
import { GmailProbe } from './gmail-probe.ts';
import type { GoogleEndpoint } from './google-auth.ts';
import { OutboundGatewayPolicy } from './outbound-gateway-policy.ts';
import { readServiceAccountKey, type ServiceAccountKey } from './service-account.ts';

export interface GoogleSettings {
  /** GOOGLE_SERVICE_ACCOUNT_FILE */
  serviceAccountFile: string;
  /** GOOGLE_ADMIN_SUBJECT: the admin acted as for the audit log and the directory. */
  adminSubject?: string;
  /** GOOGLE_PROBE_SENDER: the mailbox probe messages are sent from. */
  probeSender?: string;
  /** PROBE_RECIPIENT: an address outside the domain that the gateway route carries mail to. */
  probeRecipient?: string;
  /** GOOGLE_API_URL: tests and staging only. */
  apiUrl?: string;
  timeoutMs?: number;
  backoff?: BackoffOptions;
}

export interface Workspace {
  key: ServiceAccountKey;
  settings: GoogleSettings;
  audit?: AuditLog;
  directory?: Directory;
  probe?: GmailProbe;
  /** The Gmail setting "Allow per-user outbound gateways" (Cloud Identity Policy API). */
  policies?: OutboundGatewayPolicy;
  close(): void;
}

export function createWorkspace(key: ServiceAccountKey, settings: GoogleSettings): Workspace {
  const endpoint: GoogleEndpoint = { timeoutMs: settings.timeoutMs ?? 15_000 };
  if (settings.apiUrl) endpoint.apiUrl = settings.apiUrl;
  const backoff = settings.backoff ? { backoff: settings.backoff } : {};
  const subject = settings.adminSubject;
  const audit = subject ? new AuditLog({ key, endpoint, subject, ...backoff }) : undefined;
  const directory = subject ? new Directory({ key, endpoint, subject, ...backoff }) : undefined;
  const probe = settings.probeSender
    ? new GmailProbe({ key, endpoint, sender: settings.probeSender, ...backoff })
    : undefined;
  const workspace: Workspace = {
    key,
    settings,
    close() {
      audit?.close();
      directory?.close();
    },
  };
  if (audit) workspace.audit = audit;
  if (directory) workspace.directory = directory;
  if (probe) workspace.probe = probe;
  if (subject) workspace.policies = new OutboundGatewayPolicy({ key, endpoint, subject, ...backoff });
  return workspace;
}

export async function openWorkspace(settings: GoogleSettings): Promise<Workspace> {
  return createWorkspace(await readServiceAccountKey(settings.serviceAccountFile), settings);
}
