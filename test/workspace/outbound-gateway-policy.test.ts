// "Allow per-user outbound gateways" read with the real @googleapis/cloudidentity client from the fake
// Google API (policies.list), as /gateway google check reports it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bypassCheck } from '../../src/domain/ops/content-check.ts';
import { PER_USER_OUTBOUND_GATEWAY } from '../../src/workspace/outbound-gateway-policy.ts';
import { SCOPES } from '../../src/workspace/scopes.ts';
import { perUserGatewayItem } from '../../src/workspace/setup-check.ts';
import { workspaceFixture } from '../support/google-fixture.ts';
import { worded, wordedPhrase } from '../support/outcome-text.ts';

const setting = (orgUnit: string, allow: unknown, type: 'ADMIN' | 'SYSTEM' = 'ADMIN') => ({
  orgUnit,
  type,
  settingType: PER_USER_OUTBOUND_GATEWAY,
  value: { allowUsersToUseExternalSmtpServers: allow },
});

describe('per-user outbound gateway setting (Cloud Identity Policy API)', () => {
  const f = workspaceFixture();

  it('reads every org unit across pages and names those where the setting is on', async () => {
    f.google.fake.pageSize = 1;
    f.google.fake.policies.push(
      setting('orgUnits/root0001', false, 'SYSTEM'),
      setting('orgUnits/sales0002', true),
      { orgUnit: 'orgUnits/sales0002', type: 'ADMIN', settingType: 'settings/gmail.imap_access', value: {} },
      setting('orgUnits/eng00003', true),
    );
    const settings = await f.workspace.policies?.perUserGateways();
    assert.deepEqual(settings, [
      { target: 'orgUnits/root0001', allowed: false, type: 'SYSTEM' },
      { target: 'orgUnits/sales0002', allowed: true, type: 'ADMIN' },
      { target: 'orgUnits/eng00003', allowed: true, type: 'ADMIN' },
    ]);
    const requests = f.google.fake.requestsTo('policies');
    assert.equal(requests.length, 3, 'one request per page');
    assert.match(requests[0]?.query.filter ?? '', /per_user_outbound_gateway/);

    const item = await perUserGatewayItem(f.workspace);
    assert.equal(item.ok, false);
    assert.match(wordedPhrase(item.detail), /is on for orgUnits\/sales0002, orgUnits\/eng00003/);
    assert.match(wordedPhrase(item.detail), /bypasses the gateway \(not archived, not scanned\)/);
    assert.match(wordedPhrase(item.detail), /Gmail > End User Access/);
  });

  it('passes when the setting is off everywhere, and ignores malformed values', async () => {
    f.google.fake.policies.push(setting('orgUnits/root0001', false), setting('orgUnits/odd', 'true'), {
      type: 'ADMIN',
      settingType: PER_USER_OUTBOUND_GATEWAY,
      value: { allowUsersToUseExternalSmtpServers: true },
    });
    const item = await perUserGatewayItem(f.workspace);
    assert.equal(item.ok, true, wordedPhrase(item.detail));
    assert.match(wordedPhrase(item.detail), /off everywhere \(2 policies read as admin@example\.com\)/);
  });

  it('reports a missing scope with the exact scope to grant', async () => {
    f.google.fake.delegate(f.google.account.clientId, [SCOPES.audit, SCOPES.directory, SCOPES.probe]);
    const item = await perUserGatewayItem(f.workspace);
    assert.equal(item.ok, false);
    assert.equal(wordedPhrase(item.name), 'Cloud Identity Policy API (policies.list)');
    assert.match(wordedPhrase(item.detail), /cloud-identity\.policies\.readonly/);
    assert.match(wordedPhrase(item.detail), new RegExp(`client ID ${f.google.account.clientId}`));
  });

  it("diagnose's bypass check warns with the org units where mail skips the gateway, and passes when off", async () => {
    f.google.fake.policies.push(setting('orgUnits/sales0002', true));
    const on = worded(bypassCheck(await perUserGatewayItem(f.workspace)));
    assert.equal(on.status, 'warn');
    assert.match(on.details?.[0] ?? '', /is on for orgUnits\/sales0002/);
    assert.match(on.remedy, /End User Access/);

    f.google.fake.policies.length = 0;
    f.google.fake.policies.push(setting('orgUnits/sales0002', false));
    const off = worded(bypassCheck(await perUserGatewayItem(f.workspace)));
    assert.equal(off.status, 'pass');
    assert.match(off.summary, /off everywhere/);
  });
});
