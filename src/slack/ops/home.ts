// The operations part of App Home: recent changes and their propagation, each relay's health with
// buttons for the common actions, open alerts, and the 24-hour chart (or its sparkline).

import type { webApi } from '@slack/bolt';
import { chartText } from '../../chart/sparkline.ts';
import type { ChangeRequest } from '../../domain/change-request.ts';
import type { OpsServices } from '../../ops/ops-services.ts';
import { changeText } from '../blocks/change-text.ts';
import { type AnyBlock, codeBlock, context, header, plain, section } from '../blocks/kit.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { say, type Words } from '../words.ts';
import { alertTitle } from './alert-blocks.ts';
import { uploadChart } from './chart-upload.ts';
import { relayHeadline, relayHomeLine } from './status-blocks.ts';

export const ACTION_HOME_RELAY = 'ops_home_relay';
const CHART_CACHE_MS = 10 * 60_000;

const PROPAGATING = new Set(['approved', 'applied', 'live', 'stalled']);

export function homeSection(ops: OpsServices, client: webApi.WebClient) {
  let chart: { fileId: string; at: number } | undefined;
  return async (_userId: string, w: Words): Promise<AnyBlock[]> => {
    const blocks: AnyBlock[] = [header(w.t('opsHome.propagation'))];
    const changes = (await ops.changes.recent(20)).filter((r) => PROPAGATING.has(r.state)).slice(0, 5);
    blocks.push(
      section(changes.length ? changes.map((r) => changeLine(w, r)).join('\n') : w.t('opsHome.noChanges')),
    );

    blocks.push(header(w.t('opsHome.relays')));
    const snapshots = await ops.monitor.tick();
    for (const s of snapshots) {
      blocks.push(section(relayHeadline(w, s)));
      if (s.reachable) {
        blocks.push(context(relayHomeLine(w, s)));
      }
      blocks.push(relayButtons(w, s.relay, s.paused === true));
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
          w.t('opsHome.alerts', { count: alerts.length }),
          ...alerts.map(
            (a) =>
              `• \`${escapeMrkdwn(a.relay)}\` ${alertTitle(w, a.kind)}: ${escapeMrkdwn(say(w, a.detail))}`,
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
          blocks.push(section(`*${w.t('opsHome.chart')}*\n${codeBlock([chartText(series)])}`, 'ops_chart'));
      }
      if (chart) {
        blocks.push({
          type: 'image',
          block_id: 'ops_chart',
          slack_file: { id: chart.fileId },
          alt_text: w.t('opsHome.chart'),
          title: plain(w.t('opsHome.chart')),
        } as unknown as AnyBlock);
      }
    } else {
      blocks.push(context(w.t('opsHome.noSamples')));
    }
    return blocks;
  };
}

function changeLine(w: Words, r: ChangeRequest): string {
  const at = r.stalledAt ?? r.liveAt ?? r.appliedAt ?? r.decidedAt ?? r.createdAt;
  const state =
    r.state === 'applied' && !r.appliedVerified
      ? w.t('audit.state.appliedUnverified')
      : w.t(`audit.state.${r.state}`);
  return w.t('opsHome.changeLine', { id: r.id, what: changeText(w, r.change), state, at: w.date(at) });
}

function relayButtons(w: Words, relay: string, paused: boolean): AnyBlock {
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
      button(w.t('opsHome.status'), 'status'),
      button(w.t('opsHome.diagnose'), 'diagnose', 'primary'),
      paused ? button(w.t('opsHome.resume'), 'resume') : button(w.t('opsHome.pause'), 'pause'),
      button(w.t('opsHome.flush'), 'flush'),
      button(w.t('opsHome.reload'), 'reload'),
      button(w.t('opsHome.restart'), 'restart', 'danger'),
    ],
  } as AnyBlock;
}
