// npm run db:copy -- --from FILE.db --to postgres://...  (see docs/bot.md, "Two replicas").
import { parseArgs } from 'node:util';
import { CopyRefused, copySqliteToPostgres } from './copy.ts';
import { describePostgresUrl } from './pg-store.ts';

const USAGE = 'usage: npm run db:copy -- --from FILE.db --to postgres://USER:PASSWORD@HOST:5432/DATABASE';

async function main(): Promise<number> {
  let from: string | undefined;
  let to: string | undefined;
  try {
    const { values } = parseArgs({
      options: { from: { type: 'string' }, to: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    from = values.from;
    to = values.to;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!from || !to) {
    console.error(`${!from ? '--from' : '--to'} is required\n${USAGE}`);
    return 2;
  }
  if (!/^postgres(ql)?:\/\//.test(to)) {
    console.error(`--to must be a postgres:// URL (seen: a value starting "${to.slice(0, 10)}")\n${USAGE}`);
    return 2;
  }
  try {
    const counts = await copySqliteToPostgres(from, to);
    const summary = Object.entries(counts)
      .map(([table, n]) => `${table} ${n}`)
      .join(', ');
    console.log(`copied ${from} to ${describePostgresUrl(to)}: ${summary}`);
    return 0;
  } catch (error) {
    const message = (error as Error).message.split(to).join(describePostgresUrl(to));
    console.error(
      error instanceof CopyRefused ? message : `the copy failed, nothing was written: ${message}`,
    );
    return 1;
  }
}

main().then((code) => process.exit(code));
