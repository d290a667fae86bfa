// 日本語: ボットが Slack に表示するすべての文。管理コンソールの表示名は用語集 (glossary.ts) から
// 定数 L で取り込み、Google のヘルプページと同じ表記にする。
import { glossaryLabels } from './glossary.ts';

const L = glossaryLabels('ja');

export const ja = {
  label: L,
  // TLS 接続テスト (src/tls): CLI のレポートと Slack の事前テスト。
  tls: {
    join: { names: '、', reasons: '。', none: '名前なし' },
    verdict: { deliver: '配信', bounce: '返送' },
    option: {
      requireTls: L.requireTls,
      requireCaSigned: L.requireCaSigned,
      validateHostname: L.validateHostname,
    },
    summary: {
      where: '{{host}} のポート {{port}}',
      whereMx: '{{host}} のポート {{port}} (MX ルックアップ)',
      bounce: '{{- where}} へのメールは返送されます: {{- because}}。',
      bounceMore_other: '{{- where}} へのメールは返送されます: {{- because}} (ほか {{count}} 件)。',
      certificate: `{{- summary}}Google の [${L.testTls}] では「${L.certNotVerified}」と表示されます。`,
      at: '{{target}}: {{- reason}}',
      optionOn: '{{- reason}} ([{{- option}}] がオン)',
      noTarget: 'メールを受け付ける送信先がありません',
      deliver: '{{- where}} へのメールは{{- how}}配信されます。',
      deliverSome:
        '{{- where}} へのメールは{{- how}}配信されます (送信先 {{total}} 件中 {{passing}} 件が合格)。',
      plain: '暗号化なしで',
      rightName: '正しい名前の公的に信頼された証明書による TLS で',
      caSigned: '公的に信頼された証明書による TLS で',
      tls: 'TLS で',
    },
    waiting: {
      resolve: 'DNS の応答',
      connect: 'TCP 接続',
      banner: 'あいさつ (220 バナー)',
      ehlo: 'EHLO への応答',
      starttls: 'STARTTLS への応答',
      handshake: 'TLS ハンドシェイク',
    },
    failure: {
      refused: '{{where}} が接続を拒否しました: ポート {{port}} で待ち受けているサーバーがありません',
      closed: '{{where}} が接続を切断しました',
      network: '{{where}}: {{detail}}',
      timeout: '{{- waiting}}を待っている間、{{ms}} ms 以内に応答がありませんでした',
      bannerRejected: 'サーバーのあいさつが 220 ではなく {{reply}} でした',
      ehloRejected: 'サーバーが EHLO に {{reply}} と応答しました',
      starttlsNotOffered: 'サーバーが EHLO への応答で STARTTLS を提示していません',
      starttlsRefused: 'サーバーが STARTTLS に {{reply}} と応答しました',
      handshake: 'TLS ハンドシェイクに失敗しました: {{detail}}',
      handshakeClosed: 'TLS ハンドシェイクに失敗しました: ハンドシェイク中にサーバーが接続を切断しました',
      unreadableCertificate: 'サーバーの証明書を読み取れませんでした ({{detail}})',
      other: '通信に失敗しました: {{detail}}',
    },
    problem: {
      noCertificate: 'サーバーが証明書を送信しませんでした',
      selfSigned: 'サーバー証明書 ({{subject}}) は自己署名です: 認証局による保証がありません',
      untrustedRoot: '証明書チェーンのルート {{subject}} は信頼されたルートではありません',
      missingIntermediate:
        'サーバーが中間証明書を付けずに証明書を送信しています: 発行元 {{issuer}} は送信されておらず、信頼されたルートでもありません',
      unknownIssuer: '{{subject}} の発行元 {{issuer}} は信頼された認証局ではありません',
      tooLong: '証明書チェーンが {{max}} 枚を超えても信頼されたルートに届きません',
      expiredLeaf: 'サーバー証明書 ({{subject}}) は {{date}} に期限切れになりました',
      expiredCa: 'CA 証明書 {{subject}} は {{date}} に期限切れになりました',
      notYetValidLeaf: 'サーバー証明書 ({{subject}}) は {{date}} より前は有効ではありません',
      notYetValidCa: 'CA 証明書 {{subject}} は {{date}} より前は有効ではありません',
      nameMismatch: '証明書は {{name}} に対して有効ではありません: 証明書の名前は {{names}} です',
    },
    cause: {
      tlsRequired: 'TLS が必須ですが、{{- reason}}',
      noTls: 'TLS セッションを確立できませんでした',
      noCertificate: 'サーバーが証明書を提示しませんでした',
      notCaSigned: '証明書は Google が信頼する公的ルートで検証できません: {{- reasons}}',
      notCaSignedExtraCa:
        '証明書は Google が信頼する公的ルートで検証できません: {{- reasons}}。指定された追加の CA ({{anchor}}) では検証できますが、Google は公的な CA だけを信頼するため、Google にとっては CA 署名済みではありません',
      notCaSignedNotExtraCa:
        '証明書は Google が信頼する公的ルートで検証できません: {{- reasons}}。指定された追加の CA でも検証できません',
      noAddress: 'ルートに送信先のアドレスがありません',
    },
    headline: {
      selfSigned: '証明書が自己署名です',
      unknownIssuer: '証明書が公的に信頼された CA によるものではありません',
      missingIntermediate: 'サーバーが中間証明書を送信していません',
      expired: '証明書の有効期限が切れています',
      notYetValid: '証明書はまだ有効ではありません',
      onlyExtraCa: '{{- reason}} (追加の CA でのみ検証できます)',
      wrongName: '証明書は {{name}} 用ではありません (証明書の名前は {{names}})',
    },
    dns: {
      notFound: '{{name}} は存在しません (NXDOMAIN)',
      servfail: '{{name}} を名前解決できませんでした: DNS サーバーが SERVFAIL を返しました',
      refused: '{{name}} を名前解決できませんでした: DNS サーバーが問い合わせを拒否しました',
      timeout: '{{name}} を名前解決できませんでした: DNS サーバーが時間内に応答しませんでした',
      connRefused: '{{name}} を名前解決できませんでした: DNS サーバーが接続を拒否しました',
      other: '{{name}} を名前解決できませんでした ({{detail}})',
      noAddress: '{{name}} には A レコードも AAAA レコードもありません',
      noMx: '{{name}} には MX レコードがありません',
      nullMx: '{{name}} は null MX (RFC 7505) を公開しています: メールを受け付けません',
      noMxAddress: '{{name}} の MX ホストにはどれもアドレスがありません: {{- reasons}}',
    },
    warning: {
      refuses: '{{target}} はメールを拒否します ({{- reasons}})。Gmail はほかの送信先を使います',
      plaintext: '{{target}} へのメールは暗号化されずに送られます: {{- reason}}',
      noTls: 'TLS なし',
      mxNoAddress: 'MX ホスト {{host}} (優先度 {{preference}}) にはアドレスがないため、スキップしました',
    },
    consequence: {
      requireTls:
        'TLS が失敗すると Gmail は平文で送信するため、経路上の誰でもメールを読めるようになります (CA とホスト名の検証も行われなくなります)',
      requireCaSigned:
        'Gmail は攻撃者が提示する証明書を含め、どの証明書も受け入れます: 接続は暗号化されますが、ゲートウェイは認証されません (ホスト名の検証も行われなくなります)',
      validateHostname:
        'Gmail は任意の名前に発行された公的に信頼された証明書を受け入れるため、有効な証明書を持つ別のサーバーがメールを受け取る可能性があります',
      ifOff: '[{{- option}}] がオフ: {{- consequence}}',
    },
    remedy: {
      publishMx:
        '{{host}} の MX レコードを、A/AAAA レコードのあるホストを指すように公開するか、MX ルックアップをオフにしてゲートウェイ自身のホスト名を指定してください。',
      publishAddress: '{{host}} の A または AAAA レコードを公開するか、ルートのホスト名を修正してください。',
      mxToCertificateName:
        '{{host}} の MX レコードが {{mxHost}} の証明書にある名前 ({{names}}) を指すようにするか、MX ルックアップをオフにしてそのいずれかの名前にルーティングしてください。',
      certificateName:
        '証明書にあるホスト名にルーティングしてください: 証明書の名前は {{names}}、ルートが使っているのは {{name}} です。',
      publicCa: '{{name}} に、{{name}} を名前に含む公的に信頼された CA の証明書をインストールしてください。',
      publicCaPrivateIssuer:
        '{{name}} に、{{name}} を名前に含む公的に信頼された CA の証明書をインストールしてください (発行元 {{anchor}} を信頼しているのはあなたで、Google ではありません)。',
      intermediate:
        '{{name}} が自身の証明書に続けて中間証明書も送信するように設定してください (「フルチェーン」ファイル): {{issuer}} の証明書が欠けています。',
      renew: '{{name}} の証明書を更新し ({{date}} に期限切れ)、新しい証明書をインストールしてください。',
      notYetValid:
        '{{name}} の証明書は {{date}} より前は有効ではありません: 現在有効な証明書をインストールし、サーバーと発行した CA の時計を確認してください。',
      openPort:
        '{{address}} のポート {{port}} を Google のメールサーバー ({{spf}} の SPF レコードにある範囲) に開放し、そこでメールサーバーが応答することを確認してください。',
      checkTls: '{{target}} の TLS 設定を確認してください: {{- reason}}。',
      allowGoogle:
        '{{target}} が接続を拒否しています ({{reply}}): Google のメールサーバー ({{spf}} の SPF レコードにある範囲) からの接続を許可してください。',
      acceptEhlo:
        '{{target}} が EHLO を拒否しています: Google のメールサーバーからの EHLO を受け付けるようにしてください。',
      turnOnStarttls:
        '{{target}} で証明書を設定して STARTTLS を有効にし、EHLO の後に STARTTLS を提示するようにしてください。',
      starttlsRefused:
        '{{target}} は STARTTLS を提示しますが拒否します ({{reply}}): 証明書と鍵の設定を確認してください。',
      handshake:
        '{{target}} が最新の暗号スイートで TLS 1.2 または 1.3 のハンドシェイクを完了できるようにしてください ({{- reason}})。',
      provider:
        '{{host}} がリレー事業者の運用するサーバーなら、このレポートを事業者に送ってください: 修正が必要なのは事業者のサーバーです。',
      lastResort:
        '最後の手段: [{{- option}}] をオフにします。メールは配信されるようになりますが、{{- consequence}}。',
    },
    input: {
      mxNeedsName:
        'MX ルックアップにはドメイン名が必要ですが、ホストは IP アドレス {{host}} です: MX ルックアップをオフにするか、ドメイン名を指定してください',
      timeoutRange:
        'タイムアウト {{value}} ms は範囲外です: 1 から {{max}} までのミリ秒 (整数) を指定してください',
      dnsServer:
        'DNS サーバー "{{value}}" は IP アドレスでも IP:PORT でもありません: 192.0.2.53 や 127.0.0.1:5353 のように指定してください',
      noPem:
        '{{source}} に "-----BEGIN CERTIFICATE-----" ブロックがありません: CA 証明書の PEM ファイルを指定してください',
      badPem:
        '{{source}} の {{index}} 番目の証明書を解析できません ({{detail}}): PEM 形式の証明書を指定してください',
      extraCa: '追加の CA {{index}}',
      target: '{{- problem}}',
      noHost: 'HOST が指定されていません: テストするルートのホスト名または IP アドレスを指定してください',
      manyHosts: 'HOST が複数指定されています ({{hosts}}): 一度にテストできるルートのホストは 1 つです',
      timeoutFlag: '--timeout "{{value}}" は無効です: 1 から {{max}} までのミリ秒 (整数) を指定してください',
      dnsFlag:
        '--dns "{{value}}" は IP アドレスでも IP:PORT でもありません: 192.0.2.53、127.0.0.1:5353、[::1]:5353 のように指定してください',
      caNoPem:
        '--ca "{{file}}" に PEM 証明書がありません: "-----BEGIN CERTIFICATE-----" ブロックのあるファイルを指定してください',
      caUnreadable: '--ca "{{file}}" を読み取れません ({{detail}}): PEM ファイルのパスを指定してください',
      lang: '--lang "{{value}}" はこのテストの言語ではありません: --lang ja または --lang en を指定してください',
      arguments: '{{detail}}',
      testFailed: 'テスト自体が失敗しました: {{detail}}',
    },
    usage: `使い方: npm run tls-test -- HOST [--port N] [--mx] [--no-tls] [--no-ca] [--no-hostname]
                         [--ca FILE]... [--dns IP[:PORT]]... [--timeout MS] [--lang ja|en] [--json]
  HOST            ルートのホスト名または IP アドレス (HOST:PORT、[IPv6]:PORT も可)
  --port N        25 (既定)、587 または 1024-65535。Google は 465 を使用できません
  --mx            [${L.mxLookup}]: HOST のすべての MX ホストをテストします
  --no-tls        [${L.requireTls}] をオフ (CA とホスト名の検証も一緒にオフ)
  --no-ca         [${L.requireCaSigned}] をオフ (ホスト名の検証も一緒にオフ)
  --no-hostname   [${L.validateHostname}] をオフ
  --ca FILE       追加で信頼する CA 証明書 (PEM)。ラボのプライベート ルートなど。複数指定可
  --dns IP[:PORT] システムの代わりに使う DNS サーバー。複数指定可
  --timeout MS    送信先ごとの制限時間、1-{{max}} ms (既定 10000)
  --lang ja|en    レポートの言語 (既定: LC_ALL、LC_MESSAGES、LANG の順。ja_JP.UTF-8 なら ja)
  --json          結果を JSON で出力 (コードと事実、および選んだ言語のテキスト)
終了ステータス: 0 メールは配信される、1 返送される、2 入力の誤り、3 テスト自体の失敗`,
    text: {
      deliver: '配信',
      bounce: '返送',
      headline: '{{verdict}}: {{- summary}}',
      on: 'オン',
      off: 'オフ',
      route:
        'ルート: {{host}} のポート {{port}}、MX ルックアップ {{mx}}、TLS {{tls}}、CA 署名 {{ca}}、ホスト名 {{hostname}}',
      routeExtraCa:
        'ルート: {{host}} のポート {{port}}、MX ルックアップ {{mx}}、TLS {{tls}}、CA 署名 {{ca}}、ホスト名 {{hostname}}、追加の CA あり',
      testedAt: 'テスト日時 {{at}}、所要 {{ms}} ms',
      causes: '返送される理由:',
      connection: '接続',
      warnings: '警告:',
      remedies: '対処方法 (この順に):',
      options: '各オプションと判定:',
      optionVerdicts: 'オン: {{on}}、オフ: {{off}}',
      noEffect: ' (効果なし: 上位のオプションがオフです)',
      mxHosts: 'MX ホスト:',
      noAddress: '(アドレスなし)',
      targets: '送信先:',
      unencrypted: ' (暗号化なし)',
      mxHost: 'MX ホスト',
      mxHostValue: '{{host}} (優先度 {{preference}})',
      connect: '接続',
      banner: 'バナー',
      ehlo: 'EHLO',
      starttls: 'STARTTLS',
      offered: '提示あり',
      notOffered: '提示なし',
      answered: '、応答 {{reply}}',
      tlsRow: 'TLS',
      failed: '失敗',
      failedValue: '{{- stage}}の段階: {{- reason}}',
      certificates: '証明書 (送信された順、サーバー証明書が先頭)',
      selfSigned: ' (自己署名)',
      issuer: '発行元',
      names: '名前',
      valid: '有効期間',
      publicRoots: '公的ルート',
      extraCa: '追加の CA',
      verified: '検証済み (ルート {{anchor}})',
      notVerified: '検証できません: {{- reasons}}',
      hostName: 'ホスト名',
      nameOk: '{{name}} は証明書にあります',
      nameNo: 'いいえ: {{- reason}}',
      expiresIn: '有効期限まで',
      days_other: '{{count}} 日',
      total: '合計',
    },
    preflight: {
      couldNotRun: 'TLS テストを実行できませんでした: {{detail}}',
      retry:
        '`/gateway test-tls` をもう一度実行してください。失敗が続く場合は、ボットからそのホストに接続できるか確認してください',
      titleRoute: 'ルート {{name}} ({{host}}:{{port}}) の TLS テスト',
      titleHost: '{{host}}:{{port}} の TLS テスト',
      fallback: '{{- title}}: {{verdict}}',
      error: 'エラー',
    },
  },
  command: {
    unknown:
      '「{{name}}」というサブコマンドはありません。`/gateway help` ですべてのコマンドと例を確認できます。',
    usage: '{{problem}}。\n使い方: `/gateway {{usage}}`',
    failed: 'コマンドの処理中に問題が発生しました (ログに記録済み)。しばらくしてからもう一度お試しください。',
    forbidden: 'この操作は許可されていません: {{- reason}}。',
    privateTarget: '実行されませんでした: {{reason}}。',
    forbiddenPropose: '変更を提案する権限がありません: {{reason}}',
    invalid: 'この変更は提案されませんでした:',
  },
  help: {
    title: '送信ゲートウェイのコマンド',
    intro:
      '変更はすべて提案として扱われます。承認チャンネルで別の管理者が承認した後、ボットが示す手順に従って Google 管理コンソールで変更を行います。',
  },
  summary: {
    help: 'このコマンド一覧',
    addRoute:
      '新しいルートを提案します (引数なしでフォームを開きます)。Google の既定値: TLS、CA、ホスト名のチェックはオン',
    set: 'ルートのオプションを 1 つオンまたはオフにする変更を提案します',
    removeRoute: 'ルートの削除を提案します (ルーティング設定で使用中のルートは削除できません)',
    useRoute: 'ルーティング設定を提案します: 送信メールのメッセージを変更し、ルートを NAME に変更',
    routes: '管理コンソールにあるべきルートとルーティング設定',
    route: 'ルート 1 件の詳細 (承認待ちの提案と履歴を含む)',
    approvals: '承認待ちの提案',
    audit: '監査記録の直近 N 件 (既定 10 件、最大 {{max}} 件)',
    testTls: `Google の「${L.testTls}」と同じテストを、ルートまたは任意のホストに対してボットが実行します`,
    status: '最近の変更の経過: 承認、適用 (監査ログ)、24 時間の反映期間、プローブ',
    probe: 'Gmail からプローブ メッセージを送ってルートの稼働を確かめるか、プローブ TOKEN の到着を確認します',
    googleCheck:
      'Google Workspace の設定を確認します (サービス アカウント、委任されたスコープ、管理者、プローブ用メールボックス)',
    relay: 'リレーの状態、キュー、一時停止/再開、フラッシュ、再読み込み、再起動 (制御操作には承認が必要)',
    diagnose: 'ルートを端から端まで確認します (TLS、DNS、リレー、拒否、遅延、DKIM、SPF、反映)',
    example: '例:',
  },
  change: {
    addRoute: 'ルート {{name}} を追加 ({{host}}:{{port}})',
    setOptionOn: 'ルート {{name}} の {{option}} をオン',
    setOptionOff: 'ルート {{name}} の {{option}} をオフ',
    removeRoute: 'ルート {{name}} を削除',
    useRoute: '送信メールをルート {{route}} 経由に変更',
    useRouteTls: '送信メールをルート {{route}} 経由に変更 (配信時 TLS)',
  },
  proposal: {
    proposedTitle: '変更 #{{id}}: {{what}}',
    proposedBy: '提案者 <@{{user}}> ({{- at}})',
    reason: '理由: {{reason}}',
    diffTitle: '*現在の設定との差分*',
    noPreflight: 'TLS 事前テストなし: この変更でメールの送信先は変わりません。',
    expires: '承認または却下されない場合、{{- at}} に期限切れになります。',
    approve: '承認',
    approveAnyway: 'それでも承認',
    reject: '却下',
    confirmTitle: 'TLS の警告を無視して承認しますか?',
    confirmText:
      'TLS 事前テストによると、このルートでは組織の送信メールが Google によって返送されます。それでも承認しますか?',
    confirmYes: 'それでも承認',
    confirmNo: 'キャンセル',
    state: {
      proposed: '承認待ち',
      approved: '承認済み: 管理コンソールでの作業待ち',
      rejected: '却下',
      expired: '期限切れ',
      applied: '管理コンソールで適用済み',
      live: '稼働中: メールがこのルートを通っています',
      stalled: '停滞: 24 時間以内にプローブが確認されませんでした',
    },
    appliedUnverified:
      '管理コンソールで完了と報告済み。Google の監査ログではまだ確認されていません (ボットが確認を続けます)',
    approvedBy: '<@{{user}}> が承認 ({{- at}})',
    approvedAnywayBy: '<@{{user}}> が TLS の警告を承知のうえで *承認* ({{- at}})',
    rejectedBy: '<@{{user}}> が却下 ({{- at}})',
    expiredAt: '判断がないまま {{- at}} に期限切れになりました。まだ必要であれば、もう一度提案してください。',
    appliedVerified: '{{- at}} に *適用済み*: 管理コンソールの監査ログで確認しました。',
    appliedBy: '{{- at}} に *適用済み (未確認)*: <@{{user}}> が管理コンソールでの作業完了を報告しました。',
    liveAt: '{{- at}} から *稼働中*。',
    stalledAt: '{{- at}} に *停滞*: このルートを通ったプローブ メッセージがありません。',
    requesterReply: '変更 #{{id}} を提案しました。<#{{channel}}> で承認を待っています。',
    postFailed:
      '変更 #{{id}} は保存しましたが、<#{{channel}}> への投稿に失敗しました ({{error}})。ボットをそのチャンネルに招待し、承認者に `/gateway approvals` を使うよう依頼してください。',
  },
  preflight: {
    deliver: ':white_check_mark: *TLS 事前テスト: メールは配信されます。* {{summary}}',
    bounce:
      ':rotating_light: *TLS 事前テスト: このルートでは送信メールが Google によって返送されます。* {{summary}}',
    error: ':warning: *TLS 事前テストを実行できませんでした。* {{summary}}',
    causes: '原因',
    remedies: '対処方法',
    connection: '接続',
  },
  decision: {
    refused: '実行されませんでした: {{- message}}。',
  },
  consoleSteps: {
    title: '変更 #{{id}} の管理コンソールでの手順',
    intro:
      '変更 #{{id}} ({{what}}) を承認しました。メールのルートを変更する API は Google にないため、次の手順で手動で変更してください:',
    open: `管理コンソールから [${L.apps}] > [${L.googleWorkspace}] > [${L.gmail}] > [${L.advancedSettings}] に移動します。`,
    openHosts: `[${L.hosts}] をクリックします。`,
    addRoute: `[${L.addRoute}] をクリックします。`,
    name: `[${L.name}] に \`{{name}}\` と入力します。`,
    singleHost: `[${L.hostOrIp}] に \`{{host}}\` を入力し、ポートに \`{{port}}\` を指定します。`,
    optionOn: '[{{label}}] をオンにします。',
    optionOff: '[{{label}}] をオフにします。',
    testTlsPass: `[${L.testTls}] をクリックします。ボットの事前テストでは成功する見込みです。`,
    testTlsFail: `[${L.testTls}] をクリックします。ボットの事前テストでは失敗する見込みです (「${L.certNotVerified}」)。ルートは保存できますが、メールは返送されます。`,
    testTlsUnknown: `[${L.testTls}] をクリックします。ボットの事前テストは実行できず、結果はありません。`,
    save: `[${L.save}] をクリックします。`,
    editRoute: `ルート \`{{name}}\` にカーソルを合わせ、[${L.edit}] をクリックします。`,
    deleteRoute: `ルート \`{{name}}\` にカーソルを合わせ、[${L.delete}] をクリックして確定します。`,
    routingOpen: `[${L.generalSettings}] をクリックし、[${L.organizations}] で最上位の組織を選択します。`,
    routingSetting: `[${L.routing}] の項目にある [${L.routing}] の設定までスクロールし、[${L.configure}] をクリックします (すでに設定されている場合は [${L.edit}] または [${L.addAnother}])。`,
    routingDescription: 'ルーティング設定の説明に `送信ゲートウェイ {{route}}` と入力します。',
    routingAffects: `[${L.messagesToAffect}] で、[${L.outbound}] をオンにします。`,
    routingAction: `[${L.forTheseMessages}] で、プルダウン メニューから [${L.modifyMessage}] を選択します。`,
    routingRoute: `[${L.route}] で、[${L.changeRoute}] をオンにし、\`{{route}}\` を選択します。`,
    routingTlsOn: `[${L.encryptionOnward}] で、[${L.requireTls}] をオンにします。`,
    routingTlsOff: `[${L.encryptionOnward}] の [${L.requireTls}] はオフのままにします。`,
    routingHeader:
      '[ヘッダー] で [カスタム ヘッダーを追加] をオンにし、[追加] をクリックして、キー `{{name}}` とリレーの `tenant.header` シークレットの値 (リレーの設定にあります。ボットは表示しません) を入力します。このヘッダーのないメールはリレーが拒否します。',
    routingSave: `[${L.addSetting}] または [${L.save}] をクリックし、[${L.advancedSettings}] ページの下部にある [${L.save}] をクリックします。`,
    propagation:
      '変更が反映されるまでに最長で 24 時間ほどかかることがあり、管理コンソールの監査ログで確認できます。保存したら下のボタンを押してください。',
    done: '管理コンソールで完了',
    doneBy:
      '<@{{user}}> が {{- at}} にこの手順の完了を報告しました。Google の監査ログで確認されるまで「適用済み (未確認)」として記録します。',
  },
  routes: {
    none: 'ルートはまだありません。`/gateway add-route` で追加できます。',
    title: 'ルート (あるべき設定)',
    count_other: '{{count}} 件のルート',
    routing: '*ルーティング設定*: 送信メールは `{{route}}` を経由します。',
    routingTls: '*ルーティング設定*: 送信メールは `{{route}}` を経由します (配信時に TLS を使用)。',
    noRouting: '*ルーティング設定*: なし。送信メールはゲートウェイを経由しません。',
    pending_other: '{{count}} 件の提案が承認を待っています: `/gateway approvals`',
    inUse: 'ルーティング設定で使用中',
    routeTitle: 'ルート {{name}}',
    routeText: 'ルート {{name}}: {{host}}:{{port}}',
    host: 'ホスト',
    port: 'ポート',
    on: 'オン',
    off: 'オフ',
    pendingTitle: '*承認待ち*',
  },
  approvals: {
    none: '承認待ちの提案はありません。',
    title: '承認待ち',
    line: '*#{{id}}* {{what}} — 提案者 <@{{user}}>、期限 {{- at}}',
  },
  audit: {
    none: '監査記録はまだありません。',
    title: '監査記録 (直近 {{count}} 件)',
    line: '{{- at}} {{change}}*{{action}}*{{move}} 実行者 {{- actor}}{{what}}{{why}}',
    bot: 'ボット',
    newState: '新規',
    action: {
      proposed: '提案',
      approved: '承認',
      approvedAnyway: '警告を承知で承認',
      rejected: '却下',
      expired: '期限切れ',
      applied: '適用',
      live: '稼働',
      stalled: '停滞',
    },
    state: {
      proposed: '提案中',
      approved: '承認済み',
      rejected: '却下',
      expired: '期限切れ',
      applied: '適用済み',
      appliedUnverified: '適用済み (未確認)',
      live: '稼働中',
      stalled: '停滞',
    },
  },
  modal: {
    title: 'ルートを追加',
    submit: '提案する',
    cancel: 'キャンセル',
    name: 'ルート名',
    namePlaceholder: 'gateway-1',
    host: 'ホスト名または IP アドレス',
    hostPlaceholder: 'smtp.gateway.example.com',
    port: 'ポート',
    portHint: '25、587、または 1024〜65535 (465 は使用できません)',
    options: 'オプション',
    optionsHint: 'Google の既定値: TLS の 3 つのチェックはオン、MX ルックアップはオフ。',
    reason: '理由',
  },
  home: {
    title: '送信ゲートウェイ',
    hint: '任意のチャンネルで `/gateway help` を使ってください。',
  },
  status: {
    none: '承認済みまたは提案中の変更はまだありません。',
    noneFor: 'ルート `{{route}}` に関する変更はありません。',
    title: '最近の変更',
    titleFor: 'ルート {{route}} の変更',
    state: {
      proposed: ':hourglass: 承認待ち',
      rejected: ':x: 却下',
      expired: ':wastebasket: 期限切れ',
      approved: ':clipboard: 承認済み、管理コンソールでの変更待ち',
      applied: ':arrows_counterclockwise: 適用済み、反映中',
      live: ':white_check_mark: 稼働中',
      stalled: ':warning: 停滞',
    },
    unverified: ' (未確認: 監査ログのイベントはまだありません)',
    troubleshooting: '*確認すること*',
    window: '24 時間の反映期間: {{elapsed}} 経過、{{- at}} に終了',
  },
  probe: {
    sent: 'プローブ `{{token}}` を Gmail から送信しました。リレーに届けばルートが確認できます。`/gateway probe {{token}}` または `/gateway status` で確認してください。',
    sentFor:
      '変更 #{{change}} のプローブ `{{token}}` を Gmail から送信しました。リレーに届けばルートが確認できます。`/gateway probe {{token}}` または `/gateway status` で確認してください。',
    notSent: 'プローブは送信されませんでした: {{reason}}',
    seen: ':white_check_mark: プローブ `{{token}}` がリレーに届きました ({{ip}} から、{{- at}}、{{tls}}{{dkim}})。',
    noTls: 'TLS なし',
    notSeen:
      'プローブ `{{token}}` はまだリレーに届いていません。Gmail では時間がかかることがあり、新しいルートでは最長 24 時間かかります。',
    badToken:
      '「{{token}}」はプローブのトークンではありません。トークンは `/gateway probe` が表示する 24 桁の小文字の 16 進数です',
    noRelay:
      'リレーの制御 API が設定されていません (GATEWAY_CONTROL_URL、GATEWAY_CONTROL_TOKEN)。プローブの到着を確認できません。',
  },
  google: {
    notConfigured:
      'Google Workspace が設定されていません: GOOGLE_SERVICE_ACCOUNT_FILE (ドメイン全体の委任を設定したサービス アカウントの鍵)、GOOGLE_ADMIN_SUBJECT、GOOGLE_PROBE_SENDER、PROBE_RECIPIENT を設定してください。詳しくは docs/google-workspace.md を参照してください。',
    checkTitle: 'Google Workspace の設定',
    account:
      'サービス アカウント `{{email}}`、クライアント ID `{{clientId}}` (ドメイン全体の委任で承認する ID)。',
    allGood: 'ボットが使う機能はすべて動作しています。',
    someMissing: 'まだ動作しない部分があります。各行の対処方法を確認してください。',
  },
  notice: {
    applied: ':white_check_mark: 変更 #{{id}} が管理コンソールの監査ログで確認されました: {{detail}}。',
    nearMisses:
      '変更 #{{id}}: 承認後にメール設定のイベントが監査ログにありますが、この変更に一致するものはまだありません:',
    doesNotMatch: '一致しない点: {{mismatches}}',
    live: ':tada: 変更 #{{id}} が稼働しました: プローブ `{{token}}` が {{ip}} からリレーに届きました ({{tls}}{{dkim}})。',
    stalled:
      ':warning: 変更 #{{id}} は停滞しています: 変更から 24 時間以内にゲートウェイを通ったプローブがありません。',
    failure: ':warning: {{what}}',
  },
  relay: {
    chartTitle: 'リレー {{relay}} (過去 24 時間)',
    deferredTotal_other: '保留中のメール {{count}} 通',
    noRelays:
      'リレーが設定されていません: GATEWAY_CONTROL_URL と GATEWAY_CONTROL_TOKEN (または GATEWAYS) を設定してください。',
    statusTitle: 'リレーの状態',
    queueTitle: '配信先ごとの遅延メール',
    queueEmpty: '`{{relay}}`: 遅延中のメールはありません。',
    chartPosted: '過去 24 時間のキューの長さと配信数のグラフをこのチャンネルに投稿しました。',
    chartFallback: '過去 24 時間のキューと配信数 (グラフをアップロードできませんでした: {{reason}}):',
    chartComment: 'キューの長さと配信数、過去 24 時間 ({{relay}})',
    actionDone: 'リレーの {{action}}:',
    actionProposed:
      'リレー操作 #{{id}} ({{action}}) には別の管理者の承認が必要です。<#{{channel}}> で承認を待っています。',
    refused: '実行されませんでした: {{- message}}。',
    verb: {
      pause: '一時停止 (再開するまで新しいメールを 421 で拒否)',
      resume: '再開 (メールの受け付けを再開)',
      flush: 'フラッシュ (遅延中のメールを今すぐ再送)',
      reload: '再読み込み (設定と許可リスト)',
      restart: '再起動 (処理中のセッションを終えてから停止し、起動)',
    },
  },
  action: {
    outcome: {
      paused: '一時停止しました: 新しい接続には 421 を返し、Gmail は後で再試行します',
      resumed: '再開しました: 再びメールを受け付けています',
      flushed_other: '保留中のメール {{count}} 通を今すぐ再試行しました',
      reloaded_other: '設定を再読み込みしました。許可する範囲は {{count}} 件です{{restart}}',
      restartKeys: '。次のキーは再起動後に反映されます: `{{keys}}`',
      notManaged:
        'リレー「{{relay}}」はボットが実行しているものではありません (`GATEWAY_MANAGED` が `true` ではありません): 実行しているホストで再起動してください (例: `systemctl restart`)',
      restarted: '正常に再起動しました (PID {{before}} -> {{after}})。{{seconds}} 秒後に応答を再開しました',
      restartedSilent: '再起動しました (PID {{before}} -> {{after}}) が、リレーはまだ応答しません: {{error}}',
    },
    name: { pause: '一時停止', resume: '再開', flush: 'フラッシュ', reload: '再読み込み', restart: '再起動' },
    state: {
      proposed: '承認待ち',
      approved: '承認済み',
      rejected: '却下',
      expired: '期限切れ',
      done: '完了',
      failed: '失敗',
    },
    text: '{{title}} ({{state}})',
    title: 'リレー操作 #{{id}}: {{action}} {{relays}}',
    requestedBy: '依頼者 <@{{user}}> ({{- at}})',
    expires: '承認または却下されない場合、{{- at}} に期限切れになります。',
    approve: '承認',
    reject: '却下',
    cancel: 'キャンセル',
    confirmRestart:
      'リレーを今すぐ再起動しますか? 開いている SMTP セッションは先に完了し、新しいセッションは数秒待ちます。',
    approvedBy: '<@{{user}}> が *承認* ({{- at}})',
    rejectedBy: '<@{{user}}> が *却下* ({{- at}})',
    expired:
      '判断がないまま *期限切れ* になりました。まだ必要であれば、もう一度依頼してください: `{{command}}`',
    running: ':hourglass_flowing_sand: 実行中…',
    done: ':white_check_mark: 完了',
    failed: ':x: 失敗',
  },
  diagnose: {
    title: '診断: {{subject}}',
    titleRoute: '診断: ルート「{{name}}」',
    titleRelays: '診断: リレー',
    running_other: '{{count}} 件のチェックを実行中…',
    done: '成功 {{pass}} 件、警告 {{warn}} 件、失敗 {{fail}} 件 ({{seconds}} 秒)',
    remedy: '対処方法',
    posted: '診断レポートをこのチャンネルに投稿しました。チェックが終わるごとに更新されます。',
    postFailed:
      'このチャンネルへのレポートの投稿に失敗しました ({{error}})。ボットをチャンネルに招待してください。',
  },
  alert: {
    raised: ':rotating_light: リレー `{{relay}}`: {{title}}',
    resolved: ':white_check_mark: 解決: リレー `{{relay}}`: {{title}}',
    since: '発生 {{- at}}',
    resolvedAt: '{{- at}} に解決: {{detail}}',
    whatToDo: '*対処方法:* {{remedy}}',
    title: {
      relayUnreachable: '接続できません',
      queueAge: 'キューにメールが滞留しています',
      deferralSpike: '配信の遅延が増えています',
      allowlistRefresh: 'Google の IP 範囲を更新できません',
      certExpiry: '証明書の有効期限が近づいています',
      scannerDown: 'コンテンツ スキャナーが応答しません',
      archiveFailing: 'アーカイブへのコピーが失敗しています',
      outboundMalware: 'アカウントからマルウェアまたは迷惑メールが送信されています',
    },
  },
  opsHome: {
    relays: 'リレー',
    propagation: '最近の変更',
    noChanges: '進行中の承認済みの変更はありません。',
    changeLine: '• 変更 #{{id}} ({{what}}): {{- at}} から *{{state}}*',
    alerts_zero: '未解決のアラートはありません。',
    alerts_other: '未解決のアラート {{count}} 件:',
    diagnose: '診断',
    status: '状態',
    pause: '一時停止',
    resume: '再開',
    flush: 'フラッシュ',
    reload: '再読み込み',
    restart: '再起動',
    relayTitle: 'リレー {{relay}}',
    chart: 'キューと配信数、過去 24 時間',
    noSamples: 'まだデータがありません。ボットがリレーを確認するたびにグラフが埋まっていきます。',
    sentToDm: '{{what}}: ダイレクト メッセージで送りました。',
  },
  // 組み立て部品 (src/i18n/phrase.ts): 外部のテキストはそのまま、列挙の区切り。
  phrase: {
    user: '<@{{user}}>',
    raw: '{{text}}',
    list: '{{items}}',
    parts: '{{items}}',
    separator: '、',
    partSeparator: '。',
  },
  age: {
    seconds: '{{n}} 秒',
    minutes: '{{n}} 分',
    hours: '{{n}} 時間',
    days: '{{n}} 日',
  },
  // 診断のチェック: プレーン テキスト (Slack に出すときにまとめてエスケープ)。`コード` 以外の mrkdwn は使わない。
  check: {
    status: { pass: '成功', warn: '警告', fail: '失敗', pending: '…' },
    fallback: '成功 {{pass}}、警告 {{warn}}、失敗 {{fail}}',
    fallbackRunning: '実行中',
    ms: '{{n}} ミリ秒',
    seconds: '{{n}} 秒',
    crashed: 'チェックを実行できませんでした: {{error}}',
    crashedRemedy:
      'もう一度 `/gateway diagnose` を実行してください。失敗が続く場合はボットのログを確認してください',
    title: {
      tls: '{{target}} の TLS テスト',
      tlsRoute: 'ルート「{{name}}」({{target}}) の TLS テスト',
      dns: '{{host}} の DNS',
      recipientTls: '受信側ドメイン {{domain}} の MTA-STS と DANE',
      relay: 'リレーの接続と状態',
      content: 'スキャンとアーカイブ',
      rejections: '理由別の拒否',
      deferred: '配信先ごとの遅延メール',
      dkim: '中継したメールの DKIM',
      spf: 'リレーの送信元アドレスに対する送信者ドメインの SPF',
      bypass: 'ゲートウェイを経由しないメール',
      propagation: '最新の変更の反映',
    },
    tls: {
      certValid: '{{target}}: 証明書の残り有効期間 {{days}} 日',
      paused: '{{summary}} (リレー {{relay}} は一時停止中で、メールを 421 で拒否しています)',
      pausedRemedy:
        'メンテナンスが終わったらリレーを再開してください: `/gateway relay resume --relay {{relay}}`。その後もう一度診断してください',
      seeTestTls: '詳しい結果は `/gateway test-tls` で確認してください',
      expiring: '{{summary}}。{{days}} 日以内に期限切れになる証明書があります',
      renew: '{{targets}} の証明書を、期限が切れる前に同じ名前で更新してください',
      lookAt: '次を確認してください: {{warnings}}',
    },
    dns: {
      ip: '{{host}} は IP アドレスのため、DNS の検索は不要です',
      noMx: '{{host}}: 使用できる MX レコードがありません',
      noMxError: '{{host}}: 使用できる MX レコードがありません ({{error}})',
      noAddress: '{{host}}: 使用できる A/AAAA レコードがありません',
      noAddressError: '{{host}}: 使用できる A/AAAA レコードがありません ({{error}})',
      publishMx: `{{host}} に、リレーのホスト名 (それぞれ A/AAAA レコードを持つもの) を指す MX レコードを公開するか、[${L.mxLookup}] をオフにしてリレー自身の名前を指定してください`,
      publishAddress:
        '{{host}} にリレーの公開アドレスを示す A または AAAA レコードを公開するか、ルートにリレーの IP アドレスを指定してください',
      resolves: '{{host}} は {{addresses}} に解決されます',
      mx: 'MX {{priority}} {{exchange}}',
      lookupError: {
        nxdomain: 'NXDOMAIN: その名前は存在しません',
        nodata: 'その種類のレコードはありません',
        servfail: 'DNS サーバーが SERVFAIL を返しました',
        refused: 'DNS サーバーが問い合わせを拒否しました',
        timeout: 'DNS サーバーから応答がありません (タイムアウト)',
      },
    },
    relay: {
      none: 'リレーが設定されていません',
      noneRemedy:
        'ボットがリレーの状態を読めるよう、`GATEWAY_CONTROL_URL` と `GATEWAY_CONTROL_TOKEN` (または `GATEWAYS`) を設定してください',
      unreachable: '{{relay}}: 接続できません: {{error}}',
      noAnswer: '応答なし',
      unreachableRemedy:
        '{{relay}}: リレーを起動する (またはログを確認する) とともに、ボットの設定にあるリレーの制御 URL とトークンを確認してください',
      line: '{{relay}}: {{parts}}',
      up: '稼働 {{age}}',
      noAllowlist: '許可リストが読み込まれていません: すべてのメールを拒否しています',
      noAllowlistRemedy:
        '{{relay}}: リレーが `_spf.google.com` を解決できること (`dns.servers`) を確認し、再読み込みしてください',
      allowlistFailing_other:
        '許可リストの更新に失敗しています ({{error}})。最後に取得できた {{count}} 件の範囲を使用中',
      allowlistFailingRemedy:
        '{{relay}}: リレーの DNS サーバーを確認してください。それまでは最後に取得できた範囲で動作を続けます',
      ranges_other: '許可された範囲 {{count}} 件',
      unbound: '送信者ドメインだけで受け付けています (テナントの紐付けなし)',
      unboundRemedy:
        '{{relay}}: リレーの設定で `tenant.dkimDomains` または `tenant.header` を設定してください (`docs/relay.md` の `Tenant binding` の節)。設定しないと、どの Google Workspace の顧客でもこのリレーを経由してメールを送れます',
      paused: '一時停止中: メールを 421 で拒否しています (Gmail は再送します)',
      pausedRemedy:
        '{{relay}}: メンテナンスが終わったら `/gateway relay resume --relay {{relay}}` を実行してください',
      certExpired_other: '証明書は {{count}} 日前に期限切れになっています',
      certExpires_other: '証明書はあと {{count}} 日で期限切れになります',
      certRemedy:
        '{{relay}}: 証明書を (同じ名前で) 更新して `tls.cert`/`tls.key` に置き、リレーを再読み込みしてください',
      queued: 'キュー {{n}} 件',
      queuedOldest: 'キュー {{n}} 件、最も古いもの {{age}}',
      ok: 'リレーは応答し、メールを受け付けています',
      allOk_other: '{{count}} 台すべてのリレーが応答し、メールを受け付けています',
      attention_other: '{{count}} 台中 {{n}} 台のリレーに対処が必要です',
    },
    rejections: {
      period: { day: '過去 24 時間', sinceStart: 'リレーの起動以降' },
      none: '{{period}}の拒否はありません',
      summary_other: '{{period}}の拒否 {{count}} 件: {{reasons}}',
      reasonCount: '{{reason}} {{n}} 件',
      detail: '{{label}} ({{reason}}) × {{n}}',
      label: {
        senderDomain: 'リレーが受け付けない送信者ドメイン',
        allowlistNotLoaded: 'Google の IP 範囲が一度も読み込まれていないための拒否',
        clientNotAllowed: 'Google の IP 範囲外からの接続',
        bareNewline: '単独の CR または LF を含むメール (SMTP スマグリング対策)',
        messageTooLarge: 'サイズ上限を超えるメール',
        paused: '一時停止中の拒否',
        other: 'その他の拒否',
      },
      remedy: {
        senderDomain:
          '自組織のドメインであれば、リレーの設定の `senders` に追加して `/gateway relay reload` を実行してください。自組織のものでなければ、別の Workspace テナントがこのリレーにメールを送っているだけなので、対処は不要です',
        allowlistNotLoaded:
          'リレーが `_spf.google.com` を解決できること (`dns.servers`) を確認し、`/gateway relay reload` を実行してください',
        clientNotAllowed:
          '少数ならインターネット上のスキャンです。Gmail のメールが返送されている間に多数あれば許可リストが古くなっています: `/gateway relay reload` を実行し、自組織のサーバーは `allow.cidrs` に追加してください',
        bareNewline:
          'リレーの手前にある送信アプリケーションまたはフィルタが CRLF 以外の改行を書いています。そちらを修正してください',
        messageTooLarge:
          'リレーの設定の `maxMessageBytes` を 36700160 (Gmail の上限 35 MB) 以上にしてください',
        paused: 'メンテナンスが終わったらリレーを再開してください: `/gateway relay resume`',
        other: 'これらの拒否についてリレーのログを確認してください',
      },
    },
    deferred: {
      none: '遅延中のメールはありません',
      noError: 'エラーの記録なし',
      detail_other: '{{destination}}: {{count}} 件: {{error}}',
      detailOldest_other: '{{destination}}: {{count}} 件、最も古いもの {{age}}: {{error}}',
      summary_other: '{{destinations}} 宛てのメール {{count}} 件が遅延しています',
      flush: '解決したら `/gateway relay flush` ですぐに再送できます',
      remedy: {
        tls: '{{destination}}: 配信先への TLS が失敗しています。配信先の証明書を確認するか、ポリシーで許されるなら `delivery.tlsPolicies` でこの配信先の条件を緩めてください',
        dns: '{{destination}}: リレーからこのドメインの DNS を解決できません。ドメインの MX レコードとリレーの `dns.servers` を確認してください',
        connect:
          '{{destination}}: リレーから接続できません。リレーのホストからの送信ポート 25 (ファイアウォール、プロバイダによる遮断) と配信先のサーバーを確認してください',
        tryLater:
          '{{destination}}: 配信先が「後で再試行」と応答しています (グレーリスティング、送信数の制限)。リレーが自動で再送します。続く場合は配信先ドメインの `postmaster` に連絡してください',
        other: '{{destination}}: 上の最後のエラーを読み、その原因を解決してください',
      },
    },
    dkim: {
      none: 'DKIM 署名付きのメールはまだ中継されていません',
      summary: 'リレー通過後に検証できた DKIM 署名は {{percent}}% (成功 {{pass}}、失敗 {{fail}})',
      remedy:
        'Gmail が署名した後にメールが書き換えられると署名は壊れます: フィルタ、フッターや免責事項を追加するツール、またはこのリレーの手前でヘッダーや改行を書き換えるリレーなどです。このリレーは `Received` ヘッダーを先頭に追加するだけです。メールを書き換える処理を外すか、設定を変えてください',
      noReports: 'DKIM の結果を報告しているリレーがありません',
      noReportsRemedy:
        '配信機能のあるバージョンのリレー (中継したメールの DKIM を確認します) を使うか、リレーに接続できることを確認してください',
    },
    spf: {
      detail: '{{domain}} ({{address}} から): {{result}}',
      ok: '{{domains}} の SPF はリレーの送信元アドレスを許可しています',
      notAllowed:
        '{{domains}} の SPF はリレーを許可していません: 受信側でメールが拒否されるか迷惑メールになるおそれがあります',
      add: '{{domain}} の SPF レコードに `{{mechanism}}` を追加してください (`include:_spf.google.com` は残します)',
      smarthost:
        'リレーはスマートホストにメールを渡しています (`delivery.mode: smarthost`)。受信側に見えるのはスマートホストのアドレスなので、その SPF が問題になります',
      noDomain: '確認する送信者ドメインがありません',
      noDomainRemedy: '`SENDER_DOMAINS` を設定するか、`/gateway diagnose DOMAIN` を実行してください',
    },
    propagation: {
      none: '進行中のルート変更はありません',
      live: '変更 #{{id}}: 稼働中 ({{age}} 前にプローブが届きました)',
      applied:
        '変更 #{{id}}: {{age}} 前に適用済み。まだプローブは確認されていません (Google では最長 24 時間かかります)',
      appliedRemedy: '反映期間が過ぎるまで待ってください。`/gateway probe` で今すぐプローブを送れます',
      approved: '変更 #{{id}}: {{age}} 前に承認されましたが、管理コンソールではまだ変更されていません',
      approvedRemedy:
        '承認者が承認メッセージの管理コンソールの手順に従って変更し、[管理コンソールで完了] を押してください',
      stalled: '変更 #{{id}}: 変更から 24 時間以内にプローブが届きませんでした',
      stalledRemedy:
        '管理コンソールで、ルートとルーティング設定が正しい組織部門に保存されていること、ルートのホストがこのリレーに解決されることを確認し、`/gateway probe` を実行してください',
      other: '変更 #{{id}}: {{state}}',
    },
    content: {
      none: 'メールをスキャンまたはアーカイブしているリレーはありません (未設定)',
      line: '{{relay}}: {{parts}}',
      scannerOk: '{{name}} は応答しています',
      scannerDown: '{{name}} が停止しています',
      scannerDownError: '{{name}} が停止しています ({{error}})',
      scannerRemedy:
        '{{relay}}: {{name}} を起動するか、設定の `scan.{{name}}` を修正してください。それまでメールは 451 4.7.1 で一時拒否されるか (`scan.onError: tempfail`)、スキャンされずに通ります (`accept`)',
      lastDay: '過去 1 日: {{verdicts}}',
      verdictCount: '{{verdict}} {{n}} 件',
      verdict: { clean: '問題なし', virus: 'ウイルス', spam: '迷惑メール', error: 'エラー' },
      findings: '{{senders}} からのマルウェアまたは迷惑メール',
      findingsRemedy:
        '{{relay}}: {{senders}} のアカウントが乗っ取られていないか確認してください (パスワードの再設定、セッションのログアウト)',
      archive: 'アーカイブ: コピー済み {{archived}} 件、待機中 {{pending}} 件、失敗中 {{failing}} 件',
      archiveError: '最後のアーカイブ エラー: {{error}}',
      archiveRemedy:
        '{{relay}}: アーカイブ先に接続できるようにしてください。コピーは保存されて再試行されるため、失われません',
      archiveRemedyTo:
        '{{relay}}: アーカイブ先 {{destination}} に接続できるようにしてください。コピーは保存されて再試行されるため、失われません',
      noArchive: 'アーカイブ コピーなし',
      ok: 'スキャナーは応答し、アーカイブ コピーは最新です',
      failing: 'スキャナーまたはアーカイブが失敗しています',
      attention: 'スキャンでマルウェアや迷惑メールが見つかったか、アーカイブ コピーが待機しています',
    },
    bypass: {
      summary: 'メールがゲートウェイを経由せずに送られる可能性があります (アーカイブもスキャンもされません)',
      remedy: `管理コンソールの [${L.apps}] > [${L.googleWorkspace}] > [${L.gmail}] > [${L.endUserAccess}] で [${L.perUserGateways}] をオフにしてください。設定を読めなかった場合はポリシーを読むスコープ (\`cloud-identity.policies.readonly\`) を許可してください (\`/gateway google check\`)`,
    },
    recipientTls: {
      relayError: '{{relay}}: {{error}}',
      noReport: '{{domain}} の TLS の状態を報告できたリレーはありません',
      noReportRemedy:
        'DANE と MTA-STS に対応したバージョンのリレー (`GET /tls-policy`) を使うか、リレーに接続できることを確認してください',
      summary: '{{domain}}: {{policy}} (リレー {{relay}} から見た状態)',
      dnssecRemedy:
        '{{domain}} の DNSSEC の検索が失敗している間、この宛先へのメールは待機します。リレーのリゾルバー (`dns.servers`) が検証することを確認するか、ドメインの所有者に署名の修正を依頼してください',
      opportunisticRemedy:
        '{{domain}} 宛てのメールは日和見 TLS で送られます。このドメインが DANE または MTA-STS を公開すべき場合を除き、対処は不要です。`tlsPolicies` で検証済みの TLS を必須にできます',
      configured: '`tlsPolicies` の設定に従います: {{policy}}',
      smarthost: 'スマートホスト経由で、その TLS 設定で配信します',
      dane: 'DANE が適用されます',
      mtaSts: 'MTA-STS ({{mode}}) が適用されます',
      neither: 'DANE も MTA-STS も適用されません',
      daneMx: 'DANE: MX {{state}}: {{detail}}',
      daneHost: 'DANE {{host}}: {{state}}: {{detail}}',
      mtaStsCached: 'MTA-STS: {{mode}}、ID {{id}}、MX {{mx}}、{{until}} までキャッシュ: {{detail}}',
      mtaStsFetched: 'MTA-STS: {{mode}}、ID {{id}}、MX {{mx}}、{{until}} まで有効 (取得済み): {{detail}}',
      mtaStsState: 'MTA-STS: {{state}}: {{detail}}',
    },
  },
  // リレーの監視で見つかったことと対処方法 (プレーン テキスト。Slack に出すときにエスケープ)。
  alertText: {
    finding: '{{kind}} ({{detail}})',
    noAnswer: '応答なし',
    unknownError: '不明なエラー',
    malware_other:
      '{{sender}} が過去 1 時間に {{found}} を含むメールを {{count}} 件送信しました (うち {{refused}} 件を拒否)',
    malwareRemedy:
      '{{sender}} は乗っ取られたおそれのあるアカウントとして扱ってください: 管理コンソールで最近のログインと送信メールを確認し、パスワードを再設定して、すべてのセッションからログアウトさせてください',
    malwareResolved: '過去 1 時間、この送信者からのマルウェアや迷惑メールはありません',
    noScanner: 'コンテンツ スキャナーは設定されていません',
    scannersAnswer: 'コンテンツ スキャナーは応答しています ({{names}})',
    scannerError: '{{name}}: {{error}}',
    scannerDown:
      'コンテンツ スキャナーが応答しません: {{scanners}}。メールは 451 で一時拒否されるか (`scan.onError: tempfail`)、スキャンされずに通ります (`accept`)',
    scannerRemedy:
      'リレーのホストでスキャナーのサービス (`systemctl status clamav-daemon` または `rspamd`) と、リレーの設定の `scan:` のアドレスを確認してください',
    noArchive: 'アーカイブは設定されていません',
    archiveWritten: 'アーカイブ コピーは書き込まれています (待機中 {{pending}} 件)',
    archiveFailing_other:
      'アーカイブ コピー {{count}} 件が失敗しています: {{error}}。コピーはスプールに保存され、再試行されます',
    archiveFailingTo_other:
      '{{destination}} へのアーカイブ コピー {{count}} 件が失敗しています: {{error}}。コピーはスプールに保存され、再試行されます',
    archiveRemedy:
      'アーカイブ先 (ディレクトリに書き込めて空きがあるか、アーカイブ サーバーがリレーからのメールを受け付けるか) を確認し、`/gateway relay status` で様子を見てください',
    reachableAgain: 'リレーの制御 API が再び応答しています',
    unreachable_other: '{{count}} 回続けて読み取りに失敗しました: {{error}}',
    unreachableRemedy:
      'リレーのプロセスが動いていること (`systemctl status`、または `GATEWAY_MANAGED` の場合は `/gateway relay status`) と、リレーの制御 URL とトークンがボットの設定と一致していることを確認してください',
    queueOk: 'キューで最も古いメールは {{age}} 前のものです (キュー {{n}} 件)',
    queueOld: 'キューで最も古いメールは {{age}} 前のものです (上限 {{limit}})。キュー {{n}} 件',
    queueRemedy:
      '`/gateway relay queue` でどの配信先がなぜ遅延しているかを確認し、原因を解決してから `/gateway relay flush` を実行してください',
    deferrals: '配信の試行 {{attempts}} 件中 {{deferred}} 件が遅延 ({{percent}}%)',
    deferralSpike: '配信の試行 {{attempts}} 件中 {{deferred}} 件が遅延 ({{percent}}%、上限 {{limit}}%)',
    deferralRemedy:
      '`/gateway relay queue` で配信先と最後のエラーを確認してください: TLS や接続のエラーならネットワークか次の中継先、`4xx` の応答なら受信側に原因があります',
    allowlistRefreshed: '許可リストを更新しました',
    allowlistRefreshedSize_other: '許可リストを更新しました (範囲 {{count}} 件)',
    allowlistFailing_other:
      'Google の IP 範囲を更新できません: {{error}}。リレーは最後に取得できた範囲 ({{count}} 件) を使い続けます',
    allowlistRemedy:
      'リレーの DNS サーバー (設定の `dns.servers`) と、リレーのホストから `_spf.google.com` の TXT レコードを検索できることを確認してください',
    certValid_other: '証明書の残り有効期間は {{count}} 日です',
    certExpired_other:
      'リレーの証明書は {{count}} 日前に期限切れになりました: ルートで CA 署名済み証明書を必須にしている場合、Google はこのリレーへの TLS を拒否します',
    certExpires_other: 'リレーの証明書はあと {{count}} 日で期限切れになります (警告は {{warning}} 日前から)',
    certRemedy:
      '証明書を (同じホスト名で) 更新して `tls.cert`/`tls.key` に置き、`/gateway relay reload` を実行してください',
  },
  // ルートの入力チェック: 入力された値の問題点と、代わりに入力するもの (プレーン テキスト)。
  invalid: {
    diagnoseArg:
      '「{{arg}}」はルート名、ホスト、ドメインのいずれでもありません: {{problems}}。ルート名: {{routes}}',
    diagnoseArgNoRoutes:
      '「{{arg}}」はルート名、ホスト、ドメインのいずれでもありません: {{problems}}。ルート名: まだありません',
    testTlsArg: '「{{arg}}」は既存のルートでも、使用できるホストでもありません: {{problems}}',
    port465:
      'ポート 465 (SMTPS) は Google のルートでは使用できません: STARTTLS を使う 25 または 587 を指定してください',
    port: 'ポート {{port}} は Google のルートでは使用できません: 25、587、または 1024〜65535 のポートを指定してください',
    portNotNumber:
      'ポート「{{port}}」は数値ではありません: 25、587、または 1024〜65535 のポートを指定してください',
    hostEmpty: 'ホストが空です: smtp.example.com のようなホスト名か IP アドレスを入力してください',
    hostSpace:
      'ホスト「{{host}}」に空白が含まれています: ホスト名または IP アドレスを 1 つだけ入力してください',
    hostLong: 'ホスト「{{host}}」は 253 文字を超えています',
    hostSingleLabel:
      'ホスト「{{host}}」は有効なホスト名ではありません: ドメインのない単一の名前です。Google がルーティングできるのは smtp.example.com のような完全修飾名か IP アドレスだけです',
    hostName:
      'ホスト「{{host}}」は有効なホスト名ではありません: 英数字とハイフンをドットで区切って入力してください (例: smtp.example.com)',
    hostIncompleteIp: 'ホスト「{{host}}」は不完全な IP アドレスのようです',
    nameEmpty: 'ルート名が空です: gateway-1 のような名前を入力してください',
    name: 'ルート名「{{name}}」は使用できません: 英数字、「.」「_」「-」を 1〜64 文字で、先頭は英数字にしてください',
    nameTaken: '「{{name}}」という名前のルートはすでにあります: 別の名前を指定してください',
    routeExists:
      '「{{name}}」という名前のルートはすでにあります: 別の名前を指定するか、`/gateway set {{name}} ...` で変更してください',
    optionNeedsFirst:
      '{{option}} は {{needed}} がオンのときだけオンにできます: 先に {{needed}} をオンにしてください',
    optionNeeds:
      '{{option}} には {{needed}} が必要です: {{needed}} をオンにするか、{{option}} をオフにしてください',
    alreadyOn: 'ルート {{name}} の {{option}} はすでにオンです: 変更する点はありません',
    alreadyOff: 'ルート {{name}} の {{option}} はすでにオフです: 変更する点はありません',
    routeInUse:
      'ルート {{name}} はルーティング設定で使用中です: 先にルーティング設定を別のルートに変更してください (`/gateway use-route NAME`)',
    routingUnchanged:
      'ルーティング設定はすでにこの方法でルート {{name}} を使っています: 変更する点はありません',
    unknownRoute: '「{{name}}」という名前のルートはありません: 既存のルートは {{known}} です',
    unknownRouteNone:
      '「{{name}}」という名前のルートはありません: ルートはまだありません。`/gateway add-route` で追加してください',
  },
  relayStatus: {
    unreachable: ':red_circle: *`{{relay}}`* に接続できません: {{error}}',
    noAnswer: '応答なし',
    paused: ':double_vertical_bar: *一時停止中* (新しいメールを 421 で拒否しています)',
    notAccepting: ':red_circle: *受け付けていません*: 許可リストが読み込まれていません',
    accepting: ':large_green_circle: メールを受け付けています',
    headline: '*`{{relay}}`* {{- state}} · 稼働 {{- uptime}}{{- version}}',
    version: ' · `v{{version}}`',
    queueLabel: 'キュー',
    messages_other: '{{count}} 通',
    oldest: '、最も古いもの {{- age}}前',
    acceptedLabel: '受け付け / 拒否',
    deliveredLabel: '配信 / 遅延 / 返送',
    allowlistLabel: '許可リスト',
    ranges_other: '{{count}} 個の範囲',
    from: ' ({{source}} から)',
    refreshed: '、更新 {{- at}}',
    refreshFailing: ':warning: 更新に失敗しています: {{error}}',
    certificateLabel: '証明書',
    certNotChecked: '未確認 (`GATEWAYS` または `GATEWAY_SMTP` でリレーの SMTP アドレスを指定してください)',
    certUnreadable: ':warning: 読み取れませんでした: {{error}}',
    certExpired: ':rotating_light: {{days}} 日前に期限切れ ({{- at}})',
    certExpires: 'あと {{days}} 日で期限切れ ({{- at}})',
    dkimLabel: 'リレー通過後の DKIM',
    dkimNone: '署名付きのメールはまだありません',
    dkimNotReported: '報告なし',
    dkimRate: '{{percent}}% 成功 ({{total}} 通中 {{pass}} 通)',
    noError: '記録されたエラーはありません',
    moreDestinations: '…ほか {{count}} 件の宛先',
    relayName: '*`{{relay}}`*',
    destination: '*{{destination}}*: {{- queue}}',
    homeLine: 'キュー: {{- queue}} · 配信 {{delivered}} · 遅延 {{deferred}} · 許可リスト {{- ranges}}',
  },
  usage: {
    relayNeedsName: '`--relay` にはリレー名が必要です (例: `--relay mx1`)',
    relayUnknownFlag: '「{{flag}}」というフラグはありません: ここで使えるフラグは `--relay NAME` だけです',
    relayWhat:
      'リレーに対して行う操作を指定してください: `status`、`queue`、`pause`、`resume`、`flush`、`reload`、`restart` のいずれかです',
    notRelayCommand:
      '「{{verb}}」はリレーのコマンドではありません: `status`、`queue`、`pause`、`resume`、`flush`、`reload`、`restart` のいずれかを指定してください',
    unknownRelay: '「{{name}}」という名前のリレーはありません: {{known}} のいずれかを指定してください',
    diagnoseOneArg: 'ルート名、ホスト、ドメインは 1 つまで指定できます',
    notOption:
      '「{{keyword}}」はオプションではありません: `tls`、`ca`、`hostname`、`mx` のいずれかを指定してください',
    onOrOff: '「{{value}}」には `on` か `off` を指定してください',
    notCount: '「{{text}}」は 1〜{{max}} の件数ではありません',
    unknownFlag: '「{{flag}}」というフラグはありません: ここで使えるフラグは `{{flags}}` です',
    noFlags: '「{{flag}}」というフラグはありません: このコマンドにはフラグがありません',
    missing: '引数が足りません',
    tooMany: '引数が多すぎます: 「{{extra}}」は不要です',
  },
  refusal: {
    moreUsers: 'ほか {{count}} 人',
    groupMembers: '<!subteam^{{group}}> のメンバー',
    nobody: 'まだいません',
    notViewer:
      '<@{{user}}> はゲートウェイを参照できません: 参照できるのは閲覧者、申請者、承認者 ({{who}}) だけです。管理者に `VIEWERS` または `VIEWER_GROUP` への追加を依頼してください',
    notApprover: '<@{{user}}> は `APPROVERS` にも `APPROVER_GROUP` にも含まれていません',
    notRequester:
      '<@{{user}}> は変更を提案できません: 管理者に `REQUESTERS` (または承認者) への追加を依頼してください',
    groupUnreadable:
      '`{{setting}}` {{group}} のメンバーを読み取れませんでした ({{code}}): `usergroups:read` スコープを確認するか、`{{list}}` に担当者を列挙してください',
    slackIdentity:
      'Slack から <@{{user}}> が誰かを取得できなかったため (`users.info`: {{code}})、Workspace 管理者の確認で拒否しました: ボットには `users:read` と `users:read.email` のスコープが必要です',
    noEmail:
      'Slack から <@{{user}}> のメールアドレスを取得できませんでした: ボットには `users:read.email` スコープが必要で、プロフィールにメールアドレスが必要です',
    notWorkspaceUser:
      '{{email}} (<@{{user}}> の Slack のメールアドレス) は Google Workspace ドメインのユーザーではありません。この操作は Workspace 管理者だけが行えます',
    suspended: '{{email}} は Google Workspace で停止されています',
    notAdmin:
      '{{email}} は Google Workspace の管理者ではありません (特権管理者でも委任管理者でもありません)。この操作は Workspace 管理者だけが行えます',
    adminCheckFailed:
      '{{email}} が Workspace 管理者かどうかを確認できなかったため、操作を拒否しました ({{failure}})',
    noChange: '変更 #{{id}} はありません',
    changeIs: '変更 #{{id}} はすでに「{{state}}」の状態です',
    changeIsBy: '変更 #{{id}} は <@{{user}}> によってすでに「{{state}}」の状態です',
    changeExpired:
      '変更 #{{id}} は決定されないまま期限切れになりました: <@{{user}}> に再度提案するよう依頼してください',
    notApproverOfChanges:
      '変更を承認または却下できるのは設定された承認者だけで、<@{{user}}> は承認者ではありません: 承認者に依頼してください',
    notApproverOfChangesBecause:
      '変更を承認または却下できるのは設定された承認者だけで、<@{{user}}> は承認者ではありません ({{why}}): 承認者に依頼してください',
    selfApproval:
      '変更 #{{id}} はあなたが提案したため、あなたは承認できません: 別の承認者が承認する必要があります',
    bounceNotAcknowledged:
      '変更 #{{id}} の TLS 事前チェックではメールのバウンスが予測されています: それでも承認する場合は「それでも承認」を使ってください',
    conflict: '変更 #{{id}} は現在の設定に合わなくなりました ({{problems}}): 却下して再度提案してください',
    busy: '変更 #{{id}} を 3 回試しても保存できませんでした: もう一度お試しください',
    changedMeanwhile: '変更 #{{id}} はその間に更新されました: もう一度確認してください',
    notApprovedYet: '変更 #{{id}} はまだ承認されていません',
    alreadyApplied: '変更 #{{id}} はすでに適用済みとして記録されています',
    cannotNow: '変更 #{{id}} は「{{state}}」の状態のため、今はその操作を行えません',
    noRelayAction: 'リレー操作 #{{id}} はありません',
    relayActionIs: 'リレー操作 #{{id}} ({{action}}) はすでに「{{state}}」の状態です',
    relayActionIsBy: 'リレー操作 #{{id}} ({{action}}) は <@{{user}}> によってすでに「{{state}}」の状態です',
    relayActionExpired:
      'リレー操作 #{{id}} ({{action}}) は期限切れになりました: <@{{user}}> に再度依頼してもらってください',
    notApproverOfRelayActions:
      'リレー操作を承認または却下できるのは設定された承認者だけで、<@{{user}}> は承認者ではありません: 承認者に依頼してください',
    relaySelfApproval:
      'リレー操作 #{{id}} ({{action}}) はあなたが依頼したため、あなたは承認できません: 別の承認者が承認する必要があります',
    relayActionChanged: 'リレー操作 #{{id}} はその間に更新されました: もう一度確認してください',
    noRelayConfigured:
      'リレーが設定されていません: `GATEWAY_CONTROL_URL` または `GATEWAYS` を設定してください',
  },
  troubleshoot: {
    routing: `管理コンソールの [${L.apps}] > [${L.googleWorkspace}] > [${L.gmail}] > [${L.advancedSettings}] > [${L.routing}] で、最上位の組織のルーティング設定が [${L.messagesToAffect}] の [${L.outbound}] を対象にし、[${L.modifyMessage}] の [${L.changeRoute}] でルート \`{{route}}\` を選んでいることを確認してください。`,
    route:
      'ルート `{{route}}` の宛先が {{host}}:{{port}} であることを確認し、`/gateway test-tls {{route}}` を実行してください。Google が証明書を検証できないと、メールは届かずに返送されます。',
    routeUnknown:
      'ルート `{{route}}` はボットの設定にありません。管理コンソールでこのルートの宛先を確認し、そのホストに対して `/gateway test-tls HOST` を実行してください。',
    legacyGateway: `以前からある [${L.outboundGateway}] の設定が空であることを確認してください。ルーティング設定と併用すると、どちらが適用されるか予測できません。`,
    relay:
      'リレーの状態 (`/gateway relay status`) で、Google のアドレス範囲からの接続が拒否されていないこと、一時停止していないことを確認してください。',
    emailLogSearch:
      'メールログ検索でプローブ (件名にトークンが含まれます) を検索し、Gmail がどこへ送ったかを確認してください。',
    probeRecipient:
      '`PROBE_RECIPIENT` がドメイン外のアドレスであることを確認してください。ドメイン内のメールは送信ルートを通りません。',
  },
  googleFailure: {
    api: {
      audit: 'Admin SDK Reports API (監査ログ)',
      directory: 'Admin SDK Directory API (users.get)',
      probe: 'Gmail API (users.messages.send)',
      policies: 'Cloud Identity Policy API (policies.list)',
    },
    purpose: {
      audit: '承認したルート変更が行われたことを管理コンソールの監査ログで確認するため',
      directory: 'Slack のユーザーが Workspace の管理者であることを確認するため (`REQUIRE_GOOGLE_ADMIN`)',
      probe: 'プローブ用メールボックスからプローブを送り、ルートがメールを運ぶことを確かめるため',
      policies: `Gmail の設定 [${L.perUserGateways}] を読むため (ユーザー自身の SMTP サーバー経由のメールはゲートウェイを通りません)`,
    },
    needs: {
      audit: 'レポートの管理者権限',
      directory: 'ユーザー情報を読む管理者権限',
      probe: 'Gmail のライセンス (ドメインの実在のメールボックスである必要があります)',
      policies: 'Gmail の設定を読める管理者ロール',
    },
    line: '{{summary}} {{check}}',
    said: ' Google の応答: 「{{message}}」',
    timeout: '{{api}} から時間内に応答がありませんでした。',
    timeoutCheck:
      'Google までのネットワーク経路 (プロキシ、ファイアウォール、DNS) と、設定している場合は `GOOGLE_API_URL` を確認してください。ボットは後で再試行します。',
    unreachable: '{{api}} に接続できませんでした{{code}}。',
    code: ' ({{code}})',
    unreachableCheck:
      'DNS と `googleapis.com` (設定している場合は `GOOGLE_API_URL`) への HTTPS 接続を確認してください。ボットは後で再試行します。',
    grant: `管理コンソールの [${L.security}] > [${L.accessDataControl}] > [${L.apiControls}] > [${L.domainWideDelegation}] で、クライアント ID {{clientId}} にスコープ {{scope}} を付与してください。`,
    unauthorizedClient:
      'Google は {{subject}} として {{api}} を使うトークンを発行しませんでした: サービス アカウントにスコープが付与されていません (`unauthorized_client`)。',
    badSubject: 'Google は {{api}} で {{subject}} として動作することを拒否しました: {{description}}。',
    badSubjectCheck: '{{subject}} が Workspace ドメインの有効なユーザーであることを確認してください。',
    signIn: 'Google は {{api}} のためのサービス アカウントのログインを拒否しました ({{error}})。',
    signInCheck:
      '`GOOGLE_SERVICE_ACCOUNT_FILE` の鍵が削除または無効化されていないこと、サービス アカウントが存在すること、このマシンの時刻が正しいことを確認してください。',
    quota: '{{api}} の割り当て上限を超えました (HTTP {{status}})。{{said}}',
    quotaCheck:
      'ボットは間隔を空けて再試行します。続く場合は Google Cloud プロジェクトの API の割り当てを確認してください。',
    scopeMissing:
      '{{api}} は {{subject}} としての呼び出しを拒否しました: トークンにスコープ {{scope}} がありません。',
    disabled: '{{api}} がサービス アカウントの Google Cloud プロジェクトで有効になっていません。{{said}}',
    disabledCheck:
      'そのプロジェクトで {{product}} を有効にしてください (Google Cloud コンソール > API とサービス)。',
    credentials: '{{api}} はサービス アカウントの認証情報を受け付けませんでした (HTTP 401)。{{said}}',
    credentialsCheck:
      '`GOOGLE_SERVICE_ACCOUNT_FILE` の鍵が最新で削除されていないこと、サービス アカウントが有効であることを確認してください。',
    permission: '{{api}} は {{subject}} としての呼び出しを拒否しました (HTTP 403)。{{said}}',
    permissionCheck: '{{subject}} に{{needs}}があることを確認してください。',
    notFound: '{{api}} で見つかりませんでした (HTTP 404)。{{said}}',
    notFoundCheck: '指定したユーザーまたはアドレスを確認してください。',
    unavailable: '{{api}} が Google 側で失敗しました (HTTP {{status}})。{{said}}',
    unavailableCheck:
      '通常は一時的なもので、ボットは後で再試行します。続く場合は Google Workspace ステータス ダッシュボードを確認してください。',
    refused: '{{api}} は呼び出しを拒否しました (HTTP {{status}})。{{said}}',
    refusedCheck:
      'ボットの Google の設定 (`GOOGLE_ADMIN_SUBJECT`、`GOOGLE_PROBE_SENDER`、`PROBE_RECIPIENT`) を確認してください。',
  },
  setupCheck: {
    works: '{{what}} (スコープ {{scope}}: {{purpose}})',
    auditReads: '{{subject}} として監査ログを読めます',
    directoryNotFound: '動作しますが、{{subject}} が見つかりませんでした',
    directoryAdmin: '{{subject}} としてユーザー情報を読めます (管理者です)',
    directoryNotAdmin: '{{subject}} としてユーザー情報を読めます (管理者ではありません)',
    probeSends: '{{sender}} として送信できます',
    noSubjectAudit: '`GOOGLE_ADMIN_SUBJECT` が設定されていません: 変更を監査ログで確認できません。',
    noSubjectDirectory:
      '`GOOGLE_ADMIN_SUBJECT` が設定されていません: `REQUIRE_GOOGLE_ADMIN` を適用できません。',
    noSubjectPolicies:
      '`GOOGLE_ADMIN_SUBJECT` が設定されていません: ユーザーごとの送信ゲートウェイの設定を読めません。',
    noSender: '`GOOGLE_PROBE_SENDER` が設定されていません: プローブでルートの稼働を確かめられません。',
    noRecipient:
      '設定されていません: ゲートウェイのルートがメールを運ぶ、ドメイン外のアドレスを指定してください。',
    recipientInside:
      '{{recipient}} はプローブ送信者と同じドメインです: ドメイン内のメールは送信ルートを通りません。ドメイン外のアドレスを使ってください。',
    recipientOk: 'プローブの宛先は {{recipient}} です',
    perUserOff_other: `[${L.perUserGateways}] はすべての組織でオフです ({{subject}} として {{count}} 件のポリシーを読みました)`,
    perUserOn: `[${L.perUserGateways}] が {{units}} でオンです: そのユーザーは自分の SMTP サーバー経由で送信でき、そのメールはゲートウェイを通りません (アーカイブもスキャンもされません)。管理コンソールの [${L.apps}] > [${L.googleWorkspace}] > [${L.gmail}] > [${L.endUserAccess}] でオフにしてください。`,
  },
  timeline: {
    hoursMinutes: '{{h}} 時間 {{m}} 分',
    minutes: '{{m}} 分',
    proposedBy: '{{who}} が提案',
    closed: '{{state}}',
    closedBy: '{{who}} により{{state}}',
    approved: '承認済み',
    approvedBy: '{{who}} が承認',
    confirmed: '監査ログで確認: `{{event}}`{{setting}}{{actor}}{{value}}',
    setting: ' `{{setting}}`',
    actor: ' (実行者: {{actor}})',
    value: ' ({{value}})',
    unverified: '適用済み (未確認): 完了の報告あり、監査ログのイベントはまだありません',
    unverifiedBy: '適用済み (未確認): {{who}} が完了を報告、監査ログのイベントはまだありません',
    waitingAudit: '管理コンソールの監査ログで変更を待っています',
    probeSeen: 'プローブ `{{token}}` がリレーに到着 (送信元 {{ip}}、{{tls}}{{dkim}})',
    tls: 'TLS {{protocol}}',
    noTls: 'TLS なし',
    dkim: '、DKIM {{result}}',
    probeNotSent: 'プローブ `{{token}}` を送信できませんでした: {{error}}',
    probeWaiting: 'プローブ `{{token}}` を送信、まだ届いていません',
    live: '稼働中: Gmail がプローブ `{{token}}` をゲートウェイ経由で配信しました',
    stalled: '停滞: 変更から 24 時間以内にプローブがリレーに届きませんでした',
    propagating: '反映中: 最長 24 時間のうち {{elapsed}} が経過',
  },
  relayClient: {
    failed: 'リレー「{{relay}}」: `{{operation}}` に失敗しました: {{problem}}',
    unreachable:
      '{{url}} に接続できません{{code}}: リレーが動いていること、設定の `control.host`/`control.port` がこの URL と一致していることを確認してください',
    code: ' ({{code}})',
    timeout:
      '{{url}} から {{ms}} ミリ秒以内に応答がありません: リレーのプロセスが動いていて過負荷でないこと (ログ、CPU、ディスク) を確認してください',
    unauthorized:
      'リレーがトークンを拒否しました (HTTP {{status}}): このリレー用のボットのトークンが、リレーの設定の `control.token` と同じであることを確認してください',
    http: 'リレーが HTTP {{status}} を返しました{{reason}}: このリクエストについてリレーのログを確認してください',
    reason: ' ({{reason}})',
    notJson:
      '応答が JSON ではありません: {{url}} が別のサービスではなく、このリレーの制御 API であることを確認してください',
    badShape:
      '応答の形式が想定と異なります ({{issues}}): リレーとボットが同じバージョンであることを確認してください',
  },
  relayProbes: {
    unreachable:
      '{{origin}} のリレーの制御 API に接続できませんでした: `GATEWAY_CONTROL_URL` と、リレーが動いていることを確認してください',
    timedOut:
      '{{origin}} のリレーの制御 API がタイムアウトしました: `GATEWAY_CONTROL_URL` と、リレーが動いていることを確認してください',
    token:
      'リレーが制御トークンを拒否しました: `GATEWAY_CONTROL_TOKEN` が `control.token` と一致するか確認してください',
    http: 'リレーが `{{path}}` に HTTP {{status}} を返しました: リレーのログを確認してください',
    shape:
      '`{{path}}` へのリレーの応答がプローブの照会結果ではありません: バージョンが異なる可能性があります',
  },
  tracker: {
    auditUnread: '変更 #{{id}} の監査ログを読めませんでした。{{failure}}',
    probeNotSent: 'プローブを送信できませんでした。{{failure}}',
    noProbes: 'プローブが設定されていません: `GOOGLE_PROBE_SENDER` と `PROBE_RECIPIENT` を設定してください',
    relayUnasked: 'プローブ `{{token}}` についてリレーに問い合わせできませんでした: {{error}}',
  },
} as const;
