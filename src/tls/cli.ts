#!/usr/bin/env node
// `npm run tls-test -- HOST [flags]`: the TLS connection test from a terminal, in the language of
// --lang or of the environment (LC_ALL, LC_MESSAGES, LANG).
// Exit status: 0 delivered, 1 bounce, 2 bad input, 3 the test itself failed.
import { createTranslator, type Translator } from '../i18n/translator.ts';
import { parseCliArgs, usage } from './cli-args.ts';
import { TlsTestInputError } from './errors.ts';
import { renderTlsMessage, type TlsMessage, tlsMessage } from './messages.ts';
import { renderTlsJson } from './render-json.ts';
import { renderTlsText } from './render-text.ts';
import { runTlsTest } from './run-tls-test.ts';

function complain(w: Translator, problems: TlsMessage[]): void {
  for (const problem of problems) process.stderr.write(`tls-test: ${renderTlsMessage(w, problem)}\n`);
}

async function main(argv: string[]): Promise<number> {
  const command = parseCliArgs(argv, process.env);
  const w = createTranslator(command.locale, 'plain');
  if (command.kind === 'help') {
    process.stdout.write(`${usage(w)}\n`);
    return 0;
  }
  if (command.kind === 'invalid') {
    complain(w, command.problems);
    if (command.showUsage) process.stderr.write(`${usage(w)}\n`);
    return 2;
  }
  try {
    const result = await runTlsTest(command.route, command.options);
    process.stdout.write(command.json ? renderTlsJson(result, w) : renderTlsText(result, w));
    return result.verdict === 'deliver' ? 0 : 1;
  } catch (error) {
    if (error instanceof TlsTestInputError) {
      complain(w, error.problems);
      return 2;
    }
    complain(w, [tlsMessage('input.testFailed', { detail: String((error as Error).stack ?? error) })]);
    return 3;
  }
}

process.exitCode = await main(process.argv.slice(2));
