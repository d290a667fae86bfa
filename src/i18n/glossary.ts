// The Google Admin console's own labels, English and Japanese, as the console shows them (the Japanese
// ones verbatim from Google's help page for the outbound gateway). Both catalogues take their labels
// from here, so a label changes in one place; docs/glossary.md lists the same table (a test keeps
// the two equal).
export interface GlossaryEntry {
  en: string;
  ja: string;
  /** Where the label appears in the Admin console. */
  where: string;
}

export const GLOSSARY = {
  apps: { en: 'Apps', ja: 'アプリ', where: 'Admin console menu' },
  googleWorkspace: { en: 'Google Workspace', ja: 'Google Workspace', where: 'Apps' },
  gmail: { en: 'Gmail', ja: 'Gmail', where: 'Apps > Google Workspace' },
  advancedSettings: { en: 'Advanced settings', ja: '詳細設定', where: 'Gmail' },
  hosts: { en: 'Hosts', ja: 'ホスト', where: 'Gmail settings' },
  routing: { en: 'Routing', ja: 'ルーティング', where: 'Gmail advanced settings, section and setting' },
  generalSettings: { en: 'General settings', ja: '全般設定', where: 'Gmail advanced settings' },
  organizations: { en: 'Organizations', ja: '組織', where: 'Gmail advanced settings, left side' },
  addRoute: { en: 'Add route', ja: 'ルートを追加', where: 'Hosts' },
  name: { en: 'Name', ja: '名前', where: 'Add route dialog' },
  hostOrIp: { en: 'Enter host name or IP', ja: 'ホスト名または IP を入力', where: 'Add route dialog' },
  mxLookup: {
    en: 'Perform MX lookup on host',
    ja: 'ホストで MX ルックアップを実行する',
    where: 'Add route dialog, options',
  },
  requireTls: {
    en: 'Require secure transport (TLS)',
    ja: 'セキュアなトランスポート(TLS)を使用する',
    where: 'Add route dialog, options; Routing setting, encryption',
  },
  requireCaSigned: {
    en: 'Require CA signed certificate',
    ja: 'CA 署名済み証明書を使用する',
    where: 'Add route dialog, options',
  },
  validateHostname: {
    en: 'Validate certificate hostname',
    ja: '証明書のホスト名を検証する',
    where: 'Add route dialog, options',
  },
  testTls: { en: 'Test TLS connection', ja: 'TLS 接続をテスト', where: 'Add route dialog' },
  save: { en: 'Save', ja: '保存', where: 'dialogs; bottom of the Advanced settings page' },
  configure: { en: 'Configure', ja: '設定', where: 'Routing setting' },
  edit: { en: 'Edit', ja: '編集', where: 'Routing setting; Hosts, on a route' },
  addAnother: { en: 'Add another rule', ja: '他にも追加', where: 'Routing setting' },
  addSetting: { en: 'Add setting', ja: '設定を追加', where: 'Routing setting dialog' },
  delete: { en: 'Delete', ja: '削除', where: 'Hosts, on a route (not on the help page)' },
  messagesToAffect: {
    en: 'Email messages to affect',
    ja: '影響を受けるメール',
    where: 'Routing setting dialog',
  },
  outbound: { en: 'Outbound', ja: '送信', where: 'Routing setting dialog, Email messages to affect' },
  forTheseMessages: {
    en: 'For the above types of messages, do the following',
    ja: '上記の種類のメッセージに対しては、次の処理を行います',
    where: 'Routing setting dialog',
  },
  modifyMessage: { en: 'Modify message', ja: 'メッセージを変更', where: 'Routing setting dialog' },
  route: { en: 'Route', ja: 'ルート', where: 'Routing setting dialog' },
  changeRoute: { en: 'Change route', ja: 'ルートを変更', where: 'Routing setting dialog, Route' },
  encryptionOnward: {
    en: 'Encryption (onward delivery only)',
    ja: '暗号化(配信時のみ)',
    where: 'Routing setting dialog',
  },
  outboundGateway: {
    en: 'Outbound gateway',
    ja: '送信ゲートウェイ',
    where: 'Advanced settings, Routing section',
  },
  certNotVerified: {
    en: "Couldn't verify certificate",
    ja: '証明書を検証できませんでした',
    where: 'Test TLS connection, error message',
  },
  endUserAccess: {
    en: 'End User Access',
    ja: 'エンドユーザーのアクセス',
    where: 'Gmail settings (not on the outbound-gateway help page)',
  },
  perUserGateways: {
    en: 'Allow per-user outbound gateways',
    ja: 'ユーザーごとの送信ゲートウェイを許可する',
    where: 'Gmail, End User Access (not on the outbound-gateway help page)',
  },
  security: {
    en: 'Security',
    ja: 'セキュリティ',
    where: 'Admin console menu (not on the outbound-gateway help page)',
  },
  accessDataControl: {
    en: 'Access and data control',
    ja: 'アクセスとデータ管理',
    where: 'Security (not on the outbound-gateway help page)',
  },
  apiControls: {
    en: 'API controls',
    ja: 'API の制御',
    where: 'Security > Access and data control (not on the outbound-gateway help page)',
  },
  domainWideDelegation: {
    en: 'Domain-wide delegation',
    ja: 'ドメイン全体の委任',
    where: 'API controls (not on the outbound-gateway help page)',
  },
} as const satisfies Record<string, GlossaryEntry>;

export type GlossaryKey = keyof typeof GLOSSARY;

/** The labels of one locale, as the `label` section of its catalogue. */
export function glossaryLabels<L extends 'en' | 'ja'>(
  locale: L,
): { [K in GlossaryKey]: (typeof GLOSSARY)[K][L] } {
  return Object.fromEntries(Object.entries(GLOSSARY).map(([key, entry]) => [key, entry[locale]])) as {
    [K in GlossaryKey]: (typeof GLOSSARY)[K][L];
  };
}
