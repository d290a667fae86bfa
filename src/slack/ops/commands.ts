// /gateway relay ... and /gateway diagnose: parse, call the operations services, render.

import { reportStatus } from '../../domain/ops/diagnose-report.ts';
import { type ControlAction, isControlAction } from '../../domain/ops/relay-action.ts';
import { phrase } from '../../i18n/phrase.ts';
import { DiagnoseInputError, resolveSubject, runDiagnose } from '../../ops/diagnose-runner.ts';
import { certificateOf, type OpsServices } from '../../ops/ops-services.ts';
import { unknownRelay } from '../../ops/relay-actions.ts';
import { readRelay } from '../../ops/relay-reader.ts';
import { type AnyBlock, codeBlock, context, header, section } from '../blocks/kit.ts';
import { type CommandContext, type Subcommand, UsageError } from '../commands/router.ts';
import { safeErrorMessage } from '../safe-error.ts';
import { sayMrkdwn, type Words } from '../words.ts';
import { outcomeLine } from './action-blocks.ts';
import { uploadChart } from './chart-upload.ts';
import { diagnoseMessage } from './diagnose-blocks.ts';
import { relayHeadline, relayQueueBlocks, relayStatusBlocks } from './status-blocks.ts';

const VERBS = ['status', 'queue', 'pause', 'resume', 'flush', 'reload', 'restart'] as const;

/** `--relay NAME` (or `--relay=NAME`) anywhere; the other words are returned in order. */
export function parseRelayArgs(args: string[]): { relay?: string; rest: string[] } {
  const rest: string[] = [];
  let relay: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const word = (args[i] as string).replace(/^—/, '--');
    if (word === '--relay' || word.startsWith('--relay=')) {
      const value = word.includes('=') ? word.slice('--relay='.length) : args[++i];
      if (!value) throw new UsageError(phrase('usage.relayNeedsName'));
      relay = value;
    } else if (word.startsWith('--')) {
      throw new UsageError(phrase('usage.relayUnknownFlag', { flag: args[i] as string }));
    } else {
      rest.push(word);
    }
  }
  return relay === undefined ? { rest } : { relay, rest };
}

export function relayCommand(ops: OpsServices): Subcommand {
  return {
    name: 'relay',
    readOnly: (args) => {
      try {
        const verb = parseRelayArgs(args).rest[0]?.toLowerCase();
        return verb === 'status' || verb === 'queue';
      } catch {
        return false;
      }
    },
    usage: 'relay status|queue|pause|resume|flush|reload|restart [--relay NAME]',
    summary: (w) => w.t('summary.relay'),
    examples: ['/gateway relay status', '/gateway relay restart --relay mx1'],
    async run(context) {
      const { relay, rest } = parseRelayArgs(context.args);
      const [verb, ...more] = rest;
      if (!verb || !(VERBS as readonly string[]).includes(verb.toLowerCase())) {
        throw new UsageError(verb ? phrase('usage.notRelayCommand', { verb }) : phrase('usage.relayWhat'));
      }
      if (ops.fleet.clients.length === 0) {
        await context.reply(context.words.t('relay.noRelays'));
        return;
      }
      const unknown = unknownRelay(ops.fleet, relay);
      if (unknown) throw new UsageError(unknown);
      const names = ops.fleet.select(relay).map((c) => c.name);
      const lowered = verb.toLowerCase();
      if (lowered === 'status') return relayStatus(ops, context, names, relay);
      if (lowered === 'queue') return relayQueue(ops, context, names);
      if (!isControlAction(lowered)) throw new UsageError(phrase('usage.notRelayCommand', { verb }));
      return relayAction(ops, context, lowered, relay, more.join(' ') || undefined);
    },
  };
}

async function relayStatus(
  ops: OpsServices,
  context: CommandContext,
  names: string[],
  relay?: string,
): Promise<void> {
  const snapshots = (await ops.monitor.tick()).filter((s) => names.includes(s.relay));
  const w = context.words;
  const blocks: AnyBlock[] = [header(w.t('relay.statusTitle'))];
  for (const snapshot of snapshots) {
    blocks.push(...relayStatusBlocks(w, snapshot, await certificateOf(ops, snapshot.relay)));
  }
  const series = ops.monitor.series(relay);
  if (series) {
    const chart = await uploadChart(context.client, series, {
      title: w.t('relay.chartTitle', { relay: relay ?? names.join(', ') }),
      channel: context.channelId,
      comment: w.t('relay.chartComment', { relay: relay ?? names.join(', ') }),
    });
    blocks.push(
      chart.uploaded
        ? { type: 'context', elements: [{ type: 'mrkdwn', text: w.t('relay.chartPosted') }] }
        : section(`${w.t('relay.chartFallback', { reason: chart.reason })}\n${codeBlock([chart.text])}`),
    );
  }
  await context.reply({ text: snapshots.map((s) => relayHeadline(w, s)).join('\n'), blocks });
}

