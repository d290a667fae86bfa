// Each reader's language and time zone: users.info (include_locale) through the fake Slack, cached in
// the SQLite store; Slack's answer treated as outside input.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { webApi } from '@slack/bolt';
import { LocalSlack } from '../../src/console/local-slack/server.ts';
import type { LocalUser } from '../../src/console/local-slack/types.ts';
import { formatDate } from '../../src/i18n/dates.ts';
import { knownTimeZone, localeOfTag } from '../../src/i18n/locale.ts';
import { Readers } from '../../src/slack/readers.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';

const user = (id: string, locale?: string, tz?: string): LocalUser => ({
  id,
  name: id.toLowerCase(),
  realName: id,
  email: `${id.toLowerCase()}@example.com`,
  ...(locale === undefined ? {} : { locale }),
  ...(tz === undefined ? {} : { tz }),
});

async function setUp(t: TestContext, users: LocalUser[], defaultLocale: 'en' | 'ja' = 'en') {
  const slack = new LocalSlack({ users, channels: {}, token: 'xoxb-test-token' });
  await slack.start();
  t.after(() => slack.stop());
  const dir = mkdtempSync(join(tmpdir(), 'readers-test-'));
  const store = openSqliteStore(join(dir, 'bot.db'));
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const client = new webApi.WebClient('xoxb-test-token', {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
  });
  let now = new Date('2026-12-04T12:00:00Z');
  const errors: string[] = [];
  const readers = new Readers({
    store: store.userLocales,
    client: () => client,
    defaultLocale,
    now: () => now,
    onError: (m) => errors.push(m),
  });
  return { slack, store, readers, errors, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('readers', () => {
  it('maps ja-* to Japanese, other tags to English, and no tag to DEFAULT_LOCALE', () => {
    assert.equal(localeOfTag('ja-JP', 'en'), 'ja');
    assert.equal(localeOfTag('ja', 'en'), 'ja');
    assert.equal(localeOfTag('en-US', 'ja'), 'en');
    assert.equal(localeOfTag('fr-FR', 'ja'), 'en');
    assert.equal(localeOfTag(undefined, 'ja'), 'ja');
    assert.equal(localeOfTag('', 'ja'), 'ja');
    assert.equal(localeOfTag('<@U1> ja-JP', 'ja'), 'ja');
    assert.equal(localeOfTag('jabberwocky', 'en'), 'en');
    assert.equal(knownTimeZone('Asia/Tokyo'), 'Asia/Tokyo');
    assert.equal(knownTimeZone('Mars/Olympus_Mons'), undefined);
    assert.equal(knownTimeZone('x'.repeat(500)), undefined);
  });

  it('shows a time in the reader’s zone, with the zone', () => {
    const at = '2026-12-04T15:45:00.000Z';
    assert.equal(formatDate(at, 'ja', 'Asia/Tokyo'), '2026年12月5日 00:45 JST');
    assert.match(formatDate(at, 'en', 'America/Los_Angeles'), /^Dec 4, 2026, 07:45 PST$/);
    assert.equal(formatDate('not a time', 'en', 'UTC'), 'not a time');
  });

  it('asks users.info once with include_locale, then answers from the store until a day has passed', async (t) => {
    const { slack, readers, store, advance } = await setUp(t, [user('U0HANAKO', 'ja-JP', 'Asia/Tokyo')]);
    assert.deepEqual(await readers.reader('U0HANAKO'), { locale: 'ja', timeZone: 'Asia/Tokyo' });
    assert.deepEqual(await readers.reader('U0HANAKO'), { locale: 'ja', timeZone: 'Asia/Tokyo' });
    const calls = slack.callsTo('users.info');
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.args.include_locale, true);
    assert.equal((await store.userLocales.get('U0HANAKO'))?.locale, 'ja-JP');

    slack.addUser(user('U0HANAKO', 'en-US', 'Europe/London'));
    advance(25 * 60 * 60 * 1000);
    assert.deepEqual(await readers.reader('U0HANAKO'), { locale: 'en', timeZone: 'Europe/London' });
    assert.equal(slack.callsTo('users.info').length, 2);
  });

  it('takes a hostile or broken users.info answer as no answer', async (t) => {
    const { readers, errors } = await setUp(
      t,
      [user('U0ODD', '<!channel>', 'Mars/Olympus_Mons'), user('U0NONE')],
      'ja',
    );
    assert.deepEqual(await readers.reader('U0ODD'), { locale: 'ja' });
    assert.deepEqual(await readers.reader('U0NONE'), { locale: 'ja' });
    // Unknown to Slack: DEFAULT_LOCALE, and the failure is said (without any token).
    assert.deepEqual(await readers.reader('U0GONE'), { locale: 'ja' });
    assert.equal(errors.length, 1);
    assert.match(errors[0] as string, /users\.info for U0GONE failed: .*user_not_found/);
    assert.doesNotMatch(errors[0] as string, /xoxb/);
  });

  it('keeps the last answer when users.info fails on a refresh', async (t) => {
    const { slack, readers, advance } = await setUp(t, [user('U0HANAKO', 'ja-JP', 'Asia/Tokyo')]);
    await readers.reader('U0HANAKO');
    advance(25 * 60 * 60 * 1000);
    slack.failNext('users.info', { status: 500 });
    assert.deepEqual(await readers.reader('U0HANAKO'), { locale: 'ja', timeZone: 'Asia/Tokyo' });
  });
});
