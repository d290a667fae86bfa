import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DesiredState, EMPTY_STATE, planChange } from '../../src/domain/desired-state.ts';
import { checkNewRoute } from '../../src/domain/new-route.ts';
import {
  changeOption,
  GOOGLE_DEFAULT_OPTIONS,
  optionsFromFlags,
  type Route,
} from '../../src/domain/route.ts';
import { wordedPhrase } from '../support/outcome-text.ts';

const relay: Route = {
  name: 'relay-1',
  host: 'smtp.relay.example.com',
  port: 25,
  options: { ...GOOGLE_DEFAULT_OPTIONS },
};

function stateWith(...routes: Route[]): DesiredState {
  return { routes, routing: null, version: 3 };
}

describe('route options', () => {
  it("start from Google's defaults: MX off, TLS, CA and host-name checks on", () => {
    assert.deepEqual(optionsFromFlags({}), {
      mxLookup: false,
      requireTls: true,
      requireCaSigned: true,
      validateHostname: true,
    });
  });

  it('turning TLS off turns off the checks under it; turning CA on needs TLS', () => {
    assert.deepEqual(optionsFromFlags({ noTls: true, mx: true }), {
      mxLookup: true,
      requireTls: false,
      requireCaSigned: false,
      validateHostname: false,
    });
    const noTls = optionsFromFlags({ noTls: true });
    const result = changeOption(noTls, 'requireCaSigned', true);
    assert.equal(result.ok, false);
    assert.match(wordedPhrase(!result.ok ? result.error : undefined), /ca can only be on while tls is on/);
  });
});

describe('planChange', () => {
  it('adds a route and shows every field as added', () => {
    const plan = planChange(EMPTY_STATE, { kind: 'add-route', route: relay });
    assert.ok(plan.ok);
    assert.equal(plan.next.routes.length, 1);
    assert.equal(plan.next.version, 1);
    assert.deepEqual(
      plan.diff.map((d) => [d.field, d.before, d.after]),
      [
        ['host', null, 'smtp.relay.example.com:25'],
        ['mx', null, 'off'],
        ['tls', null, 'on'],
        ['ca', null, 'on'],
        ['hostname', null, 'on'],
      ],
    );
    assert.equal(plan.affectedRoute?.name, 'relay-1');
  });

  it('refuses a second route with the same name, whatever the case', () => {
    const plan = planChange(stateWith(relay), { kind: 'add-route', route: { ...relay, name: 'RELAY-1' } });
    assert.equal(plan.ok, false);
    assert.match(!plan.ok ? plan.errors.map((e) => wordedPhrase(e)).join() : '', /already exists/);
  });

  it('refuses bad hosts and ports, naming the value', () => {
    const plan = planChange(EMPTY_STATE, {
      kind: 'add-route',
      route: { ...relay, host: 'bad host', port: 465 },
    });
    assert.equal(plan.ok, false);
    const errors = !plan.ok ? plan.errors.map((e) => wordedPhrase(e)).join('\n') : '';
    assert.match(errors, /"bad host"/);
    assert.match(errors, /465/);
  });

  it('diffs one option and its dependents', () => {
    const plan = planChange(stateWith(relay), {
      kind: 'set-option',
      name: 'relay-1',
      option: 'requireTls',
      on: false,
    });
    assert.ok(plan.ok);
    assert.deepEqual(
      plan.diff.map((d) => `${d.field}:${d.before}->${d.after}`),
      ['tls:on->off', 'ca:on->off', 'hostname:on->off'],
    );
  });

  it('refuses setting an option to the value it has, and unknown routes', () => {
    const same = planChange(stateWith(relay), {
      kind: 'set-option',
      name: 'relay-1',
      option: 'requireTls',
      on: true,
    });
    assert.match(!same.ok ? same.errors.map((e) => wordedPhrase(e)).join() : '', /already on/);
    const unknown = planChange(stateWith(relay), { kind: 'remove-route', name: 'nope' });
    assert.match(
      !unknown.ok ? unknown.errors.map((e) => wordedPhrase(e)).join() : '',
      /no route named "nope".*relay-1/,
    );
  });

  it('does not remove a route the routing setting uses', () => {
    const state: DesiredState = {
      routes: [relay],
      routing: { route: 'relay-1', onwardTls: false },
      version: 1,
    };
    const plan = planChange(state, { kind: 'remove-route', name: 'relay-1' });
    assert.equal(plan.ok, false);
    assert.match(
      !plan.ok ? plan.errors.map((e) => wordedPhrase(e)).join() : '',
      /used by the routing setting/,
    );
    const other = { ...relay, name: 'relay-2' };
    const ok = planChange({ ...state, routes: [relay, other] }, { kind: 'remove-route', name: 'relay-2' });
    assert.ok(ok.ok);
    assert.deepEqual(
      ok.next.routes.map((r) => r.name),
      ['relay-1'],
    );
  });

  it('sets the routing setting only to a known route, and shows before and after', () => {
    const state = stateWith(relay, { ...relay, name: 'relay-2' });
    const first = planChange(state, { kind: 'use-route', routing: { route: 'relay-1', onwardTls: true } });
    assert.ok(first.ok);
    assert.deepEqual(first.next.routing, { route: 'relay-1', onwardTls: true });
    const second = planChange(first.next, {
      kind: 'use-route',
      routing: { route: 'relay-2', onwardTls: true },
    });
    assert.ok(second.ok);
    assert.deepEqual(second.diff, [
      { subject: 'routing setting', field: 'route', before: 'relay-1', after: 'relay-2' },
    ]);
    const missing = planChange(state, { kind: 'use-route', routing: { route: 'relay-9', onwardTls: false } });
    assert.equal(missing.ok, false);
  });
});

describe('checkNewRoute', () => {
  it('reports problems by form field', () => {
    const result = checkNewRoute(stateWith(relay), {
      name: 'relay-1',
      host: 'not a host',
      port: '465',
      options: { ...GOOGLE_DEFAULT_OPTIONS, requireTls: false },
    });
    assert.equal(result.ok, false);
    const errors = !result.ok ? result.errors : {};
    assert.match(wordedPhrase(errors.name), /already exists/);
    assert.match(wordedPhrase(errors.host), /"not a host"/);
    assert.match(wordedPhrase(errors.port), /465/);
    assert.match(wordedPhrase(errors.options), /needs tls/);
  });

  it('accepts HOST:PORT in the host field and an IP address', () => {
    const result = checkNewRoute(EMPTY_STATE, {
      name: 'ip',
      host: '192.0.2.7:2525',
      options: GOOGLE_DEFAULT_OPTIONS,
    });
    assert.ok(result.ok);
    assert.deepEqual([result.route.host, result.route.port], ['192.0.2.7', 2525]);
  });
});
