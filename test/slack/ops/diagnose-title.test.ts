// The diagnose report's title names what was diagnosed: a route, host:port as typed (with the port),
// or the relays; in the reader's language.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newReport } from '../../../src/domain/ops/diagnose-report.ts';
import { phrase } from '../../../src/i18n/phrase.ts';
import { diagnoseMessage } from '../../../src/slack/ops/diagnose-blocks.ts';
import { channelWords } from '../../../src/slack/words.ts';

const en = channelWords('en');
const ja = channelWords('ja');
const title = (w: typeof en, subject: Parameters<typeof newReport>[0]) =>
  diagnoseMessage(w, newReport(subject, [{ id: 'tls', title: phrase('check.title.relay') }], 0))
    .text.split(':')
    .slice(0, -1)
    .join(':');

describe('diagnose title', () => {
  it('keeps the port of a host, and brackets an IPv6 address', () => {
    assert.equal(title(en, { kind: 'target', host: '127.0.0.1', port: 2525 }), 'Diagnose: 127.0.0.1:2525');
    assert.equal(
      title(en, { kind: 'target', host: '2001:db8::1', port: 587 }),
      'Diagnose: [2001:db8::1]:587',
    );
    assert.equal(title(en, { kind: 'route', name: 'primary' }), 'Diagnose: route "primary"');
    assert.equal(title(ja, { kind: 'target', host: 'mx.example.jp', port: 25 }), '診断: mx.example.jp:25');
    assert.equal(title(ja, { kind: 'relays' }), '診断: リレー');
  });
});
