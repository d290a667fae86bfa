// Every sentence the bot shows in Slack, by surface, so a Japanese version can sit beside it later.

import type { ChangeState } from '../domain/change-request.ts';
import { escapeMrkdwn } from './mrkdwn.ts';

export const copy = {
  command: {
    unknown: (name: string) => `Unknown subcommand "${escapeMrkdwn(name)}".`,
    seeHelp: 'Type `/gateway help` to see every command with examples.',
    usage: (usage: string) => `Usage: \`/gateway ${usage}\``,
    failed: 'Something went wrong while handling that command; it was logged. Try again in a moment.',
    forbidden: (reason: string) => `You cannot do that: ${reason}.`,
    privateTarget: (reason: string) => `Not done: ${escapeMrkdwn(reason)}.`,
    invalid: 'That change was not proposed:',
  },
  help: {
    title: 'Outbound gateway commands',
    intro:
      'Every change is a proposal: a second admin approves it in the approvals channel, then applies it in the Google Admin console with the steps the bot gives.',
  },
  proposal: {
    proposedTitle: (id: number, what: string) => `Change #${id}: ${escapeMrkdwn(what)}`,
    proposedBy: (user: string, at: string) => `Proposed by ${user} ${at}`,
    reason: (reason: string) => `Reason: ${escapeMrkdwn(reason)}`,
    diffTitle: '*Change against the desired state*',
    noPreflight: 'No TLS pre-flight: this change does not send mail to a new place.',
    expires: (at: string) => `Expires ${at} unless approved or rejected.`,
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
    } satisfies Record<ChangeState, string>,
    appliedUnverified:
      "Marked done in the Admin console; not yet confirmed by Google's audit log (the bot keeps checking)",
    approvedBy: (user: string, at: string, anyway: boolean) =>
      `*Approved* by ${user} ${at}${anyway ? ' — *approved anyway* despite the TLS warning' : ''}`,
    rejectedBy: (user: string, at: string) => `*Rejected* by ${user} ${at}`,
    expiredAt: (at: string) => `*Expired* ${at} without a decision. Propose it again if it is still needed.`,
    appliedBy: (user: string, at: string, verified: boolean) =>
      verified
        ? `*Applied* ${at}: confirmed by the Admin console audit log.`
        : `*Applied (unverified)* ${at}: ${user} marked the console steps done.`,
    liveAt: (at: string) => `*Live* since ${at}.`,
    stalledAt: (at: string) => `*Stalled* ${at}: no probe message came through the route.`,
    requesterReply: (id: number, channel: string) =>
      `Proposed change #${id}; it waits for approval in <#${channel}>.`,
    postFailed: (id: number, channel: string, error: string) =>
      `Change #${id} is stored, but posting it to <#${channel}> failed (${escapeMrkdwn(error)}): invite the bot to that channel, then ask an approver to use \`/gateway approvals\`.`,
  },
  preflight: {
    deliver: (summary: string) =>
      `:white_check_mark: *TLS pre-flight: mail would be delivered.* ${escapeMrkdwn(summary)}`,
    bounce: (summary: string) =>
      `:rotating_light: *TLS pre-flight: Google would bounce outbound mail on this route.* ${escapeMrkdwn(summary)}`,
    error: (summary: string) => `:warning: *TLS pre-flight could not run.* ${escapeMrkdwn(summary)}`,
    causes: 'Why',
    remedies: 'What to do',
    connection: 'Connection',
  },
  decision: {
    refused: (message: string) => `Not done: ${message}.`,
    done: (id: number, state: string) => `Change #${id} is now ${state}.`,
  },
  consoleSteps: {
    title: (id: number) => `Admin console steps for change #${id}`,
    intro: (id: number, what: string) =>
      `You approved change #${id} (${escapeMrkdwn(what)}). Google has no API for mail routes, so make the change by hand:`,
    open: 'In the Google Admin console, open *Apps > Google Workspace > Gmail*.',
    openHosts: 'Open *Hosts* (in Gmail advanced settings).',
    addRoute: 'Click *Add route*.',
    name: (name: string) => `*Name*: \`${escapeMrkdwn(name)}\``,
    singleHost: (host: string, port: number) =>
      `*Specify email route*: single host \`${escapeMrkdwn(host)}\`, port \`${port}\``,
    option: (label: string, on: boolean) => `${on ? 'Tick' : 'Untick'} *${label}*`,
    testTls: (verdict: string) =>
      `Click *Test TLS connection*. The bot's own pre-flight said: ${escapeMrkdwn(verdict)}.`,
    save: 'Click *Save*.',
    editRoute: (name: string) => `Point at the route \`${escapeMrkdwn(name)}\` and click *Edit*.`,
    deleteRoute: (name: string) =>
      `Point at the route \`${escapeMrkdwn(name)}\` and click *Delete*, then confirm.`,
    routingOpen:
      'Open *Routing* (in Gmail advanced settings) and select the *top-level organisational unit*.',
    routingSetting:
      'Scroll to the *Routing* setting and click *Configure* (or *Edit* on the existing gateway rule, or *Add another rule*).',
    routingDescription: (route: string) => `Description: \`Outbound gateway via ${escapeMrkdwn(route)}\``,
    routingAffects: 'Under *Email messages to affect*, tick *Outbound*.',
    routingAction: 'For *the above types of messages*, choose *Modify message*.',
    routingRoute: (route: string) =>
      `Under *Route*, tick *Change route* and choose \`${escapeMrkdwn(route)}\`.`,
    routingTls: (on: boolean) =>
      `Under *Encryption (onward delivery only)*, ${on ? 'tick' : 'leave unticked'} *Require secure transport (TLS)*.`,
    routingHeader: (name: string) =>
      `Under *Headers*, tick *Add custom headers*, click *Add* and enter the key \`${escapeMrkdwn(name)}\` with the value of the relay's \`tenant.header\` secret (from its configuration; the bot never shows it). The relay refuses mail without it.`,
    routingSave: 'Click *Save* in the dialog, then *Save* at the bottom of the page.',
    propagation:
      'Google can take up to 24 hours to apply the change everywhere; it shows in the Admin console audit log. Press the button once you have saved it.',
    done: 'Done in the console',
    doneBy: (user: string, at: string) =>
      `${user} marked these steps done ${at}: recorded as applied (unverified) until Google's audit log confirms it.`,
  },
  options: {
    mxLookup: 'Perform MX lookup on host',
    requireTls: 'Require secure transport (TLS)',
    requireCaSigned: 'Require CA signed certificate',
    validateHostname: 'Validate certificate hostname',
  },
  routes: {
    none: 'No routes yet. Add one with `/gateway add-route`.',
    title: 'Routes (desired state)',
    routing: (route: string, tls: boolean) =>
      `*Routing setting*: outbound mail goes through \`${escapeMrkdwn(route)}\`${tls ? ' (onward delivery requires TLS)' : ''}.`,
    noRouting: '*Routing setting*: none: outbound mail is not sent through a gateway.',
    pending: (n: number) =>
      `${n} proposal${n === 1 ? '' : 's'} waiting for approval: \`/gateway approvals\`.`,
    inUse: 'used by the routing setting',
  },
  approvals: {
    none: 'No proposals are waiting for approval.',
    title: 'Waiting for approval',
    line: (id: number, what: string, user: string, expires: string) =>
      `*#${id}* ${escapeMrkdwn(what)} — proposed by ${user}, expires ${expires}`,
  },
  audit: {
    none: 'The audit trail is empty.',
    title: (n: number) => `Audit trail (last ${n})`,
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
} as const;
