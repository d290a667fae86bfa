import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DesiredState } from '../../src/domain/desired-state.ts';
import { DiagnoseInputError, resolveSubject } from '../../src/ops/diagnose-runner.ts';
import { wordedPhrase } from '../support/outcome-text.ts';

const options = { mxLookup: false, requireTls: true, requireCaSigned: true, validateHostname: true };
const state = {
  routes: [
    { name: 'primary', host: 'mx1.example.net', port: 25, options },
    { name: 'Backup', host: '192.0.2.7', port: 2525, options },
  ],
  routing: { route: 'Backup', onwardTls: false },
  version: 3,
} as unknown as DesiredState;

describe('what /gateway diagnose is about', () => {
  it('is the route in use when no argument is given, or the first route', () => {
    assert.deepEqual(resolveSubject(undefined, state), {
      kind: 'route',
      name: 'Backup',
      host: '192.0.2.7',
      port: 2525,
      options,
    });
    assert.equal(resolveSubject(undefined, { ...state, routing: null }).kind, 'route');
    assert.deepEqual(resolveSubject(undefined, { routes: [], routing: null, version: 0 }), {
      kind: 'relays',
    });
  });

  it('matches route names case-insensitively, else takes a host, domain or IP with a port', () => {
    assert.equal(resolveSubject('PRIMARY', state).kind, 'route');
    assert.deepEqual(resolveSubject('example.org', state), {
      kind: 'host',
      host: 'example.org',
      port: 25,
      isIp: false,
    });
    assert.deepEqual(resolveSubject('[2001:db8::1]:587', state), {
      kind: 'host',
      host: '2001:db8::1',
      port: 587,
      isIp: true,
    });
  });

  it('explains a bad argument and lists the routes', () => {
    assert.throws(
      () => resolveSubject('smtp.example.com:465', state),
      (error: unknown) =>
        error instanceof DiagnoseInputError &&
        /port 465 \(SMTPS\) is not allowed/.test(wordedPhrase(error.problem)) &&
        /Route names: primary, Backup/.test(wordedPhrase(error.problem)) &&
        /ポート 465 \(SMTPS\)[\s\S]*ルート名: primary、Backup/.test(wordedPhrase(error.problem, 'ja')),
    );
  });
});