async function relayQueue(ops: OpsServices, context: CommandContext, names: string[]): Promise<void> {
  const clients = names.flatMap((n) => ops.fleet.select(n));
  const snapshots = await Promise.all(clients.map((c) => readRelay(c, ops.now(), { withQueue: true })));
  const blocks: AnyBlock[] = [header(context.words.t('relay.queueTitle'))];
  for (const s of snapshots) {
    blocks.push(
      ...(s.reachable
        ? relayQueueBlocks(context.words, s.relay, s.deferred ?? [])
        : [section(relayHeadline(context.words, s))]),
    );
  }
  const total = snapshots.reduce((n, s) => n + (s.deferred ?? []).reduce((m, d) => m + d.messages, 0), 0);
  await context.reply({ text: context.words.t('relay.deferredTotal', { count: total }), blocks });
}

async function relayAction(
  ops: OpsServices,
  context: CommandContext,
  action: ControlAction,
  relay: string | undefined,
  reason: string | undefined,
): Promise<void> {
  const result = await ops.actions.request(context.userId, action, relay, reason);
  const w = context.words;
  switch (result.type) {
    case 'refused':
      await context.reply(w.t('relay.refused', { message: sayMrkdwn(w, result.problem) }));
      return;
    case 'proposed':
      await context.reply(
        w.t('relay.actionProposed', {
          id: result.request.id,
          action: w.t(`action.name.${action}`),
          channel: ops.approvalsChannel,
        }),
      );
      return;
    case 'done': {
      const done = w.t('relay.actionDone', { action: w.t(`action.name.${action}`) });
      const lines = result.outcomes.map((o) => outcomeLine(w, o)).join('\n');
      await context.reply({ text: `${done}\n${lines}`, blocks: [section(`*${done}*\n${lines}`)] });
    }
  }
}

export function diagnoseCommand(ops: OpsServices): Subcommand {
  return {
    name: 'diagnose',
    readOnly: true,
    usage: 'diagnose [ROUTE|HOST|DOMAIN]',
    summary: (w) => w.t('summary.diagnose'),
    examples: ['/gateway diagnose primary'],
    async run(context) {
      if (context.args.length > 1) throw new UsageError(phrase('usage.diagnoseOneArg'));
      const arg = context.args[0];
      if (arg !== undefined) {
        const state = await ops.changes.desiredState();
        let subject: ReturnType<typeof resolveSubject>;
        try {
          subject = resolveSubject(arg, state);
        } catch (error) {
          if (error instanceof DiagnoseInputError) throw new UsageError(error.problem);
          throw error;
        }
        // Not a configured route: only public addresses, so diagnose cannot scan the bot's network.
        const configured = (host: string, port: number) =>
          state.routes.some((r) => r.host.toLowerCase() === host.toLowerCase() && r.port === port);
        if (subject.kind === 'host' && !configured(subject.host, subject.port)) {
          const target = await context.services.targets.check(subject.host, 'auto');
          if (!target.allowed) {
            await context.reply(context.words.t('command.privateTarget', { reason: target.reason }));
            return;
          }
        }
      }
      await postDiagnose(ops, context.client, context.channelId, context.args[0], context.reply, {
        report: context.services.readers.channel,
        reply: context.words,
      });
    },
  };
}

/** Posts the report as one message and updates it as checks finish. */
export async function postDiagnose(
  ops: OpsServices,
  client: CommandContext['client'],
  channel: string,
  arg: string | undefined,
  reply: CommandContext['reply'],
  /** The report is for the channel (DEFAULT_LOCALE); the notes about it for the person who asked. */
  words: { report: Words; reply: Words },
): Promise<void> {
  let posted: { channel: string; ts: string } | undefined;
  let failed = false;
  try {
    const report = await runDiagnose(ops.diagnose, arg, async (report) => {
      if (failed) return;
      const message = diagnoseMessage(words.report, report);
      try {
        if (!posted) {
          const result = await client.chat.postMessage({ channel, ...message });
          posted = { channel: String(result.channel), ts: String(result.ts) };
        } else {
          await client.chat.update({ channel: posted.channel, ts: posted.ts, ...message });
        }
      } catch (error) {
        failed = true;
        await reply(words.reply.t('diagnose.postFailed', { error: safeErrorMessage(error) }));
      }
    });
    if (failed) await reply(diagnoseMessage(words.reply, report));
    else if (reportStatus(report) !== 'running')
      await reply({
        text: words.reply.t('diagnose.posted'),
        blocks: [context(words.reply.t('diagnose.posted'))],
      });
  } catch (error) {
    if (error instanceof DiagnoseInputError) throw new UsageError(error.problem);
    throw error;
  }
}
