// Every sentence the operations side shows in Slack, in one place (a Japanese version can sit beside it).

import type { ControlAction } from '../../domain/ops/relay-action.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';

export const opsCopy = {
  relay: {
    usage: 'relay status|queue|pause|resume|flush|reload|restart [--relay NAME]',
    noRelays: 'No relay is configured: set GATEWAY_CONTROL_URL and GATEWAY_CONTROL_TOKEN (or GATEWAYS).',
    statusTitle: 'Relay status',
    queueTitle: 'Deferred mail by destination',
    queueEmpty: (relay: string) => `\`${escapeMrkdwn(relay)}\`: no deferred mail.`,
    chartPosted: 'The chart of queue depth and deliveries over 24 hours is posted in this channel.',
    chartFallback: (reason: string) =>
      `Queue and deliveries over 24 hours (chart upload not possible: ${escapeMrkdwn(reason)}):`,
    chartComment: (relay: string) => `Queue depth and deliveries, last 24 hours (${escapeMrkdwn(relay)})`,
    actionDone: (action: ControlAction) => `Relay ${action}:`,
    actionProposed: (id: number, action: ControlAction, channel: string) =>
      `Relay action #${id} (${action}) needs a second admin: it waits for approval in <#${channel}>.`,
    refused: (message: string) => `Not done: ${message}.`,
    verb: {
      pause: 'pause (refuse new mail with 421 until resumed)',
      resume: 'resume (accept mail again)',
      flush: 'flush (retry deferred mail now)',
      reload: 'reload (configuration and allowlist)',
      restart: 'restart (graceful: finish, stop, start)',
    } satisfies Record<ControlAction, string>,
  },
  action: {
    title: (id: number, action: ControlAction, relays: string[]) =>
      `Relay action #${id}: ${action} ${escapeMrkdwn(relays.join(', '))}`,
    requestedBy: (user: string, at: string) => `Requested by ${user} ${at}`,
    expires: (at: string) => `Expires ${at} unless approved or rejected.`,
    approve: 'Approve',
    reject: 'Reject',
    confirmRestart: 'Restart the relay now? Open SMTP sessions finish first; new ones wait a few seconds.',
    approvedBy: (user: string, at: string) => `*Approved* by ${user} ${at}`,
    rejectedBy: (user: string, at: string) => `*Rejected* by ${user} ${at}`,
    expired: (command: string) =>
      `*Expired* without a decision. If it is still needed, request it again: \`${command}\``,
    running: ':hourglass_flowing_sand: Running…',
    done: ':white_check_mark: Done',
    failed: ':x: Failed',
  },
  diagnose: {
    usage: 'diagnose [ROUTE|HOST|DOMAIN]',
    title: (subject: string) => `Diagnose: ${escapeMrkdwn(subject)}`,
    running: (pending: number) => `${pending} check${pending === 1 ? '' : 's'} still running…`,
    done: (pass: number, warn: number, fail: number, seconds: string) =>
      `${pass} passed, ${warn} warning${warn === 1 ? '' : 's'}, ${fail} failed, in ${seconds} s`,
    remedy: 'What to do',
    posted: 'The diagnose report is posted in this channel and fills in as checks finish.',
    postFailed: (error: string) =>
      `Posting the report in this channel failed (${escapeMrkdwn(error)}): invite the bot to the channel.`,
  },
  alert: {
    raised: (relay: string, title: string) => `:rotating_light: Relay \`${escapeMrkdwn(relay)}\`: ${title}`,
    resolved: (relay: string, title: string) =>
      `:white_check_mark: Resolved: relay \`${escapeMrkdwn(relay)}\`: ${title}`,
    since: (at: string) => `Since ${at}`,
    resolvedAt: (at: string, detail: string) => `Resolved ${at}: ${escapeMrkdwn(detail)}`,
    title: {
      'relay-unreachable': 'unreachable',
      'queue-age': 'mail is waiting in the queue',
      'deferral-spike': 'deliveries are being deferred',
      'allowlist-refresh': "refreshing Google's ranges fails",
      'cert-expiry': 'certificate expires soon',
      'scanner-down': 'content scanner not answering',
      'archive-failing': 'archive copies failing',
      'outbound-malware': 'malware or spam sent from an account',
    },
  },
  home: {
    title: 'Outbound gateway',
    relays: 'Relays',
    propagation: 'Recent changes',
    noChanges: 'No approved change in progress.',
    alerts: (n: number) => (n === 0 ? 'No open alerts.' : `${n} open alert${n === 1 ? '' : 's'}:`),
    diagnose: 'Diagnose',
    status: 'Status',
    chart: 'Queue and deliveries, last 24 hours',
    noSamples: 'No samples yet: the chart fills in as the bot polls the relays.',
    sentToDm: (what: string) => `${what}: sent to you in a direct message.`,
  },
};
