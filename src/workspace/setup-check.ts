// `/gateway google check`: tries each Google capability the bot uses and says what works, what does
// not and what to do about it.
import { list, type Phrase, phrase, raw } from '../i18n/phrase.ts';
import { apiLabel, describeGoogleFailure, translateGoogleError } from './google-errors.ts';
import { type GoogleApiName, SCOPES } from './scopes.ts';
import type { Workspace } from './workspace.ts';

export interface CheckItem {
  name: Phrase;
  ok: boolean;
  detail: Phrase;
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
  run: () => Promise<Phrase>,
): Promise<CheckItem> {
  const name = apiLabel(api);
  try {
    const what = await run();
    const purpose = phrase(`googleFailure.purpose.${api}`);
    return { name, ok: true, detail: phrase('setupCheck.works', { what, scope: SCOPES[api], purpose }) };
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
        return phrase('setupCheck.auditReads', { subject });
      }),
    );
  } else {
    items.push({ name: apiLabel('audit'), ok: false, detail: phrase('setupCheck.noSubjectAudit') });
  }
  if (workspace.directory && subject) {
    const directory = workspace.directory;
    items.push(
      await tryApi(workspace, 'directory', subject, async () => {
        const status = await directory.check(subject);
        if (!status.found) return phrase('setupCheck.directoryNotFound', { subject });
        return phrase(status.admin ? 'setupCheck.directoryAdmin' : 'setupCheck.directoryNotAdmin', {
          subject,
        });
      }),
    );
  } else {
    items.push({ name: apiLabel('directory'), ok: false, detail: phrase('setupCheck.noSubjectDirectory') });
  }
  const sender = settings.probeSender;
  if (workspace.probe && sender) {
    const probe = workspace.probe;
    items.push(
      await tryApi(workspace, 'probe', sender, async () => {
        await probe.check();
        return phrase('setupCheck.probeSends', { sender });
      }),
    );
  } else {
    items.push({ name: apiLabel('probe'), ok: false, detail: phrase('setupCheck.noSender') });
  }
  const recipient = settings.probeRecipient;
  const name = raw('PROBE_RECIPIENT');
  if (!recipient) {
    items.push({ name, ok: false, detail: phrase('setupCheck.noRecipient') });
  } else if (sender && domainOf(sender) === domainOf(recipient)) {
    items.push({ name, ok: false, detail: phrase('setupCheck.recipientInside', { recipient }) });
  } else {
    items.push({ name, ok: true, detail: phrase('setupCheck.recipientOk', { recipient }) });
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
    return { name: apiLabel('policies'), ok: false, detail: phrase('setupCheck.noSubjectPolicies') };
  }
  let on: string[] = [];
  const item = await tryApi(workspace, 'policies', subject, async () => {
    const settings = await policies.perUserGateways();
    on = settings.filter((s) => s.allowed).map((s) => s.target);
    return phrase('setupCheck.perUserOff', { count: settings.length, subject });
  });
  if (!item.ok || on.length === 0) return item;
  return {
    name: apiLabel('policies'),
    ok: false,
    detail: phrase('setupCheck.perUserOn', { units: list(on.map(raw)) }),
  };
}
