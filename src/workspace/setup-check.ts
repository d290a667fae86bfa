// `/gateway google check`: tries each Google capability the bot uses and says what works, what does
// not and what to do about it.
import { describeGoogleFailure, translateGoogleError } from './google-errors.ts';
import { API_LABEL, type GoogleApiName, SCOPE_PURPOSE, SCOPES } from './scopes.ts';
import type { Workspace } from './workspace.ts';

export interface CheckItem {
  name: string;
  ok: boolean;
  detail: string;
}

export interface SetupReport {
  ok: boolean;
  clientId: string;
  serviceAccount: string;
  items: CheckItem[];
}

async function tryApi(
  workspace: Workspace,
  api: GoogleApiName,
  subject: string,
  run: () => Promise<string>,
): Promise<CheckItem> {
  const name = API_LABEL[api];
  try {
    return { name, ok: true, detail: `${await run()} (scope ${SCOPES[api]}: ${SCOPE_PURPOSE[api]})` };
  } catch (error) {
    const failure = translateGoogleError(error, { api, clientId: workspace.key.clientId, subject });
    return { name, ok: false, detail: describeGoogleFailure(failure) };
  }
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

export async function checkGoogleSetup(workspace: Workspace): Promise<SetupReport> {
  const { settings, key } = workspace;
  const items: CheckItem[] = [];
  const subject = settings.adminSubject;
  if (workspace.audit && subject) {
    const audit = workspace.audit;
    items.push(
      await tryApi(workspace, 'audit', subject, async () => {
        await audit.check();
        return `reads the audit log as ${subject}`;
      }),
    );
  } else {
    items.push({
      name: API_LABEL.audit,
      ok: false,
      detail: 'GOOGLE_ADMIN_SUBJECT is not set: changes cannot be confirmed from the audit log.',
    });
  }
  if (workspace.directory && subject) {
    const directory = workspace.directory;
    items.push(
      await tryApi(workspace, 'directory', subject, async () => {
        const status = await directory.check(subject);
        if (!status.found) return `works, but ${subject} was not found`;
        return `reads users as ${subject} (${status.admin ? 'an admin' : 'not an admin'})`;
      }),
    );
  } else {
    items.push({
      name: API_LABEL.directory,
      ok: false,
      detail: 'GOOGLE_ADMIN_SUBJECT is not set: REQUIRE_GOOGLE_ADMIN cannot be enforced.',
    });
  }
  const sender = settings.probeSender;
  if (workspace.probe && sender) {
    const probe = workspace.probe;
    items.push(
      await tryApi(workspace, 'probe', sender, async () => {
        await probe.check();
        return `may send as ${sender}`;
      }),
    );
  } else {
    items.push({
      name: API_LABEL.probe,
      ok: false,
      detail: 'GOOGLE_PROBE_SENDER is not set: routes cannot be proven live with probes.',
    });
  }
  const recipient = settings.probeRecipient;
  if (!recipient) {
    items.push({
      name: 'PROBE_RECIPIENT',
      ok: false,
      detail: 'not set: give an address outside the domain that the gateway route carries mail to.',
    });
  } else if (sender && domainOf(sender) === domainOf(recipient)) {
    items.push({
      name: 'PROBE_RECIPIENT',
      ok: false,
      detail: `${recipient} is in the probe sender's own domain: mail inside the domain does not take the outbound route; use an outside address.`,
    });
  } else {
    items.push({ name: 'PROBE_RECIPIENT', ok: true, detail: `probes go to ${recipient}` });
  }
  items.push(await perUserGatewayItem(workspace));
  return {
    ok: items.every((item) => item.ok),
    clientId: key.clientId,
    serviceAccount: key.clientEmail,
    items,
  };
}

/** "Allow per-user outbound gateways" on anywhere means mail that is neither archived nor scanned. */
export async function perUserGatewayItem(workspace: Workspace): Promise<CheckItem> {
  const subject = workspace.settings.adminSubject;
  const policies = workspace.policies;
  if (!policies || !subject) {
    return {
      name: API_LABEL.policies,
      ok: false,
      detail: 'GOOGLE_ADMIN_SUBJECT is not set: the per-user outbound gateway setting cannot be read.',
    };
  }
  let on: string[] = [];
  const item = await tryApi(workspace, 'policies', subject, async () => {
    const settings = await policies.perUserGateways();
    on = settings.filter((s) => s.allowed).map((s) => s.target);
    return on.length === 0
      ? `"Allow per-user outbound gateways" is off everywhere (${settings.length} ${settings.length === 1 ? 'policy' : 'policies'} read as ${subject})`
      : '';
  });
  if (!item.ok || on.length === 0) return item;
  return {
    name: API_LABEL.policies,
    ok: false,
    detail: `"Allow per-user outbound gateways" is on for ${on.join(', ')}: users there may send through their own SMTP servers, and that mail bypasses the gateway (not archived, not scanned). Turn it off in Admin console > Apps > Google Workspace > Gmail > End User Access.`,
  };
}
