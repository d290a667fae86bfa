// The operations part of App Home: recent changes and their propagation, each relay's health with
// buttons for the common actions, open alerts, and the 24-hour chart (or its sparkline).

import type { webApi } from '@slack/bolt';
import { chartText } from '../../chart/sparkline.ts';
import type { ChangeRequest } from '../../domain/change-request.ts';
import { describeChange } from '../../domain/desired-state.ts';
import type { OpsServices } from '../../ops/ops-services.ts';
import { type AnyBlock, codeBlock, context, header, plain, section, slackDate } from '../blocks/kit.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { uploadChart } from './chart-upload.ts';
import { opsCopy } from './copy.ts';
import { relayHeadline } from './status-blocks.ts';

export const ACTION_HOME_RELAY = 'ops_home_relay';
const CHART_CACHE_MS = 10 * 60_000;

const PROPAGATING = new Set(['approved', 'applied', 'live', 'stalled']);

export function homeSection(ops: OpsServices, client: webApi.WebClient) {
  let chart: { fileId: string; at: number } | undefined;
  return async (): Promise<AnyBlock[]> => {
    const c = opsCopy.home;
    const blocks: AnyBlock[] = [header(c.propagation)];
    const changes = (await ops.changes.recent(20)).filter((r) => PROPAGATING.has(r.state)).slice(0, 5);
    blocks.push(section(changes.length ? changes.map(changeLine).join('\n') : c.noChanges));

    blocks.push(header(c.relays));
    const snapshots = await ops.monitor.tick();
    for (const s of snapshots) {
      blocks.push(section(relayHeadline(s)));
      if (s.reachable) {
        blocks.push(
          context(
            `Queue ${s.queue?.messages ?? 0}${s.queue?.oldestAgeSeconds ? ` (oldest ${Math.round(s.queue.oldestAgeSeconds / 60)} min)` : ''} · delivered ${s.counters?.delivered ?? 0} · deferred ${s.counters?.deferred ?? 0} · allowlist ${s.allowlist?.size ?? 0} ranges`,
          ),
        );
      }
      blocks.push(relayButtons(s.relay, s.paused === true));
    }
    const pending = await ops.actions.pending();
    if (pending.length > 0) {
      blocks.push(
        context(
          ...pending
            .slice(0, 5)
            .map(
              (r) =>
                `Relay action #${r.id} (${r.action} ${escapeMrkdwn(r.relays.join(', '))}) waits for approval`,
            ),
        ),
      );
    }
    const alerts = await ops.monitor.activeAlerts();
    blocks.push(
      section(
        [
          c.alerts(alerts.length),
          ...alerts.map(
            (a) => `• \`${escapeMrkdwn(a.relay)}\` ${opsCopy.alert.title[a.kind]}: ${escapeMrkdwn(a.detail)}`,
          ),
        ].join('\n'),
        'ops_alerts',
      ),
    );

    const series = ops.monitor.series();
    if (series?.queueDepth.some((v) => v !== null)) {
      if (!chart || ops.now() - chart.at > CHART_CACHE_MS) {
        const uploaded = await uploadChart(client, series, { title: 'Relays, last 24 h' });
        chart = uploaded.uploaded ? { fileId: uploaded.fileId, at: ops.now() } : undefined;
        if (!uploaded.uploaded)
          blocks.push(section(`*${c.chart}*\n${codeBlock([chartText(series)])}`, 'ops_chart'));
      }
      if (chart) {
        blocks.push({
          type: 'image',
          block_id: 'ops_chart',
          slack_file: { id: chart.fileId },
          alt_text: c.chart,
          title: plain(c.chart),
        } as unknown as AnyBlock);
      }
    } else {
      blocks.push(context(c.noSamples));
    }
    return blocks;
  };
}

function changeLine(r: ChangeRequest): string {
  const at = r.stalledAt ?? r.liveAt ?? r.appliedAt ?? r.decidedAt ?? r.createdAt;
  const state = r.state === 'applied' && !r.appliedVerified ? 'applied (unverified)' : r.state;
  return `• Change #${r.id} (${escapeMrkdwn(describeChange(r.change))}): *${state}* since ${slackDate(at)}`;
}

function relayButtons(relay: string, paused: boolean): AnyBlock {
  const button = (label: string, action: string, style?: 'primary' | 'danger') => ({
    type: 'button' as const,
    action_id: `${ACTION_HOME_RELAY}_${action}`,
    text: plain(label),
    value: JSON.stringify({ relay, action }),
    ...(style ? { style } : {}),
  });
  return {
    type: 'actions',
    block_id: `ops_relay_${relay}`,
    elements: [
      button(opsCopy.home.status, 'status'),
      button(opsCopy.home.diagnose, 'diagnose', 'primary'),
      paused ? button('Resume', 'resume') : button('Pause', 'pause'),
      button('Flush', 'flush'),
      button('Reload', 'reload'),
      button('Restart', 'restart', 'danger'),
    ],
  } as AnyBlock;
}
