import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { App } from '@slack/bolt';
import { slashCommandBody } from '../src/console/local-slack/payloads.ts';
import type { LocalSlack } from '../src/console/local-slack/server.ts';
import { createHttpReceiver } from '../src/slack/receivers/http.ts';
import { ALICE, type Cleanup, startSlack, startTestBot } from '../test/support/slack-bot.ts';
import { formBody, postSigned, TEST_SIGNING_SECRET } from '../test/support/slack-signing.ts';

const CONCURRENCY = 50;
const REQUESTS = 2_000;
const WARMUP = 100;
const MAX_SECONDS = 60;

interface Result {
  latencies: number[];
  failures: number;
  seconds: number;
}

/**
 * Bursts of CONCURRENCY requests sent at once; the next burst starts when every request of this one
 * has been acknowledged and answered (its response_url post arrived), so bursts do not pile up.
 */
async function load(
  url: string,
  slack: LocalSlack,
  count: number,
  deadline: number,
  answers: boolean,
): Promise<Result> {
  const latencies: number[] = [];
  let failures = 0;
  let issued = 0;
  const started = performance.now();
  while (issued < count && performance.now() < deadline) {
    const burst = Array.from({ length: Math.min(CONCURRENCY, count - issued) }, () => {
      issued++;
      const responseUrl = slack.newResponseUrl({ userId: ALICE.id, channel: 'C0OPS' });
      const body = formBody(
        slashCommandBody({
          actor: { id: ALICE.id, name: ALICE.name, teamId: slack.teamId },
          command: '/gateway',
          text: issued % 2 ? 'routes' : 'approvals',
          channel: 'C0OPS',
          responseUrl,
          triggerId: slack.newTriggerId(ALICE.id),
        }),
      );
      return { body, responseUrl };
    });
    await Promise.all(
      burst.map(async ({ body }) => {
        const t0 = performance.now();
        const response = await postSigned(url, body);
        const elapsed = performance.now() - t0;
        if (response.status === 200) latencies.push(elapsed);
        else failures++;
      }),
    );
    if (answers) {
      await settled(
        slack,
        burst.map((b) => b.responseUrl),
        deadline,
      );
    }
  }
  return { latencies, failures, seconds: (performance.now() - started) / 1000 };
}

/** Waits (bounded) until the app has answered every request of the burst (the bare peer answers none). */
async function settled(slack: LocalSlack, responseUrls: string[], deadline: number): Promise<void> {
  const until = Math.min(deadline, performance.now() + 10_000);
  while (!responseUrls.every((u) => slack.responses(u).length > 0) && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function report(name: string, result: Result) {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const stats = {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
  console.log(
    `${name.padEnd(22)} ${String(sorted.length).padStart(5)} acks  ${String(result.failures).padStart(3)} failed  ` +
      `p50 ${stats.p50.toFixed(1).padStart(6)} ms  p99 ${stats.p99.toFixed(1).padStart(6)} ms  max ${stats.max.toFixed(1).padStart(6)} ms  ` +
      `${(sorted.length / result.seconds).toFixed(0).padStart(5)} req/s`,
  );
  return stats;
}

async function main() {
  const deadline = performance.now() + MAX_SECONDS * 1000;
  const cleanups: (() => unknown)[] = [];
  const scope: Cleanup = { after: (fn) => cleanups.push(fn) };
  const slack = await startSlack(scope);
  const { url: botUrl } = await startTestBot(scope, slack, { approvers: [ALICE.id] });

  const bare = new App({
    receiver: createHttpReceiver({ signingSecret: TEST_SIGNING_SECRET }),
    token: 'xoxb-test-token',
    botId: slack.botId,
    botUserId: slack.botUserId,
    clientOptions: { slackApiUrl: slack.apiUrl },
  });
  bare.command('/gateway', async ({ ack }) => {
    await ack();
  });
  const bareServer = (await bare.start({ port: 0, host: '127.0.0.1' })) as Server;
  const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/slack/events`;

  try {
    console.log(
      `bursts of ${CONCURRENCY} concurrent signed /gateway requests over HTTP on loopback, ${REQUESTS} per app`,
    );
    await load(bareUrl, slack, WARMUP, deadline, false);
    await load(botUrl, slack, WARMUP, deadline, true);
    const peer = report('bare Bolt (ack only)', await load(bareUrl, slack, REQUESTS, deadline, false));
    const ours = report('gateway bot', await load(botUrl, slack, REQUESTS, deadline, true));
    console.log(
      `ratio gateway/bare: p50 ${(ours.p50 / peer.p50).toFixed(2)}x  p99 ${(ours.p99 / peer.p99).toFixed(2)}x; ` +
        `goal p99 < 100 ms: ${ours.p99 < 100 ? 'met' : 'NOT met'} (Slack's limit is 3000 ms)`,
    );
  } finally {
    await bare.stop();
    // reverse order: the bot stops before the local Slack API it calls
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

await main();
