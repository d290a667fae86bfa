// The catalogues: the same keys and parameters in both languages, the glossary's labels in both and
// in docs/glossary.md, the console labels exactly as Google's Japanese help page writes them, and
// parameters escaped for mrkdwn (never read as catalogue syntax).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CATALOGUES } from '../../src/i18n/catalogue.ts';
import { GLOSSARY } from '../../src/i18n/glossary.ts';
import { createTranslator } from '../../src/i18n/translator.ts';

type Tree = { [key: string]: string | Tree };

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** key (plural suffix folded) -> the parameter names its texts use. */
export function shape(tree: Tree, prefix = ''): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [key, value] of Object.entries(tree)) {
    const path = `${prefix}${key}`;
    if (typeof value === 'string') {
      const folded = path.replace(PLURAL, '');
      const params = out.get(folded) ?? new Set<string>();
      for (const match of value.matchAll(/\{\{-?\s*([^}\s,]+)[^}]*\}\}/g)) params.add(match[1] as string);
      out.set(folded, params);
    } else {
      for (const [k, v] of shape(value, `${path}.`)) out.set(k, v);
    }
  }
  return out;
}

export function compareShapes(a: Map<string, Set<string>>, b: Map<string, Set<string>>): string[] {
  const problems: string[] = [];
  for (const key of a.keys()) if (!b.has(key)) problems.push(`missing in ja: ${key}`);
  for (const key of b.keys()) if (!a.has(key)) problems.push(`extra in ja: ${key}`);
  for (const [key, params] of a) {
    const other = b.get(key);
    if (!other) continue;
    const left = [...params].sort().join(',');
    const right = [...other].sort().join(',');
    if (left !== right) problems.push(`${key}: en has {${left}}, ja has {${right}}`);
  }
  return problems;
}

describe('message catalogues', () => {
  it('have the same keys with the same parameters in en and ja', () => {
    assert.deepEqual(compareShapes(shape(CATALOGUES.en), shape(CATALOGUES.ja)), []);
  });

  it('the comparison finds a missing key, an extra key and a parameter mismatch', () => {
    const en = shape({ a: 'x {{name}}', b: 'y', c_one: '{{count}} c', c_other: '{{count}} cs' });
    const ja = shape({ a: 'x {{nom}}', c_other: '{{count}} 件', d: 'z' });
    assert.deepEqual(compareShapes(en, ja), [
      'missing in ja: b',
      'extra in ja: d',
      'a: en has {name}, ja has {nom}',
    ]);
  });

  it('take the console labels from the glossary, the same table as docs/glossary.md', () => {
    const doc = readFileSync(new URL('../../docs/glossary.md', import.meta.url), 'utf8');
    const rows = doc
      .split('\n')
      .map((line) => line.split('|').map((cell) => cell.trim()))
      .filter((cells) => cells.length === 6 && /^`\w+`$/.test(cells[4] as string))
      .map(([, en, ja, where, key]) => [(key as string).slice(1, -1), { en, ja, where }]);
    assert.deepEqual(Object.fromEntries(rows), GLOSSARY);
    for (const [key, entry] of Object.entries(GLOSSARY)) {
      assert.equal((CATALOGUES.en.label as Record<string, string>)[key], entry.en);
      assert.equal((CATALOGUES.ja.label as Record<string, string>)[key], entry.ja);
    }
  });

  it('write the Japanese console labels exactly as the Japanese help page does', () => {
    // The list, copied from the page: half-width parentheses, a space before "IP" and after "CA".
    const page = [
      'アプリ',
      '詳細設定',
      'ホスト',
      'ルーティング',
      'ルートを追加',
      '名前',
      'ホスト名または IP を入力',
      'ホストで MX ルックアップを実行する',
      'セキュアなトランスポート(TLS)を使用する',
      'CA 署名済み証明書を使用する',
      '証明書のホスト名を検証する',
      'TLS 接続をテスト',
      '保存',
      '影響を受けるメール',
      '送信',
      'メッセージを変更',
      'ルートを変更',
      '暗号化(配信時のみ)',
      '送信ゲートウェイ',
      '証明書を検証できませんでした',
    ];
    const labels = new Set<string>(Object.values(GLOSSARY).map((e) => e.ja));
    for (const label of page) assert.ok(labels.has(label), `the glossary has ${label}`);
    // The four route options reach the steps as a parameter (the end-to-end test sees them there).
    const options = ['mxLookup', 'requireCaSigned', 'validateHostname'].map(
      (k) => GLOSSARY[k as keyof typeof GLOSSARY].ja as string,
    );
    const steps = JSON.stringify(CATALOGUES.ja.consoleSteps);
    for (const label of page.filter((l) => l !== '送信ゲートウェイ' && !options.includes(l))) {
      assert.ok(steps.includes(label), `the Japanese console steps use ${label}`);
    }
  });

  it('escape parameters for mrkdwn, and never read them as interpolation or nesting', () => {
    for (const locale of ['en', 'ja'] as const) {
      const t = createTranslator(locale).t;
      const text = t('consoleSteps.name', { name: '<!channel> & $t(label.save) {{name}}' });
      assert.ok(text.includes('&lt;!channel&gt; &amp; $t(label.save) {{name}}'), text);
      assert.doesNotMatch(text, /<!channel>/);
    }
    const plain = createTranslator('en', 'plain').t('consoleSteps.name', { name: 'a <b> & c' });
    assert.equal(plain, '*Name*: `a <b> & c`');
  });

  it('use each language’s plural rules', () => {
    const en = createTranslator('en').t;
    const ja = createTranslator('ja').t;
    assert.match(en('routes.pending', { count: 1 }), /^1 proposal waiting/);
    assert.match(en('routes.pending', { count: 2 }), /^2 proposals waiting/);
    assert.match(ja('routes.pending', { count: 1 }), /^1 件の提案/);
    assert.match(ja('routes.pending', { count: 5 }), /^5 件の提案/);
  });
});
