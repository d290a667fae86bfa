// The test bot (real Bolt app, HTTP receiver) in its own process, so a bench can measure its memory
// alone. Sends {url} to the parent once listening; answers 'memory' with its RSS and heap in bytes.
import { type Cleanup, startSlack, startTestBot } from '../../test/support/slack-bot.ts';

const cleanups: (() => unknown)[] = [];
const scope: Cleanup = { after: (fn) => cleanups.push(fn) };
const slack = await startSlack(scope);
const bot = await startTestBot(scope, slack, {
  logger: {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: () => {},
    setLevel: () => {},
    getLevel: () => 'error' as never,
    setName: () => {},
  },
});

process.on('message', async (message: string) => {
  if (message === 'memory') {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ rss, heapUsed, remembered: bot.receiver.replayMemory.size });
  } else if (message === 'stop') {
    for (const cleanup of cleanups.reverse()) await cleanup();
    process.exit(0);
  }
});
process.send?.({ url: bot.url });
