// Open alerts stored before their texts became phrases (detail and remedy as English strings) still
// read back, as text shown as it is; new rows keep their phrases.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { phrase, raw } from '../../src/i18n/phrase.ts';
import { alertFromRow } from '../../src/store/rows.ts';

const stored = { key: 'mx1:queue-age', kind: 'queue-age', relay: 'mx1', raisedAt: 5_000 };

describe('open alert rows', () => {
  it('read an old row with English strings as raw text', () => {
    const row = { data: JSON.stringify({ ...stored, detail: 'old text', remedy: 'do this' }), message: null };
    const { alert } = alertFromRow(row);
    assert.deepEqual(alert.detail, raw('old text'));
    assert.deepEqual(alert.remedy, raw('do this'));
  });

  it('keep the phrases of a new row', () => {
    const detail = phrase('alertText.certValid', { count: 3 });
    const remedy = phrase('alertText.certRemedy');
    const { alert } = alertFromRow({ data: JSON.stringify({ ...stored, detail, remedy }), message: null });
    assert.deepEqual(alert.detail, detail);
    assert.deepEqual(alert.remedy, remedy);
  });
});
