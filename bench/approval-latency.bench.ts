// Approval latency on each store: rounds of 50 approvers clicking Approve on the same proposal at
// once (signed block_actions over HTTP to the real Bolt receiver). Latency is from sending the click
// to the change service's decision being stored or refused (the compare-and-set), which includes
// the delivery claim and the store's transaction. Each round must give exactly one approval.
// PostgreSQL runs on a throwaway local server (skipped, with the reason, when it cannot start).
import { performance } from 'node:perf_hooks';
import type { ChangeService } from '../src/changes/change-service.ts';
import { blockActionsBody } from '../src/console/local-slack/payloads.ts';
import type { LocalSlack } from '../src/console/local-slack/server.ts';
import { ACTION_APPROVE } from '../src/slack/blocks/proposal.ts';
import { openPostgresStore } from '../src/store/pg-store.ts';
import type { Store } from '../src/store/repositories.ts';
import { startPostgres } from '../test/support/postgres.ts';
import {
  ALICE,
  type Cleanup,
  findButton,
  startSlack,
  startTestBot,
  type TestBot,
} from '../test/support/slack-bot.ts';
import { interactionBody, postSigned } from '../test/support/slack-signing.ts';

const CLICKS = 50;
const ROUNDS = 20;
const MAX_SECONDS_PER_STORE = 60;
const APPROVERS = Array.from({ length: CLICKS }, (_, i) => `U0APPR${String(i).padStart(3, '0')}`);

interface Result {
  latencies: number[];
  rounds: number;
  /** Rounds that did not give exactly one approval (must be 0). */
  wrongRounds: number;
}

/** Resolves when changes.approve(id, actor) has returned, with when. */
function watchDecisions(changes: ChangeService) {
  const waiting = new Map<string, (at: number) => void>();
  const original = changes.approve.bind(changes);
  changes.approve = async (id, actor, options) => {
    const result = await original(id, actor, options);
    waiting.get(`${id}:${actor}`)?.(performance.now());
    return result;
  };
  return (id: number, actor: string) =>
    new Promise<number>((resolve) => {
      waiting.set(`${id}:${actor}`, resolve);
    });
}

async function run(
  bot: TestBot,
  slack: LocalSlack,
  deadline: number,
  prefix: string,
  rounds = ROUNDS,
): Promise<Result> {
  const decided = watchDecisions(bot.bot.changes);
  const result: Result = { latencies: [], rounds: 0, wrongRounds: 0 };
  for (let round = 0; round < rounds && performance.now() < deadline; round++) {
    const before = bot.approvalMessages().length;
    const { reply } = await bot.command(ALICE, `add-route ${prefix}-${round} 127.0.0.1:2525 --no-tls`);
    const proposed = /Proposed change #(\d+)/.exec(reply?.text ?? '');
    if (!proposed) throw new Error(`no proposal: ${reply?.text}`);
    const id = Number(proposed[1]);
    const message = bot.approvalMessages()[before];
    const found = message && findButton(message, ACTION_APPROVE);
    if (!message || !found) throw new Error('no approval message with an Approve button');
    const clicks = APPROVERS.map((approver) => {
      const payload = blockActionsBody({
        actor: { id: approver, name: approver.toLowerCase(), teamId: slack.teamId },
        button: found.button,
        blockId: found.blockId,
        message,
        responseUrl: slack.newResponseUrl({
          userId: approver,
          channel: message.channel,
          messageTs: message.ts,
        }),
        triggerId: slack.newTriggerId(approver),
      });
      return { approver, body: interactionBody(payload) };
    });
    await Promise.all(
      clicks.map(async ({ approver, body }) => {
        const done = decided(id, approver);
        const t0 = performance.now();
        const response = await postSigned(bot.url, body);
        if (response.status !== 200) throw new Error(`click refused: ${response.status}`);
        const at = await Promise.race([
          done,
          new Promise<number>((_, reject) =>
            setTimeout(() => reject(new Error('no decision in 10 s')), 10_000),
          ),
        ]);
        result.latencies.push(at - t0);
      }),
    );
    const approvals = (await bot.bot.store.audit.list({ limit: 200, changeId: id })).filter(
      (e) => e.action === 'approved',
    );
    if (approvals.length !== 1) result.wrongRounds++;
    result.rounds++;
  }
  return result;
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
    `${name.padEnd(11)} ${String(sorted.length).padStart(5)} clicks in ${String(result.rounds).padStart(2)} rounds  ` +
      `p50 ${stats.p50.toFixed(1).padStart(6)} ms  p99 ${stats.p99.toFixed(1).padStart(6)} ms  max ${stats.max.toFixed(1).padStart(6)} ms  ` +
      `rounds without exactly one approval: ${result.wrongRounds}`,
  );
  return stats;
}

async function measure(name: string, store: Store | undefined): Promise<ReturnType<typeof report>> {
  const cleanups: (() => unknown)[] = [];
  const scope: Cleanup = { after: (fn) => cleanups.push(fn) };
  try {
    const slack = await startSlack(scope);
    const bot = await startTestBot(scope, slack, {
      approvers: APPROVERS,
      requesters: [ALICE.id],
      ...(store ? { store } : {}),
    });
    await run(bot, slack, performance.now() + 10_000, 'warmup', 2);
    return report(name, await run(bot, slack, performance.now() + MAX_SECONDS_PER_STORE * 1000, 'relay'));
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

async function main() {
  console.log(
    `${CLICKS} approvers click Approve on the same proposal at once, up to ${ROUNDS} rounds per store`,
  );
  const sqlite = await measure('SQLite', undefined);
  const pg = await startPostgres();
  if (!pg.ok) {
    console.log(`PostgreSQL bench did not run: ${pg.reason}`);
    return;
  }
  try {
    const store = await openPostgresStore({ url: await pg.server.newDatabase(), poolSize: 10 });
    const postgres = await measure('PostgreSQL', store);
    console.log(
      `ratio PostgreSQL/SQLite: p50 ${(postgres.p50 / sqlite.p50).toFixed(2)}x  p99 ${(postgres.p99 / sqlite.p99).toFixed(2)}x`,
    );
  } finally {
    await pg.server.stop();
  }
}

await main();
