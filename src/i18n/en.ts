// English: every sentence the bot shows in Slack. Parameters are named ({{name}}); values are escaped
// for mrkdwn unless written {{- name}} (only for markup the bot itself builds: dates, mentions).
// Admin console labels come from the glossary (L), so a label changes in one place.
import { glossaryLabels } from './glossary.ts';

const L = glossaryLabels('en');

export const en = {
  label: L,
  // The TLS connection test (src/tls): the CLI's report and the Slack pre-flight. Codes and facts
  // come from src/tls; nested messages are written {{- name}} (they are rendered already).
  tls: {
    join: { names: ', ', reasons: '; ', none: 'no names' },
    verdict: { deliver: 'deliver', bounce: 'bounce' },
    option: {
      requireTls: L.requireTls,
      requireCaSigned: L.requireCaSigned,
      validateHostname: L.validateHostname,
    },
    summary: {
      where: '{{host}} port {{port}}',
      whereMx: '{{host}} port {{port}} (MX lookup)',
      bounce: 'Mail to {{- where}} would bounce: {{- because}}.',
      bounceMore_one: 'Mail to {{- where}} would bounce: {{- because}} (and {{count}} more).',
      bounceMore_other: 'Mail to {{- where}} would bounce: {{- because}} (and {{count}} more).',
      certificate: `{{- summary}} Google's "${L.testTls}" would show "${L.certNotVerified}".`,
      at: '{{target}}: {{- reason}}',
      optionOn: '{{- reason}} ("{{- option}}" is on)',
      noTarget: 'no target accepts the mail',
      deliver: 'Mail to {{- where}} would be delivered {{- how}}.',
      deliverSome:
        'Mail to {{- where}} would be delivered {{- how}} ({{passing}} of {{total}} targets pass).',
      plain: 'without encryption',
      rightName: 'over TLS with a publicly trusted certificate for the right name',
      caSigned: 'over TLS with a publicly trusted certificate',
      tls: 'over TLS',
    },
    waiting: {
      resolve: 'the DNS answer',
      connect: 'the TCP connection',
      banner: 'the greeting (220 banner)',
      ehlo: 'the answer to EHLO',
      starttls: 'the answer to STARTTLS',
      handshake: 'the TLS handshake',
    },
    failure: {
      refused: '{{where}} refused the connection: nothing listens on port {{port}}',
      closed: '{{where}} closed the connection',
      network: '{{where}}: {{detail}}',
      timeout: 'no answer within {{ms}} ms while waiting for {{- waiting}}',
      bannerRejected: 'the server greeted with {{reply}} instead of 220',
      ehloRejected: 'the server answered EHLO with {{reply}}',
      starttlsNotOffered: 'the server does not offer STARTTLS in its EHLO answer',
      starttlsRefused: 'the server answered STARTTLS with {{reply}}',
      handshake: 'the TLS handshake failed: {{detail}}',
      handshakeClosed: 'the TLS handshake failed: the server closed the connection during the handshake',
      unreadableCertificate: "the server's certificate could not be read ({{detail}})",
      other: 'the conversation failed: {{detail}}',
    },
    problem: {
      noCertificate: 'the server sent no certificate',
      selfSigned:
        'the server certificate ({{subject}}) is self-signed: no certificate authority vouches for it',
      untrustedRoot: 'the chain ends at the root {{subject}}, which is not a trusted root',
      missingIntermediate:
        'the server sent its certificate without the intermediate certificate(s): its issuer {{issuer}} was not sent and is not a trusted root',
      unknownIssuer: 'the issuer {{issuer}} of {{subject}} is not a trusted certificate authority',
      tooLong: 'the chain is longer than {{max}} certificates without reaching a trusted root',
      expiredLeaf: 'the server certificate ({{subject}}) expired on {{date}}',
      expiredCa: 'the CA certificate {{subject}} expired on {{date}}',
      notYetValidLeaf: 'the server certificate ({{subject}}) is not valid before {{date}}',
      notYetValidCa: 'the CA certificate {{subject}} is not valid before {{date}}',
      nameMismatch: 'the certificate is not valid for {{name}}: it carries {{names}}',
    },
    cause: {
      tlsRequired: 'TLS is required but {{- reason}}',
      noTls: 'no TLS session was established',
      noCertificate: 'the server presented no certificate',
      notCaSigned: 'the certificate does not verify against the public roots Google trusts: {{- reasons}}',
      notCaSignedExtraCa:
        'the certificate does not verify against the public roots Google trusts: {{- reasons}}. It does verify against the extra CA you gave ({{anchor}}), but Google trusts only public CAs, so for Google it is not CA-signed',
      notCaSignedNotExtraCa:
        'the certificate does not verify against the public roots Google trusts: {{- reasons}}. It does not verify against the extra CA you gave either',
      noAddress: 'the route has no address to send to',
    },
    headline: {
      selfSigned: 'the certificate is self-signed',
      unknownIssuer: 'the certificate is not from a publicly trusted CA',
      missingIntermediate: 'the server does not send the intermediate certificate',
      expired: 'the certificate has expired',
      notYetValid: 'the certificate is not valid yet',
      onlyExtraCa: '{{- reason}} (it verifies only against the extra CA)',
      wrongName: 'the certificate is not for {{name}} (it carries {{names}})',
    },
    dns: {
      notFound: '{{name}} does not exist (NXDOMAIN)',
      servfail: '{{name}} could not be resolved: the DNS server answered SERVFAIL',
      refused: '{{name}} could not be resolved: the DNS server refused the query',
      timeout: '{{name}} could not be resolved: the DNS server did not answer in time',
      connRefused: '{{name}} could not be resolved: the DNS server refused the connection',
      other: '{{name}} could not be resolved ({{detail}})',
      noAddress: '{{name}} has no A or AAAA record',
      noMx: '{{name}} has no MX record',
      nullMx: '{{name}} publishes a null MX (RFC 7505): it takes no mail',
      noMxAddress: 'no MX host of {{name}} has an address: {{- reasons}}',
    },
    warning: {
      refuses: '{{target}} would refuse the mail ({{- reasons}}); Gmail falls back to the other targets',
      plaintext: 'mail to {{target}} would travel unencrypted: {{- reason}}',
      noTls: 'no TLS',
      mxNoAddress: 'MX host {{host}} (preference {{preference}}) has no address and was skipped',
    },
    consequence: {
      requireTls:
        'Gmail then sends in plain text whenever TLS fails, so anyone on the path can read the mail (and the CA and host name checks stop too)',
      requireCaSigned:
        'Gmail then accepts any certificate, including one an attacker presents: the connection is encrypted but the gateway is not authenticated (the host name check stops too)',
      validateHostname:
        'Gmail then accepts a publicly trusted certificate issued for any name, so a different server with a valid certificate could receive the mail',
      ifOff: '{{- option}} off: {{- consequence}}',
    },
    remedy: {
      publishMx:
        "Publish MX records for {{host}} whose hosts have A/AAAA records, or turn MX lookup off and give the gateway's own host name.",
      publishAddress: 'Publish an A or AAAA record for {{host}}, or correct the host name in the route.',
      mxToCertificateName:
        'Make the MX record of {{host}} point to a name on the certificate of {{mxHost}} (it carries {{names}}), or turn MX lookup off and route to one of those names.',
      certificateName:
        'Route to a host name that is on the certificate: it carries {{names}}, the route uses {{name}}.',
      publicCa: 'Install on {{name}} a certificate from a publicly trusted CA that names {{name}}.',
      publicCaPrivateIssuer:
        'Install on {{name}} a certificate from a publicly trusted CA that names {{name}} (its issuer {{anchor}} is trusted by you, not by Google).',
      intermediate:
        'Configure {{name}} to send the intermediate certificate(s) after its own (the "full chain" file): the certificate of {{issuer}} is missing.',
      renew: 'Renew the certificate of {{name}} (it expired on {{date}}) and install the new one.',
      notYetValid:
        'The certificate of {{name}} is not valid before {{date}}: install one valid now, and check the clocks of the server and of the CA that issued it.',
      openPort:
        "Open port {{port}} of {{address}} to Google's mail servers (the ranges in the TXT record of {{spf}}) and make sure a mail server answers there.",
      checkTls: 'Check the TLS set-up of {{target}}: {{- reason}}.',
      allowGoogle:
        "{{target}} turns the connection away ({{reply}}): allow Google's mail servers (the ranges in the TXT record of {{spf}}) to connect.",
      acceptEhlo: "{{target}} rejects EHLO: let it accept EHLO from Google's mail servers.",
      turnOnStarttls:
        'Turn on STARTTLS on {{target}}, with a certificate, so that it offers STARTTLS after EHLO.',
      starttlsRefused:
        '{{target}} offers STARTTLS but refuses it ({{reply}}): check its certificate and key settings.',
      handshake:
        'Let {{target}} complete a TLS 1.2 or 1.3 handshake with current cipher suites ({{- reason}}).',
      provider:
        'If {{host}} is run by a relay provider, send them this report: the fix belongs on their server.',
      lastResort:
        'Last resort: turn off "{{- option}}". Mail would then be delivered, but {{- consequence}}.',
    },
    input: {
      mxNeedsName:
        'MX lookup needs a domain name, but the host is the IP address {{host}}: turn MX lookup off or give the domain name',
      timeoutRange: 'timeout {{value}} ms is out of range: give whole milliseconds from 1 to {{max}}',
      dnsServer:
        'DNS server "{{value}}" is not an IP address or IP:PORT: give e.g. 192.0.2.53 or 127.0.0.1:5353',
      noPem: '{{source}} holds no "-----BEGIN CERTIFICATE-----" block: give a PEM file of CA certificates',
      badPem: 'certificate {{index}} in {{source}} does not parse ({{detail}}): give PEM certificates',
      extraCa: 'extra CA {{index}}',
      target: '{{- problem}}',
      noHost: 'no HOST given: give the route host name or IP address to test',
      manyHosts: 'more than one HOST given ({{hosts}}): test one route host at a time',
      timeoutFlag: '--timeout "{{value}}" is not valid: give whole milliseconds from 1 to {{max}}',
      dnsFlag:
        '--dns "{{value}}" is not an IP address or IP:PORT: give e.g. 192.0.2.53, 127.0.0.1:5353 or [::1]:5353',
      caNoPem:
        '--ca "{{file}}" holds no PEM certificate: give a file with "-----BEGIN CERTIFICATE-----" blocks',
      caUnreadable: '--ca "{{file}}" cannot be read ({{detail}}): give the path of a PEM file',
      lang: '--lang "{{value}}" is not a language of this test: give --lang ja or --lang en',
      arguments: '{{detail}}',
      testFailed: 'the test itself failed: {{detail}}',
    },
    usage: `usage: npm run tls-test -- HOST [--port N] [--mx] [--no-tls] [--no-ca] [--no-hostname]
                         [--ca FILE]... [--dns IP[:PORT]]... [--timeout MS] [--lang ja|en] [--json]
  HOST            the route's host name or IP address (HOST:PORT and [IPv6]:PORT work too)
  --port N        25 (default), 587 or 1024-65535; Google does not allow 465
  --mx            "${L.mxLookup}": test every MX host of HOST
  --no-tls        "${L.requireTls}" off (the CA and host name checks go with it)
  --no-ca         "${L.requireCaSigned}" off (the host name check goes with it)
  --no-hostname   "${L.validateHostname}" off
  --ca FILE       extra trusted CA certificates (PEM), e.g. a lab's private root; repeatable
  --dns IP[:PORT] DNS server to resolve with instead of the system's; repeatable
  --timeout MS    time limit per target, 1-{{max}} ms (default 10000)
  --lang ja|en    the language of the report (default: LC_ALL, LC_MESSAGES or LANG; ja_JP.UTF-8 is ja)
  --json          print the result as JSON (codes and facts, plus the text in the chosen language)
exit status: 0 mail would be delivered, 1 it would bounce, 2 bad input, 3 the test itself failed`,
    text: {
      deliver: 'DELIVER',
      bounce: 'BOUNCE',
      headline: '{{verdict}}: {{- summary}}',
      on: 'on',
      off: 'off',
      route:
        'Route: {{host}} port {{port}}; MX lookup {{mx}}; TLS {{tls}}; CA-signed {{ca}}; host name {{hostname}}',
      routeExtraCa:
        'Route: {{host}} port {{port}}; MX lookup {{mx}}; TLS {{tls}}; CA-signed {{ca}}; host name {{hostname}}; extra CA given',
      testedAt: 'Tested at {{at}} in {{ms}} ms',
      causes: 'Why it would bounce:',
      connection: 'connection',
      warnings: 'Warnings:',
      remedies: 'What to do (in this order):',
      options: 'Each option and the verdict:',
      optionVerdicts: 'on: {{on}}, off: {{off}}',
      noEffect: ' (no effect: an option above it is off)',
      mxHosts: 'MX hosts:',
      noAddress: '(no address)',
      targets: 'Targets:',
      unencrypted: ' (unencrypted)',
      mxHost: 'MX host',
      mxHostValue: '{{host}} (preference {{preference}})',
      connect: 'connect',
      banner: 'banner',
      ehlo: 'EHLO',
      starttls: 'STARTTLS',
      offered: 'offered',
      notOffered: 'not offered',
      answered: ', answered {{reply}}',
      tlsRow: 'TLS',
      failed: 'failed',
      failedValue: 'at {{- stage}}: {{- reason}}',
      certificates: 'certificates (leaf first, as sent)',
      selfSigned: ' (self-signed)',
      issuer: 'issuer',
      names: 'names',
      valid: 'valid',
      publicRoots: 'public roots',
      extraCa: 'extra CA',
      verified: 'verified (root {{anchor}})',
      notVerified: 'NOT verified: {{- reasons}}',
      hostName: 'host name',
      nameOk: '{{name}} is on the certificate',
      nameNo: 'NO: {{- reason}}',
      expiresIn: 'expires in',
      days_one: '{{count}} day',
      days_other: '{{count}} days',
      total: 'total',
    },
    preflight: {
      couldNotRun: 'the TLS test could not run: {{detail}}',
      retry: 'run `/gateway test-tls` again; if it keeps failing, check that the bot can reach the host',
      titleRoute: 'TLS test of route {{name}} ({{host}}:{{port}})',
      titleHost: 'TLS test of {{host}}:{{port}}',
      fallback: '{{- title}}: {{verdict}}',
      error: 'error',
    },
  },
  command: {
    unknown: 'Unknown subcommand "{{name}}". Type `/gateway help` to see every command with examples.',
    usage: '{{problem}}.\nUsage: `/gateway {{usage}}`',
    failed: 'Something went wrong while handling that command; it was logged. Try again in a moment.',
    // The authorizer's own words (they may name approvers by mention), not outside text.
    forbidden: 'You cannot do that: {{- reason}}.',
    privateTarget: 'Not done: {{reason}}.',
    forbiddenPropose: 'You cannot propose changes: {{reason}}',
    invalid: 'That change was not proposed:',
  },
  help: {
    title: 'Outbound gateway commands',
    intro:
      'Every change is a proposal: a second admin approves it in the approvals channel, then applies it in the Google Admin console with the steps the bot gives.',
  },
  summary: {
    help: 'this list',
    addRoute:
      "propose a new route (without arguments: a form). Google's defaults: TLS, CA and host-name checks on",
    set: 'propose turning one option of a route on or off',
    removeRoute: 'propose deleting a route (not while the routing setting uses it)',
    useRoute: 'propose the routing setting: outbound mail, modify message, change route to NAME',
    routes: 'the routes and the routing setting as they should be in the Admin console',
    route: 'one route in detail, with its pending proposals and history',
    approvals: 'proposals waiting for approval',
    audit: 'the last N steps of the audit trail (default 10, at most {{max}})',
    testTls: `Google's "${L.testTls}" for a route or any host, run by the bot`,
    status: 'recent changes on their timeline: approved, applied (audit log), the 24-hour window, probes',
    probe: 'send a probe message through Gmail to prove the route live, or check whether probe TOKEN arrived',
    googleCheck: 'check the Google Workspace setup (service account, delegated scopes, admin, probe mailbox)',
    relay:
      'the relay: health, queue, pause/resume, flush, reload, restart (control actions need an approval)',
    diagnose: 'check a route end to end (TLS, DNS, relays, refusals, deferrals, DKIM, SPF, propagation)',
    example: 'e.g.',
  },
  change: {
    addRoute: 'add route {{name}} ({{host}}:{{port}})',
    setOptionOn: 'set {{option}} on on route {{name}}',
    setOptionOff: 'set {{option}} off on route {{name}}',
    removeRoute: 'remove route {{name}}',
    useRoute: 'route outbound mail through {{route}}',
    useRouteTls: 'route outbound mail through {{route}} (onward TLS)',
  },
  proposal: {
    proposedTitle: 'Change #{{id}}: {{what}}',
    proposedBy: 'Proposed by <@{{user}}> {{- at}}',
    reason: 'Reason: {{reason}}',
    diffTitle: '*Change against the desired state*',
    noPreflight: 'No TLS pre-flight: this change does not send mail to a new place.',
    expires: 'Expires {{- at}} unless approved or rejected.',
    approve: 'Approve',
    approveAnyway: 'Approve anyway',
    reject: 'Reject',
    confirmTitle: 'Approve despite the TLS warning?',
    confirmText:
      "The TLS pre-flight predicts that Google will bounce the organisation's outbound mail on this route. Approve anyway?",
    confirmYes: 'Approve anyway',
    confirmNo: 'Cancel',
    state: {
      proposed: 'Waiting for approval',
      approved: 'Approved: waiting for the Admin console steps',
      rejected: 'Rejected',
      expired: 'Expired',
      applied: 'Applied in the Admin console',
      live: 'Live: mail is flowing through the route',
      stalled: 'Stalled: no probe seen within 24 hours',
    },
    appliedUnverified:
      "Marked done in the Admin console; not yet confirmed by Google's audit log (the bot keeps checking)",
    approvedBy: '*Approved* by <@{{user}}> {{- at}}',
    approvedAnywayBy: '*Approved* by <@{{user}}> {{- at}} — *approved anyway* despite the TLS warning',
    rejectedBy: '*Rejected* by <@{{user}}> {{- at}}',
    expiredAt: '*Expired* {{- at}} without a decision. Propose it again if it is still needed.',
    appliedVerified: '*Applied* {{- at}}: confirmed by the Admin console audit log.',
    appliedBy: '*Applied (unverified)* {{- at}}: <@{{user}}> marked the console steps done.',
    liveAt: '*Live* since {{- at}}.',
    stalledAt: '*Stalled* {{- at}}: no probe message came through the route.',
    requesterReply: 'Proposed change #{{id}}; it waits for approval in <#{{channel}}>.',
    postFailed:
      'Change #{{id}} is stored, but posting it to <#{{channel}}> failed ({{error}}): invite the bot to that channel, then ask an approver to use `/gateway approvals`.',
  },
  preflight: {
    deliver: ':white_check_mark: *TLS pre-flight: mail would be delivered.* {{summary}}',
    bounce: ':rotating_light: *TLS pre-flight: Google would bounce outbound mail on this route.* {{summary}}',
    error: ':warning: *TLS pre-flight could not run.* {{summary}}',
    causes: 'Why',
    remedies: 'What to do',
    connection: 'Connection',
  },
  decision: {
    // The change service's own words (they may carry mentions), not outside text.
    refused: 'Not done: {{- message}}.',
  },
  consoleSteps: {
    title: 'Admin console steps for change #{{id}}',
    intro:
      'You approved change #{{id}} ({{what}}). Google has no API for mail routes, so make the change by hand:',
    open: `In the Google Admin console, open *${L.apps} > ${L.googleWorkspace} > ${L.gmail} > ${L.advancedSettings}*.`,
    openHosts: `Click *${L.hosts}*.`,
    addRoute: `Click *${L.addRoute}*.`,
    name: `*${L.name}*: \`{{name}}\``,
    singleHost: `*Specify email route*: single host \`{{host}}\`, port \`{{port}}\` (*${L.hostOrIp}*)`,
    optionOn: 'Tick *{{label}}*',
    optionOff: 'Untick *{{label}}*',
    testTlsPass: `Click *${L.testTls}*. The bot's own pre-flight said: the test should pass.`,
    testTlsFail: `Click *${L.testTls}*. The bot's own pre-flight said: the test is expected to fail (“${L.certNotVerified}”); the route saves anyway, but mail will bounce.`,
    testTlsUnknown: `Click *${L.testTls}*. The bot's own pre-flight gave no result (the test could not run).`,
    save: `Click *${L.save}*.`,
    editRoute: `Point at the route \`{{name}}\` and click *${L.edit}*.`,
    deleteRoute: `Point at the route \`{{name}}\` and click *${L.delete}*, then confirm.`,
    routingOpen: `Click *${L.generalSettings}*; under *${L.organizations}*, select the top-level organisation.`,
    routingSetting: `Scroll to the *${L.routing}* setting in the *${L.routing}* section and click *${L.configure}* (or *${L.edit}* on the existing gateway rule, or *${L.addAnother}*).`,
    routingDescription: 'Description: `Outbound gateway via {{route}}`',
    routingAffects: `Under *${L.messagesToAffect}*, tick *${L.outbound}*.`,
    routingAction: `Under *${L.forTheseMessages}*, choose *${L.modifyMessage}*.`,
    routingRoute: `Under *${L.route}*, tick *${L.changeRoute}* and choose \`{{route}}\`.`,
    routingTlsOn: `Under *${L.encryptionOnward}*, tick *${L.requireTls}*.`,
    routingTlsOff: `Under *${L.encryptionOnward}*, leave *${L.requireTls}* unticked.`,
    routingHeader:
      "Under *Headers*, tick *Add custom headers*, click *Add* and enter the key `{{name}}` with the value of the relay's `tenant.header` secret (from its configuration; the bot never shows it). The relay refuses mail without it.",
    routingSave: `Click *${L.addSetting}* (or *${L.save}*) in the dialog, then *${L.save}* at the bottom of the *${L.advancedSettings}* page.`,
    propagation:
      'Google can take up to 24 hours to apply the change everywhere; it shows in the Admin console audit log. Press the button once you have saved it.',
    done: 'Done in the console',
    doneBy:
      "<@{{user}}> marked these steps done {{- at}}: recorded as applied (unverified) until Google's audit log confirms it.",
  },
  routes: {
    none: 'No routes yet. Add one with `/gateway add-route`.',
    title: 'Routes (desired state)',
    count_one: '{{count}} route',
    count_other: '{{count}} routes',
    routing: '*Routing setting*: outbound mail goes through `{{route}}`.',
    routingTls: '*Routing setting*: outbound mail goes through `{{route}}` (onward delivery requires TLS).',
    noRouting: '*Routing setting*: none: outbound mail is not sent through a gateway.',
    pending_one: '{{count}} proposal waiting for approval: `/gateway approvals`.',
    pending_other: '{{count}} proposals waiting for approval: `/gateway approvals`.',
    inUse: 'used by the routing setting',
    routeTitle: 'Route {{name}}',
    routeText: 'Route {{name}}: {{host}}:{{port}}',
    host: 'Host',
    port: 'Port',
    on: 'on',
    off: 'off',
    pendingTitle: '*Pending*',
  },
  approvals: {
    none: 'No proposals are waiting for approval.',
    title: 'Waiting for approval',
    line: '*#{{id}}* {{what}} — proposed by <@{{user}}>, expires {{- at}}',
  },
  audit: {
    none: 'The audit trail is empty.',
    title: 'Audit trail (last {{count}})',
    line: '{{- at}} {{change}}*{{action}}*{{move}} by {{- actor}}{{what}}{{why}}',
    bot: 'the bot',
    newState: 'new',
    action: {
      proposed: 'proposed',
      approved: 'approved',
      approvedAnyway: 'approved anyway',
      rejected: 'rejected',
      expired: 'expired',
      applied: 'applied',
      live: 'live',
      stalled: 'stalled',
    },
    state: {
      proposed: 'proposed',
      approved: 'approved',
      rejected: 'rejected',
      expired: 'expired',
      applied: 'applied',
      appliedUnverified: 'applied (unverified)',
      live: 'live',
      stalled: 'stalled',
    },
  },
  modal: {
    title: 'Add a route',
    submit: 'Propose',
    cancel: 'Cancel',
    name: 'Route name',
    namePlaceholder: 'gateway-1',
    host: 'Host name or IP address',
    hostPlaceholder: 'smtp.gateway.example.com',
    port: 'Port',
    portHint: '25, 587 or 1024-65535 (465 is not allowed)',
    options: 'Options',
    optionsHint: "Google's defaults: the three TLS checks on, MX lookup off.",
    reason: 'Why',
  },
  home: {
    title: 'Outbound gateway',
    hint: 'Use `/gateway help` in any channel.',
  },
  status: {
    none: 'No approved or proposed changes yet.',
    noneFor: 'No changes about route `{{route}}`.',
    title: 'Recent changes',
    titleFor: 'Changes to route {{route}}',
    state: {
      proposed: ':hourglass: waiting for approval',
      rejected: ':x: rejected',
      expired: ':wastebasket: expired',
      approved: ':clipboard: approved, waiting for the change in the Admin console',
      applied: ':arrows_counterclockwise: applied, propagating',
      live: ':white_check_mark: live',
      stalled: ':warning: stalled',
    },
    unverified: ' (unverified: no audit-log event yet)',
    troubleshooting: '*What to check*',
    window: '24-hour window: {{elapsed}} elapsed, ends {{- at}}',
  },
  probe: {
    sent: 'Probe `{{token}}` sent through Gmail. It proves the route once the relay sees it; check with `/gateway probe {{token}}` or `/gateway status`.',
    sentFor:
      'Probe `{{token}}` sent through Gmail for change #{{change}}. It proves the route once the relay sees it; check with `/gateway probe {{token}}` or `/gateway status`.',
    notSent: 'No probe was sent: {{reason}}',
    seen: ':white_check_mark: Probe `{{token}}` reached the relay: from {{ip}} at {{- at}}, {{tls}}{{dkim}}.',
    noTls: 'no TLS',
    notSeen:
      'Probe `{{token}}` has not reached the relay yet. Gmail may take a while, and a new route up to 24 hours.',
    badToken:
      '"{{token}}" is not a probe token: tokens are 24 lower-case hex digits, as `/gateway probe` prints them',
    noRelay:
      'The relay control API is not configured (GATEWAY_CONTROL_URL, GATEWAY_CONTROL_TOKEN): sightings cannot be checked.',
  },
  google: {
    notConfigured:
      'Google Workspace is not configured: set GOOGLE_SERVICE_ACCOUNT_FILE (a service account key with domain-wide delegation), GOOGLE_ADMIN_SUBJECT, GOOGLE_PROBE_SENDER and PROBE_RECIPIENT. See docs/google-workspace.md.',
    checkTitle: 'Google Workspace setup',
    account:
      'Service account `{{email}}`, client ID `{{clientId}}` (the ID to authorise under Domain-wide delegation).',
    allGood: 'Everything the bot uses works.',
    someMissing: 'Some parts do not work yet; each line says what to do.',
  },
  notice: {
    applied: ':white_check_mark: Change #{{id}} is confirmed by the Admin console audit log: {{detail}}.',
    nearMisses:
      'Change #{{id}}: the audit log has mail-setting events since the approval, but none matches the change yet:',
    doesNotMatch: 'does not match: {{mismatches}}',
    live: ':tada: Change #{{id}} is live: probe `{{token}}` reached the relay from {{ip}}, {{tls}}{{dkim}}.',
    stalled:
      ':warning: Change #{{id}} stalled: no probe came through the gateway within 24 hours of the change.',
    failure: ':warning: {{what}}',
  },
  relay: {
    chartTitle: 'Relay {{relay}}, last 24 h',
    deferredTotal_one: '{{count}} deferred message',
    deferredTotal_other: '{{count}} deferred messages',
    noRelays: 'No relay is configured: set GATEWAY_CONTROL_URL and GATEWAY_CONTROL_TOKEN (or GATEWAYS).',
    statusTitle: 'Relay status',
    queueTitle: 'Deferred mail by destination',
    queueEmpty: '`{{relay}}`: no deferred mail.',
    chartPosted: 'The chart of queue depth and deliveries over 24 hours is posted in this channel.',
    chartFallback: 'Queue and deliveries over 24 hours (chart upload not possible: {{reason}}):',
    chartComment: 'Queue depth and deliveries, last 24 hours ({{relay}})',
    actionDone: 'Relay {{action}}:',
    actionProposed:
      'Relay action #{{id}} ({{action}}) needs a second admin: it waits for approval in <#{{channel}}>.',
    refused: 'Not done: {{- message}}.',
    verb: {
      pause: 'pause (refuse new mail with 421 until resumed)',
      resume: 'resume (accept mail again)',
      flush: 'flush (retry deferred mail now)',
      reload: 'reload (configuration and allowlist)',
      restart: 'restart (graceful: finish, stop, start)',
    },
  },
  action: {
    outcome: {
      paused: 'paused: new connections get 421 and Gmail retries them later',
      resumed: 'resumed: accepting mail again',
      flushed_one: '{{count}} deferred message retried now',
      flushed_other: '{{count}} deferred messages retried now',
      reloaded_one: 'configuration reloaded; {{count}} allowed range{{restart}}',
      reloaded_other: 'configuration reloaded; {{count}} allowed ranges{{restart}}',
      restartKeys: '; these keys need a restart to apply: `{{keys}}`',
      notManaged:
        'relay "{{relay}}" is not run by the bot (`GATEWAY_MANAGED` is not `true` for it): restart it where it runs, e.g. `systemctl restart` on its host',
      restarted: 'restarted gracefully (pid {{before}} -> {{after}}), answering again after {{seconds}} s',
      restartedSilent: 'restarted (pid {{before}} -> {{after}}) but the relay does not answer yet: {{error}}',
    },
    name: { pause: 'pause', resume: 'resume', flush: 'flush', reload: 'reload', restart: 'restart' },
    state: {
      proposed: 'proposed',
      approved: 'approved',
      rejected: 'rejected',
      expired: 'expired',
      done: 'done',
      failed: 'failed',
    },
    text: '{{title}} ({{state}})',
    title: 'Relay action #{{id}}: {{action}} {{relays}}',
    requestedBy: 'Requested by <@{{user}}> {{- at}}',
    expires: 'Expires {{- at}} unless approved or rejected.',
    approve: 'Approve',
    reject: 'Reject',
    cancel: 'Cancel',
    confirmRestart: 'Restart the relay now? Open SMTP sessions finish first; new ones wait a few seconds.',
    approvedBy: '*Approved* by <@{{user}}> {{- at}}',
    rejectedBy: '*Rejected* by <@{{user}}> {{- at}}',
    expired: '*Expired* without a decision. If it is still needed, request it again: `{{command}}`',
    running: ':hourglass_flowing_sand: Running…',
    done: ':white_check_mark: Done',
    failed: ':x: Failed',
  },
  diagnose: {
    title: 'Diagnose: {{subject}}',
    titleRoute: 'Diagnose: route "{{name}}"',
    titleRelays: 'Diagnose: the relays',
    running_one: '{{count}} check still running…',
    running_other: '{{count}} checks still running…',
    done: '{{pass}} passed, {{warn}} warning(s), {{fail}} failed, in {{seconds}} s',
    remedy: 'What to do',
    posted: 'The diagnose report is posted in this channel and fills in as checks finish.',
    postFailed: 'Posting the report in this channel failed ({{error}}): invite the bot to the channel.',
  },
  alert: {
    raised: ':rotating_light: Relay `{{relay}}`: {{title}}',
    resolved: ':white_check_mark: Resolved: relay `{{relay}}`: {{title}}',
    since: 'Since {{- at}}',
    resolvedAt: 'Resolved {{- at}}: {{detail}}',
    whatToDo: '*What to do:* {{remedy}}',
    title: {
      relayUnreachable: 'unreachable',
      queueAge: 'mail is waiting in the queue',
      deferralSpike: 'deliveries are being deferred',
      allowlistRefresh: "refreshing Google's ranges fails",
      certExpiry: 'certificate expires soon',
      scannerDown: 'content scanner not answering',
      archiveFailing: 'archive copies failing',
      outboundMalware: 'malware or spam sent from an account',
    },
  },
  opsHome: {
    relays: 'Relays',
    propagation: 'Recent changes',
    noChanges: 'No approved change in progress.',
    changeLine: '• Change #{{id}} ({{what}}): *{{state}}* since {{- at}}',
    alerts_zero: 'No open alerts.',
    alerts_one: '{{count}} open alert:',
    alerts_other: '{{count}} open alerts:',
    diagnose: 'Diagnose',
    status: 'Status',
    pause: 'Pause',
    resume: 'Resume',
    flush: 'Flush',
    reload: 'Reload',
    restart: 'Restart',
    relayTitle: 'Relay {{relay}}',
    chart: 'Queue and deliveries, last 24 hours',
    noSamples: 'No samples yet: the chart fills in as the bot polls the relays.',
    sentToDm: '{{what}}: sent to you in a direct message.',
  },
  // Building blocks of phrases (src/i18n/phrase.ts): outside text as it is, and list separators.
  phrase: {
    user: '<@{{user}}>',
    raw: '{{text}}',
    list: '{{items}}',
    parts: '{{items}}',
    separator: ', ',
    partSeparator: '; ',
  },
  age: {
    seconds: '{{n}} s',
    minutes: '{{n}} min',
    hours: '{{n}} h',
    days: '{{n}} days',
  },
  // Diagnose checks: plain text (escaped as a whole where it goes into Slack), so no mrkdwn here
  // beyond `code`.
  check: {
    status: { pass: 'PASS', warn: 'WARN', fail: 'FAIL', pending: '…' },
    fallback: '{{pass}} pass, {{warn}} warn, {{fail}} fail',
    fallbackRunning: 'running',
    ms: '{{n}} ms',
    seconds: '{{n}} s',
    crashed: 'the check could not run: {{error}}',
    crashedRemedy: 'run `/gateway diagnose` again; if it keeps failing, look at the bot log',
    title: {
      tls: 'TLS test of {{target}}',
      tlsRoute: 'TLS test of route "{{name}}" ({{target}})',
      dns: 'DNS of {{host}}',
      recipientTls: 'MTA-STS and DANE of {{domain}} as a recipient domain',
      relay: 'Relay reachability and health',
      content: 'Scanning and archive',
      rejections: 'Refusals by reason',
      deferred: 'Deferred mail by destination',
      dkim: 'DKIM of relayed mail',
      spf: "SPF of sender domains for the relay's outbound addresses",
      bypass: 'Mail that bypasses the gateway',
      propagation: 'Propagation of the latest change',
    },
    tls: {
      certValid: '{{target}}: certificate valid {{days}} more days',
      paused: '{{summary}} (the relay {{relay}} is paused: it refuses mail with 421)',
      pausedRemedy:
        'resume the relay when maintenance is over: `/gateway relay resume --relay {{relay}}`, then diagnose again',
      seeTestTls: 'see `/gateway test-tls` for the full report',
      expiring: '{{summary}}; a certificate expires within {{days}} days',
      renew: 'renew the certificate of {{targets}} before it expires, with the same names',
      lookAt: 'look at: {{warnings}}',
    },
    dns: {
      ip: '{{host}} is an IP address: no DNS lookup needed',
      noMx: '{{host}}: no usable MX records',
      noMxError: '{{host}}: no usable MX records ({{error}})',
      noAddress: '{{host}}: no usable A/AAAA records',
      noAddressError: '{{host}}: no usable A/AAAA records ({{error}})',
      publishMx: `publish MX records for {{host}} that point at the relay's host names (each with A/AAAA records), or turn "${L.mxLookup}" off and give the relay's own name`,
      publishAddress:
        "publish an A or AAAA record for {{host}} with the relay's public address, or use the relay's IP address in the route",
      resolves: '{{host}} resolves to {{addresses}}',
      mx: 'MX {{priority}} {{exchange}}',
      lookupError: {
        nxdomain: 'NXDOMAIN: the name does not exist',
        nodata: 'no records of that type',
        servfail: 'SERVFAIL from the DNS server',
        refused: 'the DNS server refused the query',
        timeout: 'the DNS server did not answer (timeout)',
      },
    },
    relay: {
      none: 'no relay is configured',
      noneRemedy:
        'set GATEWAY_CONTROL_URL and GATEWAY_CONTROL_TOKEN (or GATEWAYS) so the bot can read the relay',
      unreachable: '{{relay}}: unreachable: {{error}}',
      noAnswer: 'no answer',
      unreachableRemedy:
        "{{relay}}: start the relay (or check its log), and check its control URL and token in the bot's configuration",
      line: '{{relay}}: {{parts}}',
      up: 'up {{age}}',
      noAllowlist: 'no allowlist loaded: all mail is refused',
      noAllowlistRemedy:
        '{{relay}}: check that the relay can resolve _spf.google.com (its `dns.servers`), then reload it',
      allowlistFailing_one: 'allowlist refresh failing ({{error}}), last good set of {{count}} range kept',
      allowlistFailing_other: 'allowlist refresh failing ({{error}}), last good set of {{count}} ranges kept',
      allowlistFailingRemedy:
        "{{relay}}: check the relay's DNS servers; it keeps working on the last good set meanwhile",
      ranges_one: '{{count}} allowed range',
      ranges_other: '{{count}} allowed ranges',
      unbound: 'mail bound only by sender domain (no tenant binding)',
      unboundRemedy:
        '{{relay}}: set `tenant.dkimDomains` and/or `tenant.header` in the relay\'s configuration (docs/relay.md, "Tenant binding"), or any Google Workspace customer can route mail through it',
      paused: 'PAUSED: refusing mail with 421 (Gmail retries)',
      pausedRemedy: '{{relay}}: `/gateway relay resume --relay {{relay}}` when maintenance is over',
      certExpired_one: 'certificate EXPIRED {{count}} day ago',
      certExpired_other: 'certificate EXPIRED {{count}} days ago',
      certExpires_one: 'certificate expires in {{count}} day',
      certExpires_other: 'certificate expires in {{count}} days',
      certRemedy:
        '{{relay}}: renew its certificate (same names), install it at `tls.cert`/`tls.key` and reload the relay',
      queued: '{{n}} queued',
      queuedOldest: '{{n}} queued, oldest {{age}}',
      ok: 'the relay answers and accepts mail',
      allOk_one: 'the relay answers and accepts mail',
      allOk_other: 'all {{count}} relays answer and accept mail',
      attention_one: '{{n}} of {{count}} relay needs attention',
      attention_other: '{{n}} of {{count}} relays need attention',
    },
    rejections: {
      period: { day: 'in the last 24 hours', sinceStart: 'since the relay started' },
      none: 'no refusals {{period}}',
      summary_one: '{{count}} refusal {{period}}: {{reasons}}',
      summary_other: '{{count}} refusals {{period}}: {{reasons}}',
      reasonCount: '{{n}} {{reason}}',
      detail: '{{n}} × {{label}} ({{reason}})',
      label: {
        senderDomain: 'sender domain not accepted by the relay',
        allowlistNotLoaded: "refused because Google's ranges were never loaded",
        clientNotAllowed: "connections from outside Google's ranges",
        bareNewline: 'messages with a bare CR or LF (SMTP smuggling guard)',
        messageTooLarge: 'messages over the size limit',
        paused: 'refused while paused',
        other: 'other refusals',
      },
      remedy: {
        senderDomain:
          "if the domain is yours, add it to `senders` in the relay's configuration and run `/gateway relay reload`; if it is not, another Workspace tenant routes mail to your relay: nothing to fix on your side",
        allowlistNotLoaded:
          'check that the relay resolves _spf.google.com (`dns.servers`), then `/gateway relay reload`',
        clientNotAllowed:
          "a few are internet scanners; many while Gmail's mail bounces mean the allowlist is stale: `/gateway relay reload`, and add your own servers to `allow.cidrs`",
        bareNewline:
          'the sending application or a filter before the relay writes lines without CRLF: fix it there',
        messageTooLarge:
          "raise `maxMessageBytes` in the relay's configuration to at least 36700160 (Gmail's 35 MB)",
        paused: 'resume the relay when maintenance is over: `/gateway relay resume`',
        other: "look at the relay's log for these refusals",
      },
    },
    deferred: {
      none: 'no deferred mail',
      noError: 'no error recorded',
      detail_one: '{{destination}}: {{count}} message: {{error}}',
      detail_other: '{{destination}}: {{count}} messages: {{error}}',
      detailOldest_one: '{{destination}}: {{count}} message, oldest {{age}}: {{error}}',
      detailOldest_other: '{{destination}}: {{count}} messages, oldest {{age}}: {{error}}',
      summary_one: '{{count}} message deferred to {{destinations}}',
      summary_other: '{{count}} messages deferred to {{destinations}}',
      flush: 'when fixed, `/gateway relay flush` retries at once',
      remedy: {
        tls: '{{destination}}: TLS to the destination fails: check its certificate, or relax `delivery.tlsPolicies` for it if your policy allows',
        dns: "{{destination}}: its DNS does not resolve from the relay: check the domain's MX records and the relay's `dns.servers`",
        connect:
          "{{destination}}: the relay cannot connect: check outbound port 25 from the relay host (firewall, provider blocks) and the destination's servers",
        tryLater:
          '{{destination}}: the destination answers "try later" (greylisting, rate limits): the relay retries by itself; if it lasts, contact that domain\'s postmaster',
        other: '{{destination}}: read the last error above and fix its cause',
      },
    },
    dkim: {
      none: 'no DKIM-signed mail relayed yet',
      summary: '{{percent}}% of DKIM signatures verify after the relay ({{pass}} pass, {{fail}} fail)',
      remedy:
        'signatures break when something changes a message after Gmail signed it: a filter, footer or disclaimer tool, or a relay that rewrites headers or line endings before this one. This relay only prepends `Received`; remove or reconfigure the step that modifies messages',
      noReports: 'no relay reports DKIM results',
      noReportsRemedy:
        'run a relay version with delivery (it checks DKIM of relayed mail), or check the relays are reachable',
    },
    spf: {
      detail: '{{domain}} from {{address}}: {{result}}',
      ok: "the SPF of {{domains}} allows the relay's outbound addresses",
      notAllowed: 'SPF does not allow the relay for {{domains}}: receivers may reject or junk its mail',
      add: 'add `{{mechanism}}` to the SPF record of {{domain}} (keep `include:_spf.google.com`)',
      smarthost:
        "the relays hand mail to a smart host (`delivery.mode: smarthost`): receivers see the smart host's addresses, so its SPF is what counts",
      noDomain: 'no sender domain to check',
      noDomainRemedy: 'set SENDER_DOMAINS, or run `/gateway diagnose DOMAIN`',
    },
    propagation: {
      none: 'no route change in progress',
      live: 'change #{{id}}: live (a probe came through {{age}} ago)',
      applied: 'change #{{id}}: applied {{age}} ago, no probe seen yet (Google takes up to 24 hours)',
      appliedRemedy: 'wait for the propagation window; `/gateway probe` sends a probe now',
      approved: 'change #{{id}}: approved {{age}} ago but not yet made in the Admin console',
      approvedRemedy:
        'the approver follows the console steps in the approval message and presses "Done in the console"',
      stalled: 'change #{{id}}: no probe arrived within 24 hours of the change',
      stalledRemedy:
        'check in the Admin console that the route and the routing setting are saved for the right organizational unit, and that the route host resolves to this relay; then `/gateway probe`',
      other: 'change #{{id}}: {{state}}',
    },
    content: {
      none: 'no relay scans or archives mail (not configured)',
      line: '{{relay}}: {{parts}}',
      scannerOk: '{{name}} answers',
      scannerDown: '{{name}} DOWN',
      scannerDownError: '{{name}} DOWN ({{error}})',
      scannerRemedy:
        '{{relay}}: start {{name}} or fix `scan.{{name}}` in its configuration; meanwhile mail gets 451 4.7.1 (`scan.onError: tempfail`) or passes unscanned (`accept`)',
      lastDay: 'last day: {{verdicts}}',
      verdictCount: '{{n}} {{verdict}}',
      verdict: { clean: 'clean', virus: 'virus', spam: 'spam', error: 'error' },
      findings: 'malware or spam from {{senders}}',
      findingsRemedy:
        '{{relay}}: check the accounts of {{senders}} for compromise (reset the password, sign out their sessions)',
      archive: 'archive: {{archived}} copied, {{pending}} pending, {{failing}} failing',
      archiveError: 'last archive error: {{error}}',
      archiveRemedy:
        '{{relay}}: make the archive destination reachable; copies are kept and retried, nothing is lost',
      archiveRemedyTo:
        '{{relay}}: make the archive destination {{destination}} reachable; copies are kept and retried, nothing is lost',
      noArchive: 'no archive copy',
      ok: 'scanners answer and archive copies are up to date',
      failing: 'a scanner or the archive is failing',
      attention: 'scanning found malware or spam, or archive copies are waiting',
    },
    bypass: {
      summary: 'mail may bypass the gateway (not archived, not scanned)',
      remedy: `turn "${L.perUserGateways}" off in the Admin console (${L.apps} > ${L.googleWorkspace} > ${L.gmail} > ${L.endUserAccess}), or grant the policies scope if it could not be read (\`/gateway google check\`)`,
    },
    recipientTls: {
      relayError: '{{relay}}: {{error}}',
      noReport: 'no relay could report the TLS state of {{domain}}',
      noReportRemedy:
        'run a relay version with DANE and MTA-STS (`GET /tls-policy`), or check the relays are reachable',
      summary: '{{domain}}: {{policy}} (as relay {{relay}} sees it)',
      dnssecRemedy:
        "mail to {{domain}} waits while its DNSSEC lookups fail: check the relay's resolver (`dns.servers`) validates, or ask the domain's owner to fix its signatures",
      opportunisticRemedy:
        'mail to {{domain}} goes with opportunistic TLS: nothing to fix here unless the domain should publish DANE or MTA-STS; `tlsPolicies` can demand verified TLS',
      configured: '`tlsPolicies` decides: {{policy}}',
      smarthost: 'delivered through the smart host with its configured TLS',
      dane: 'DANE applies',
      mtaSts: 'MTA-STS {{mode}} applies',
      neither: 'neither DANE nor MTA-STS applies',
      daneMx: 'DANE: MX {{state}}: {{detail}}',
      daneHost: 'DANE {{host}}: {{state}}: {{detail}}',
      mtaStsCached: 'MTA-STS: {{mode}}, id {{id}}, mx {{mx}}, cached until {{until}}: {{detail}}',
      mtaStsFetched: 'MTA-STS: {{mode}}, id {{id}}, mx {{mx}}, fetched until {{until}}: {{detail}}',
      mtaStsState: 'MTA-STS: {{state}}: {{detail}}',
    },
  },
  // What the relay monitor saw and what to do (plain text, escaped where it goes into Slack).
  alertText: {
    finding: '{{kind}} ({{detail}})',
    noAnswer: 'no answer',
    unknownError: 'unknown error',
    malware_one: '{{sender}} sent {{count}} message in the last hour with {{found}}; {{refused}} refused',
    malware_other: '{{sender}} sent {{count}} messages in the last hour with {{found}}; {{refused}} refused',
    malwareRemedy:
      'treat {{sender}} as a possibly compromised account: check its recent sign-ins and sent mail in the Admin console, reset its password and sign it out everywhere',
    malwareResolved: 'no malware or spam from this sender in the last hour',
    noScanner: 'no content scanner configured',
    scannersAnswer: 'content scanners answer ({{names}})',
    scannerError: '{{name}}: {{error}}',
    scannerDown:
      'content scanner not answering: {{scanners}}; mail gets 451 (`scan.onError: tempfail`) or passes unscanned (`accept`)',
    scannerRemedy:
      'check the scanner service on the relay host (`systemctl status clamav-daemon` or `rspamd`) and the `scan:` address in the relay configuration',
    noArchive: 'no archive configured',
    archiveWritten: 'archive copies written ({{pending}} pending)',
    archiveFailing_one: '{{count}} archive copy fails: {{error}}; copies are kept in the spool and retried',
    archiveFailing_other:
      '{{count}} archive copies fail: {{error}}; copies are kept in the spool and retried',
    archiveFailingTo_one:
      '{{count}} archive copy fails to {{destination}}: {{error}}; copies are kept in the spool and retried',
    archiveFailingTo_other:
      '{{count}} archive copies fail to {{destination}}: {{error}}; copies are kept in the spool and retried',
    archiveRemedy:
      'check the archive destination (the directory is writable and not full, or the archive server accepts mail from the relay), then watch `/gateway relay status`',
    reachableAgain: 'the relay answers its control API again',
    unreachable_one: '{{count}} read failed: {{error}}',
    unreachable_other: '{{count}} reads in a row failed: {{error}}',
    unreachableRemedy:
      'check that the relay process runs (`systemctl status`, or `/gateway relay status` with `GATEWAY_MANAGED`) and that its control URL and token match the bot configuration',
    queueOk: 'oldest queued message is {{age}} old ({{n}} queued)',
    queueOld: 'oldest queued message is {{age}} old (limit {{limit}}), {{n}} queued',
    queueRemedy:
      'run `/gateway relay queue` to see which destinations defer and why, fix the cause, then `/gateway relay flush`',
    deferrals: '{{deferred}} of {{attempts}} delivery attempts deferred ({{percent}}%)',
    deferralSpike: '{{deferred}} of {{attempts}} delivery attempts deferred ({{percent}}%, limit {{limit}}%)',
    deferralRemedy:
      'run `/gateway relay queue` for the destinations and their last errors: a TLS or connection error points at the network or the next hop, a `4xx` reply at the receiving side',
    allowlistRefreshed: 'allowlist refreshed',
    allowlistRefreshedSize_one: 'allowlist refreshed ({{count}} range)',
    allowlistRefreshedSize_other: 'allowlist refreshed ({{count}} ranges)',
    allowlistFailing_one:
      "refreshing Google's ranges fails: {{error}}; the relay keeps the last good set ({{count}} range)",
    allowlistFailing_other:
      "refreshing Google's ranges fails: {{error}}; the relay keeps the last good set ({{count}} ranges)",
    allowlistRemedy:
      "check the relay's DNS servers (`dns.servers` in its configuration) and that TXT lookups of `_spf.google.com` work from the relay host",
    certValid_one: 'certificate valid for {{count}} more day',
    certValid_other: 'certificate valid for {{count}} more days',
    certExpired_one:
      "the relay's certificate expired {{count}} day ago: Google refuses TLS to it when the route requires a CA-signed certificate",
    certExpired_other:
      "the relay's certificate expired {{count}} days ago: Google refuses TLS to it when the route requires a CA-signed certificate",
    certExpires_one: "the relay's certificate expires in {{count}} day (warning at {{warning}})",
    certExpires_other: "the relay's certificate expires in {{count}} days (warning at {{warning}})",
    certRemedy:
      'renew the certificate (same host names), put it at `tls.cert`/`tls.key` and run `/gateway relay reload`',
  },
  // Route validation: what is wrong with a value a person typed, and what to give instead (plain
  // text, escaped where it goes into Slack).
  invalid: {
    diagnoseArg: '"{{arg}}" is not a route name, a host or a domain: {{problems}}. Route names: {{routes}}',
    diagnoseArgNoRoutes:
      '"{{arg}}" is not a route name, a host or a domain: {{problems}}. Route names: none yet',
    testTlsArg: '"{{arg}}" is neither a known route nor a usable host: {{problems}}',
    port465: 'port 465 (SMTPS) is not allowed by Google for a route: use 25 or 587 with STARTTLS',
    port: 'port {{port}} is not allowed by Google for a route: use 25, 587 or a port from 1024 to 65535',
    portNotNumber: 'port "{{port}}" is not a number: use 25, 587 or a port from 1024 to 65535',
    hostEmpty: 'the host is empty: give a host name such as smtp.example.com or an IP address',
    hostSpace: 'host "{{host}}" contains white space: give a single host name or IP address',
    hostLong: 'host "{{host}}" is longer than 253 characters',
    hostSingleLabel:
      'host "{{host}}" is not a valid host name: it is a single name without a domain, and Google routes only to a fully qualified name such as smtp.example.com or an IP address',
    hostName:
      'host "{{host}}" is not a valid host name: use letters, digits and hyphens in dot-separated labels, e.g. smtp.example.com',
    hostIncompleteIp: 'host "{{host}}" looks like an incomplete IP address',
    nameEmpty: 'the route name is empty: give a name such as gateway-1',
    name: 'route name "{{name}}" is not allowed: use 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    nameTaken: 'a route named "{{name}}" already exists: choose another name',
    routeExists:
      'a route named "{{name}}" already exists: choose another name, or change it with `/gateway set {{name}} ...`',
    optionNeedsFirst: '{{option}} can only be on while {{needed}} is on: turn {{needed}} on first',
    optionNeeds: '{{option}} needs {{needed}}: turn {{needed}} on or {{option}} off',
    alreadyOn: '{{option}} is already on on route {{name}}: nothing to change',
    alreadyOff: '{{option}} is already off on route {{name}}: nothing to change',
    routeInUse:
      'route {{name}} is used by the routing setting: point the routing setting at another route first (`/gateway use-route NAME`)',
    routingUnchanged: 'the routing setting already uses route {{name}} this way: nothing to change',
    unknownRoute: 'there is no route named "{{name}}": known routes are {{known}}',
    unknownRouteNone:
      'there is no route named "{{name}}": no routes exist yet; add one with `/gateway add-route`',
  },
  relayStatus: {
    unreachable: ':red_circle: *`{{relay}}`* unreachable: {{error}}',
    noAnswer: 'no answer',
    paused: ':double_vertical_bar: *paused* (refusing mail with 421)',
    notAccepting: ':red_circle: *not accepting*: no allowlist loaded',
    accepting: ':large_green_circle: accepting mail',
    headline: '*`{{relay}}`* {{- state}} · up {{- uptime}}{{- version}}',
    version: ' · `v{{version}}`',
    queueLabel: 'Queue',
    messages_one: '{{count}} message',
    messages_other: '{{count}} messages',
    oldest: ', oldest {{- age}}',
    acceptedLabel: 'Accepted / rejected',
    deliveredLabel: 'Delivered / deferred / bounced',
    allowlistLabel: 'Allowlist',
    ranges_one: '{{count}} range',
    ranges_other: '{{count}} ranges',
    from: ' from {{source}}',
    refreshed: ', refreshed {{- at}}',
    refreshFailing: ':warning: refresh failing: {{error}}',
    certificateLabel: 'Certificate',
    certNotChecked: 'not checked (give the relay an smtp address in `GATEWAYS` or `GATEWAY_SMTP`)',
    certUnreadable: ':warning: could not read it: {{error}}',
    certExpired: ':rotating_light: expired {{days}} days ago ({{- at}})',
    certExpires: 'expires in {{days}} days ({{- at}})',
    dkimLabel: 'DKIM after the relay',
    dkimNone: 'no signed mail yet',
    dkimNotReported: 'not reported',
    dkimRate: '{{percent}}% pass ({{pass}} of {{total}})',
    noError: 'no error recorded',
    moreDestinations: '…and {{count}} more destinations',
    relayName: '*`{{relay}}`*',
    destination: '*{{destination}}*: {{- queue}}',
    homeLine: 'Queue: {{- queue}} · delivered {{delivered}} · deferred {{deferred}} · allowlist {{- ranges}}',
  },
  usage: {
    relayNeedsName: '`--relay` needs a relay name, e.g. `--relay mx1`',
    relayUnknownFlag: 'unknown flag "{{flag}}": the only flag here is `--relay NAME`',
    relayWhat:
      'say what to do with the relay: `status`, `queue`, `pause`, `resume`, `flush`, `reload` or `restart`',
    notRelayCommand:
      '"{{verb}}" is not a relay command: use `status`, `queue`, `pause`, `resume`, `flush`, `reload` or `restart`',
    unknownRelay: 'no relay named "{{name}}": use one of {{known}}',
    diagnoseOneArg: 'give at most one route name, host or domain',
    notOption: '"{{keyword}}" is not an option: use `tls`, `ca`, `hostname` or `mx`',
    onOrOff: '"{{value}}" must be `on` or `off`',
    notCount: '"{{text}}" is not a count from 1 to {{max}}',
    unknownFlag: 'unknown flag "{{flag}}": the flags here are `{{flags}}`',
    noFlags: 'unknown flag "{{flag}}": this command takes no flags',
    missing: 'some arguments are missing',
    tooMany: 'too many arguments: "{{extra}}" is not expected',
  },
  refusal: {
    moreUsers: '{{count}} more',
    groupMembers: 'members of <!subteam^{{group}}>',
    nobody: 'nobody yet',
    notViewer:
      '<@{{user}}> may not look at the gateway: only viewers, requesters and approvers may ({{who}}); ask an admin to add you to `VIEWERS` or `VIEWER_GROUP`',
    notApprover: '<@{{user}}> is not in `APPROVERS` or `APPROVER_GROUP`',
    notRequester:
      '<@{{user}}> may not propose changes: ask an admin to add you to `REQUESTERS` (or the approvers)',
    groupUnreadable:
      'the members of `{{setting}}` {{group}} could not be read ({{code}}): check the `usergroups:read` scope, or list the people in `{{list}}`',
    slackIdentity:
      'Slack could not say who <@{{user}}> is (`users.info`: {{code}}), so the Workspace admin check refuses: the bot needs the `users:read` and `users:read.email` scopes',
    noEmail:
      'Slack did not give an email for <@{{user}}>: the bot needs the `users:read.email` scope, and the profile must have an email',
    notWorkspaceUser:
      '{{email}} (the Slack email of <@{{user}}>) is not a user of the Google Workspace domain; only Workspace admins may do this',
    suspended: '{{email}} is suspended in Google Workspace',
    notAdmin:
      '{{email}} is not a Google Workspace admin (neither super admin nor delegated admin); only Workspace admins may do this',
    adminCheckFailed:
      'could not check whether {{email}} is a Workspace admin, so the action is refused ({{failure}})',
    noChange: 'there is no change #{{id}}',
    changeIs: 'change #{{id}} is already {{state}}',
    changeIsBy: 'change #{{id}} is already {{state}} by <@{{user}}>',
    changeExpired: 'change #{{id}} expired without a decision: ask <@{{user}}> to propose it again',
    notApproverOfChanges:
      'only configured approvers can approve or reject changes, and <@{{user}}> is not one: ask an approver',
    notApproverOfChangesBecause:
      'only configured approvers can approve or reject changes, and <@{{user}}> is not one ({{why}}): ask an approver',
    selfApproval: 'you proposed change #{{id}}, so you cannot approve it: another approver has to',
    bounceNotAcknowledged:
      'the TLS pre-flight of change #{{id}} predicts bounced mail: use "Approve anyway" to approve it regardless',
    conflict: 'change #{{id}} no longer fits the desired state ({{problems}}): reject it and propose again',
    busy: 'change #{{id}} could not be stored after 3 tries: try again',
    changedMeanwhile: 'change #{{id}} changed meanwhile: look again',
    notApprovedYet: 'change #{{id}} has not been approved yet',
    alreadyApplied: 'change #{{id}} is already recorded as applied',
    cannotNow: 'change #{{id}} is {{state}}: that cannot be done now',
    noRelayAction: 'there is no relay action #{{id}}',
    relayActionIs: 'relay action #{{id}} ({{action}}) is already {{state}}',
    relayActionIsBy: 'relay action #{{id}} ({{action}}) is already {{state}} by <@{{user}}>',
    relayActionExpired: 'relay action #{{id}} ({{action}}) expired: ask <@{{user}}> to request it again',
    notApproverOfRelayActions:
      'only configured approvers can approve or reject relay actions, and <@{{user}}> is not one: ask an approver',
    relaySelfApproval:
      'you requested relay action #{{id}} ({{action}}), so you cannot approve it: another approver has to',
    relayActionChanged: 'relay action #{{id}} changed meanwhile: look again',
    noRelayConfigured: 'no relay is configured: set `GATEWAY_CONTROL_URL` or `GATEWAYS`',
  },
  troubleshoot: {
    routing: `In the Admin console, open ${L.apps} > ${L.googleWorkspace} > ${L.gmail} > ${L.advancedSettings} > ${L.routing} and check that the routing setting of the top-level organization affects ${L.outbound} messages, uses ${L.modifyMessage} and ${L.changeRoute} to \`{{route}}\`.`,
    route:
      'Check that route `{{route}}` points at {{host}}:{{port}}, and run `/gateway test-tls {{route}}`: if Google cannot verify the certificate, mail bounces instead of arriving.',
    routeUnknown:
      "Route `{{route}}` is not in the bot's desired state: check in the Admin console where it points, and run `/gateway test-tls HOST` on that host.",
    legacyGateway: `Check that the legacy ${L.outboundGateway} setting is empty: combined with routing settings its effect is unpredictable.`,
    relay:
      "Check the relay's status (`/gateway relay status`) for connections refused from Google's ranges, and that it is not paused.",
    emailLogSearch:
      'Search Email Log Search for the probe (its subject carries the token) to see where Gmail sent it.',
    probeRecipient:
      'Check that `PROBE_RECIPIENT` is outside the domain: mail inside the domain does not take the outbound route.',
  },
  googleFailure: {
    api: {
      audit: 'Admin SDK Reports API (audit log)',
      directory: 'Admin SDK Directory API (users.get)',
      probe: 'Gmail API (users.messages.send)',
      policies: 'Cloud Identity Policy API (policies.list)',
    },
    purpose: {
      audit: 'read the Admin console audit log to confirm that an approved route change was made',
      directory: 'check that a Slack user maps to a Workspace admin (`REQUIRE_GOOGLE_ADMIN`)',
      probe: 'send probe messages from the probe mailbox to prove the route carries mail',
      policies: `read the Gmail setting "${L.perUserGateways}": mail sent through users' own SMTP servers bypasses the gateway`,
    },
    needs: {
      audit: 'the Reports admin privilege',
      directory: 'the Users read admin privilege',
      probe: 'a Gmail licence (it must be a real mailbox of the domain)',
      policies: 'an admin role that may read the Gmail settings',
    },
    line: '{{summary}} {{check}}',
    said: ' Google said: "{{message}}"',
    timeout: '{{api}} did not answer in time.',
    timeoutCheck:
      'Check the network path to Google (proxy, firewall, DNS) and `GOOGLE_API_URL` if set; the bot retries later.',
    unreachable: '{{api}} could not be reached{{code}}.',
    code: ' ({{code}})',
    unreachableCheck:
      'Check DNS and outbound HTTPS to `googleapis.com` (or `GOOGLE_API_URL` if set); the bot retries later.',
    grant: `In the Admin console (${L.security} > ${L.accessDataControl} > ${L.apiControls} > ${L.domainWideDelegation}), give client ID {{clientId}} the scope {{scope}}.`,
    unauthorizedClient:
      'Google refused a token for {{api}} acting as {{subject}}: the scope is not granted to the service account (`unauthorized_client`).',
    badSubject: 'Google refused to act as {{subject}} for {{api}}: {{description}}.',
    badSubjectCheck: 'Check that {{subject}} is an existing, active user of the Workspace domain.',
    signIn: "Google refused the service account's sign-in for {{api}} ({{error}}).",
    signInCheck:
      "Check that the key in `GOOGLE_SERVICE_ACCOUNT_FILE` is not deleted or disabled, that the service account exists, and that this machine's clock is right.",
    quota: '{{api}} is over its quota (HTTP {{status}}).{{said}}',
    quotaCheck:
      'The bot backs off and tries again; if this lasts, check the API quotas of the Google Cloud project.',
    scopeMissing: '{{api}} refused the call acting as {{subject}}: the token lacks the scope {{scope}}.',
    disabled: "{{api}} is not enabled for the service account's Google Cloud project.{{said}}",
    disabledCheck: 'Enable the {{product}} in that project (Google Cloud console > APIs & Services).',
    credentials: "{{api}} did not accept the service account's credentials (HTTP 401).{{said}}",
    credentialsCheck:
      'Check that the key in `GOOGLE_SERVICE_ACCOUNT_FILE` is current and not deleted, and that the service account is enabled.',
    permission: '{{api}} refused the call acting as {{subject}} (HTTP 403).{{said}}',
    permissionCheck: 'Check that {{subject}} has {{needs}}.',
    notFound: '{{api}} found nothing (HTTP 404).{{said}}',
    notFoundCheck: 'Check the user or address given.',
    unavailable: "{{api}} failed on Google's side (HTTP {{status}}).{{said}}",
    unavailableCheck:
      'Usually temporary: the bot retries later. If it lasts, check the Google Workspace Status Dashboard.',
    refused: '{{api}} refused the call (HTTP {{status}}).{{said}}',
    refusedCheck:
      "Check the bot's Google settings (`GOOGLE_ADMIN_SUBJECT`, `GOOGLE_PROBE_SENDER`, `PROBE_RECIPIENT`).",
  },
  setupCheck: {
    works: '{{what}} (scope {{scope}}: {{purpose}})',
    auditReads: 'reads the audit log as {{subject}}',
    directoryNotFound: 'works, but {{subject}} was not found',
    directoryAdmin: 'reads users as {{subject}} (an admin)',
    directoryNotAdmin: 'reads users as {{subject}} (not an admin)',
    probeSends: 'may send as {{sender}}',
    noSubjectAudit: '`GOOGLE_ADMIN_SUBJECT` is not set: changes cannot be confirmed from the audit log.',
    noSubjectDirectory: '`GOOGLE_ADMIN_SUBJECT` is not set: `REQUIRE_GOOGLE_ADMIN` cannot be enforced.',
    noSubjectPolicies:
      '`GOOGLE_ADMIN_SUBJECT` is not set: the per-user outbound gateway setting cannot be read.',
    noSender: '`GOOGLE_PROBE_SENDER` is not set: routes cannot be proven live with probes.',
    noRecipient: 'not set: give an address outside the domain that the gateway route carries mail to.',
    recipientInside:
      "{{recipient}} is in the probe sender's own domain: mail inside the domain does not take the outbound route; use an outside address.",
    recipientOk: 'probes go to {{recipient}}',
    perUserOff_one: `"${L.perUserGateways}" is off everywhere ({{count}} policy read as {{subject}})`,
    perUserOff_other: `"${L.perUserGateways}" is off everywhere ({{count}} policies read as {{subject}})`,
    perUserOn: `"${L.perUserGateways}" is on for {{units}}: users there may send through their own SMTP servers, and that mail bypasses the gateway (not archived, not scanned). Turn it off in the Admin console (${L.apps} > ${L.googleWorkspace} > ${L.gmail} > ${L.endUserAccess}).`,
  },
  timeline: {
    hoursMinutes: '{{h}} h {{m}} min',
    minutes: '{{m}} min',
    proposedBy: 'proposed by {{who}}',
    closed: '{{state}}',
    closedBy: '{{state}} by {{who}}',
    approved: 'approved',
    approvedBy: 'approved by {{who}}',
    confirmed: 'confirmed by the audit log: `{{event}}`{{setting}}{{actor}}{{value}}',
    setting: ' `{{setting}}`',
    actor: ' by {{actor}}',
    value: ' ({{value}})',
    unverified: 'applied (unverified): marked done, no audit event yet',
    unverifiedBy: 'applied (unverified): marked done by {{who}}, no audit event yet',
    waitingAudit: 'waiting for the change in the Admin console audit log',
    probeSeen: 'probe `{{token}}` seen at the relay from {{ip}}, {{tls}}{{dkim}}',
    tls: 'TLS {{protocol}}',
    noTls: 'no TLS',
    dkim: ', DKIM {{result}}',
    probeNotSent: 'probe `{{token}}` could not be sent: {{error}}',
    probeWaiting: 'probe `{{token}}` sent, not seen yet',
    live: 'live: Gmail delivered probe `{{token}}` through the gateway',
    stalled: 'stalled: no probe reached the relay within 24 hours of the change',
    propagating: 'propagating: {{elapsed}} of up to 24 h elapsed',
  },
  relayClient: {
    failed: 'relay "{{relay}}": `{{operation}}` failed: {{problem}}',
    unreachable:
      'cannot connect to {{url}}{{code}}: check that the relay is running and that `control.host`/`control.port` in its configuration match this URL',
    code: ' ({{code}})',
    timeout:
      'no answer from {{url}} within {{ms}} ms: check that the relay process is running and not overloaded (its log, CPU and disk)',
    unauthorized:
      "the relay refused the token (HTTP {{status}}): check that the bot's token for this relay equals `control.token` in the relay's configuration",
    http: "the relay answered HTTP {{status}}{{reason}}: check the relay's log for this request",
    reason: ' ({{reason}})',
    notJson: "the answer is not JSON: check that {{url}} is this relay's control API and not another service",
    badShape:
      'the answer does not have the expected shape ({{issues}}): check that the relay and the bot run the same version',
  },
  relayProbes: {
    unreachable:
      "the relay's control API at {{origin}} could not be reached: check `GATEWAY_CONTROL_URL` and that the relay runs",
    timedOut:
      "the relay's control API at {{origin}} timed out: check `GATEWAY_CONTROL_URL` and that the relay runs",
    token: 'the relay refused the control token: check `GATEWAY_CONTROL_TOKEN` against `control.token`',
    http: 'the relay answered HTTP {{status}} to `{{path}}`: check its log',
    shape: "the relay's answer to `{{path}}` is not a probe lookup: is it a newer or older version?",
  },
  tracker: {
    auditUnread: 'Could not read the audit log for change #{{id}}. {{failure}}',
    probeNotSent: 'Probe not sent. {{failure}}',
    noProbes: 'probes are not configured: set `GOOGLE_PROBE_SENDER` and `PROBE_RECIPIENT`',
    relayUnasked: 'Could not ask the relay about probe `{{token}}`: {{error}}',
  },
} as const;
