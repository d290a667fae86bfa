// The 24-hour chart as a PNG uploaded with files.uploadV2, or the text sparkline when that fails
// (no files:write scope, uploads disabled, the bot not in the channel).
import type { webApi } from '@slack/bolt';
import { renderRelayChart } from '../../chart/relay-chart.ts';
import { chartText } from '../../chart/sparkline.ts';
import type { ChartSeries } from '../../domain/ops/chart-data.ts';
import { safeErrorMessage } from '../safe-error.ts';

export type ChartResult =
  | { uploaded: true; fileId: string }
  | { uploaded: false; reason: string; text: string };

export async function uploadChart(
  client: webApi.WebClient,
  series: ChartSeries,
  options: { title: string; channel?: string; comment?: string },
): Promise<ChartResult> {
  try {
    const { png } = renderRelayChart(series, options.title);
    const result = (await client.filesUploadV2({
      file: png,
      filename: 'relay-24h.png',
      title: options.title,
      alt_text: 'Queue depth and delivered messages over the last 24 hours',
      ...(options.channel ? { channel_id: options.channel } : {}),
      ...(options.comment ? { initial_comment: options.comment } : {}),
    })) as { files?: Array<{ files?: Array<{ id?: string }> }> };
    const fileId = result.files?.[0]?.files?.[0]?.id;
    if (!fileId) return { uploaded: false, reason: 'Slack returned no file', text: chartText(series) };
    return { uploaded: true, fileId };
  } catch (error) {
    return { uploaded: false, reason: safeErrorMessage(error), text: chartText(series) };
  }
}
