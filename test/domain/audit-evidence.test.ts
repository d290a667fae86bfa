import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AuditEvent, type ExpectedChange, matchAuditEvents } from '../../src/domain/audit-evidence.ts';

const approvedAt = new Date('2026-11-27T10:00:00Z');

function event(overrides: Partial<AuditEvent> & { parameters?: Record<string, string[]> }): AuditEvent {
  return {
    id: overrides.id ?? 'e1',
    time: overrides.time ?? '2026-11-27T10:05:00Z',
    actorEmail: overrides.actorEmail ?? 'carol@example.com',
    type: 'EMAIL_SETTINGS',
    name: overrides.name ?? 'CREATE_GMAIL_SETTING',
    parameters: overrides.parameters ?? {
      SETTING_NAME: ['EMAIL_ROUTE'],
      ORG_UNIT_NAME: ['example.com'],
      NEW_VALUE: ['name: gw1, host: smtp.gw.example.net:25, require_tls: true'],
    },
  };
}

const addRoute: ExpectedChange = {
  action: 'add-route',
  routeName: 'gw1',
  host: 'smtp.gw.example.net',
  orgUnit: 'example.com',
  actors: ['carol@example.com'],
  approvedAt,
};

describe('matchAuditEvents', () => {
  it('confirms with a route event after the approval that names the host', () => {
    const result = matchAuditEvents(addRoute, [event({})]);
    assert.equal(result.matched, true);
    assert.ok(result.matched);
    assert.equal(result.evidence.settingName, 'EMAIL_ROUTE');
    assert.equal(result.evidence.actor, 'carol@example.com');
    assert.equal(result.evidence.at, '2026-11-27T10:05:00Z');
    assert.match(result.evidence.newValue ?? '', /smtp\.gw\.example\.net/);
  });

  it('accepts any admin when no actor is expected, and MESSAGE_SECURITY_RULE for the routing setting', () => {
    const useRoute: ExpectedChange = { action: 'use-route', routeName: 'gw1', actors: [], approvedAt };
    const result = matchAuditEvents(useRoute, [
      event({
        name: 'CHANGE_GMAIL_SETTING',
        actorEmail: 'dave@example.com',
        parameters: {
          SETTING_NAME: ['MESSAGE_SECURITY_RULE'],
          NEW_VALUE: ['{"route":"GW1","direction":"OUTBOUND"}'],
        },
      }),
    ]);
    assert.equal(result.matched, true);
  });

  it('a route or host that only contains the expected name is another route, not a confirmation', () => {
    const others = [
      event({
        id: 'longer-name',
        parameters: { SETTING_NAME: ['EMAIL_ROUTE'], NEW_VALUE: ['name: gw10, host: mx.other.net:25'] },
      }),
      event({
        id: 'longer-host',
        parameters: {
          SETTING_NAME: ['EMAIL_ROUTE'],
          NEW_VALUE: ['name: edge, host: smtp.gw.example.net.evil.test'],
        },
      }),
      event({
        id: 'prefixed-host',
        parameters: {
          SETTING_NAME: ['EMAIL_ROUTE'],
          NEW_VALUE: ['name: edge, host: old-smtp.gw.example.net'],
        },
      }),
    ];
    const result = matchAuditEvents(addRoute, others);
    assert.equal(result.matched, false);
    assert.ok(!result.matched);
    for (const miss of result.nearMisses) {
      assert.match(miss.mismatches.join(), /values do not mention route gw1 or host smtp\.gw\.example\.net/);
    }
    assert.equal(result.nearMisses.length, 3);
    const sentence = event({
      parameters: {
        SETTING_NAME: ['EMAIL_ROUTE'],
        NEW_VALUE: ['Route GW1 now sends to smtp.gw.example.net.'],
      },
    });
    assert.equal(
      matchAuditEvents(addRoute, [sentence]).matched,
      true,
      'a name at the end of a sentence counts',
    );
  });

  it('does not confirm events before the approval, other settings, other routes or other actors, and says why', () => {
    const events = [
      event({ id: 'before', time: '2026-11-27T09:59:00Z' }),
      event({ id: 'other-setting', parameters: { SETTING_NAME: ['SPAM_FILTER'], NEW_VALUE: ['gw1'] } }),
      event({
        id: 'other-route',
        parameters: { SETTING_NAME: ['EMAIL_ROUTE'], NEW_VALUE: ['host: mx.other.net'] },
      }),
      event({ id: 'other-actor', actorEmail: 'mallory@example.com' }),
      event({
        id: 'other-ou',
        parameters: { SETTING_NAME: ['EMAIL_ROUTE'], ORG_UNIT_NAME: ['Sales'], NEW_VALUE: ['gw1'] },
      }),
      event({ id: 'delete', name: 'DELETE_GMAIL_SETTING' }),
      { id: 'login', time: '2026-11-27T10:06:00Z', name: 'CHANGE_PASSWORD', parameters: {} },
    ];
    const result = matchAuditEvents(addRoute, events);
    assert.equal(result.matched, false);
    assert.ok(!result.matched);
    assert.equal(result.examined, 7);
    const byId = new Map(result.nearMisses.map((miss) => [miss.evidence.eventId, miss.mismatches]));
    assert.equal(byId.has('before'), false, 'events before the approval are not near misses');
    assert.equal(byId.has('login'), false, 'non-mail events are not near misses');
    assert.match(byId.get('other-setting')?.join() ?? '', /SPAM_FILTER is not a route \(host\) setting/);
    assert.match(
      byId.get('other-route')?.join() ?? '',
      /do not mention route gw1 or host smtp\.gw\.example\.net/,
    );
    assert.match(
      byId.get('other-actor')?.join() ?? '',
      /made by mallory@example\.com, expected carol@example\.com/,
    );
    assert.match(byId.get('other-ou')?.join() ?? '', /org unit Sales, expected example\.com/);
    assert.match(byId.get('delete')?.join() ?? '', /DELETE_GMAIL_SETTING does not fit add-route/);
    assert.ok(result.nearMisses.length <= 5);
  });

  it('tells a route definition from the routing setting that uses it', () => {
    const useRoute: ExpectedChange = { action: 'use-route', routeName: 'gw1', actors: [], approvedAt };
    const routeDefined = event({ parameters: { SETTING_NAME: ['EMAIL_ROUTE'], NEW_VALUE: ['name: gw1'] } });
    const result = matchAuditEvents(useRoute, [routeDefined]);
    assert.ok(!result.matched);
    assert.match(result.nearMisses[0]?.mismatches.join() ?? '', /EMAIL_ROUTE is not a routing setting/);
    const rule = event({ parameters: { SETTING_NAME: ['MESSAGE_SECURITY_RULE'], NEW_VALUE: ['route gw1'] } });
    assert.equal(
      matchAuditEvents(addRoute, [rule]).matched,
      false,
      'a routing rule does not confirm a new route',
    );
  });

  it('for a removal looks at the old value', () => {
    const remove: ExpectedChange = { action: 'remove-route', routeName: 'gw1', actors: [], approvedAt };
    const deleted = event({
      name: 'DELETE_GMAIL_SETTING',
      parameters: { SETTING_NAME: ['EMAIL_ROUTE'], OLD_VALUE: ['name: gw1'] },
    });
    assert.equal(matchAuditEvents(remove, [deleted]).matched, true);
    const addedElsewhere = event({
      name: 'CHANGE_GMAIL_SETTING',
      parameters: { SETTING_NAME: ['EMAIL_ROUTE'], NEW_VALUE: ['name: gw1'] },
    });
    assert.equal(matchAuditEvents(remove, [addedElsewhere]).matched, false);
  });

  it('picks the earliest confirming event', () => {
    const result = matchAuditEvents(addRoute, [
      event({ id: 'late', time: '2026-11-27T12:00:00Z' }),
      event({ id: 'early', time: '2026-11-27T10:01:00Z' }),
    ]);
    assert.ok(result.matched);
    assert.equal(result.evidence.eventId, 'early');
  });
});
