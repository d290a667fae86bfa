#!/usr/bin/env node
// `npm run tls-test -- HOST [flags]`: the TLS connection test from a terminal.
// Exit status: 0 delivered, 1 bounce, 2 bad input, 3 the test itself failed.
import { parseCliArgs, USAGE } from './cli-args.ts';
import { TlsTestInputError } from './errors.ts';
import { renderTlsJson } from './render-json.ts';
import { renderTlsText } from './render-text.ts';
import { runTlsTest } from './run-tls-test.ts';

async function main(argv: string[]): Promise<number> {
  const command = parseCliArgs(argv);
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command.kind === 'invalid') {
    for (const problem of command.problems) process.stderr.write(`tls-test: ${problem}\n`);
    return 2;
  }
  try {
    const result = await runTlsTest(command.route, command.options);
    process.stdout.write(command.json ? renderTlsJson(result) : renderTlsText(result));
    return result.verdict === 'deliver' ? 0 : 1;
  } catch (error) {
    if (error instanceof TlsTestInputError) {
      for (const problem of error.problems) process.stderr.write(`tls-test: ${problem}\n`);
      return 2;
    }
    process.stderr.write(`tls-test: the test itself failed: ${(error as Error).stack ?? error}\n`);
    return 3;
  }
}

process.exitCode = await main(process.argv.slice(2));
