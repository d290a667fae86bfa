// Command-line arguments of `npm run tls-test`, checked with one clear message per problem.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { parseRouteTarget } from '../domain/route-target.ts';
import type { Locale } from '../i18n/locale.ts';
import { isLocale } from '../i18n/locale.ts';
import type { Translator } from '../i18n/translator.ts';
import { type TlsMessage, tlsMessage } from './messages.ts';
import { MAX_TIMEOUT_MS } from './run-tls-test.ts';
import type { RouteTlsOptions, TlsTestOptions } from './types.ts';

/** The usage text in the translator's language. */
export function usage(w: Translator): string {
  return w.t('tls.usage', { max: MAX_TIMEOUT_MS });
}

/**
 * The language of the report when --lang is not given: the first of LC_ALL, LC_MESSAGES and LANG
 * that is set, as the C library reads them; Japanese for ja (ja_JP.UTF-8), English for anything else.
 */
export function localeFromEnv(env: NodeJS.ProcessEnv): Locale {
  const value = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return value !== undefined && /^ja(?:[_.@-]|$)/i.test(value) ? 'ja' : 'en';
}

/** What to do, and in which language to say it (even when the arguments are wrong). */
export type CliCommand = { locale: Locale } & (
  | { kind: 'help' }
  | { kind: 'run'; route: RouteTlsOptions; options: TlsTestOptions; json: boolean }
  | { kind: 'invalid'; problems: TlsMessage[]; showUsage?: boolean }
);

function dnsServerProblem(value: string): TlsMessage | undefined {
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(value);
  const withPort = /^([^:]+):(\d{1,5})$/.exec(value);
  const [address, port] = bracketed
    ? [bracketed[1] ?? '', bracketed[2]]
    : withPort
      ? [withPort[1] ?? '', withPort[2]]
      : [value, undefined];
  if (!isIP(address) || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) {
    return tlsMessage('input.dnsFlag', { value });
  }
  return undefined;
}

/** --lang as written (also when the rest of the command line does not parse). */
function langArgument(argv: string[]): string | undefined {
  let found: string | undefined;
  for (const [index, arg] of argv.entries()) {
    if (arg === '--') break;
    if (arg === '--lang') found = argv[index + 1] ?? '';
    else if (arg.startsWith('--lang=')) found = arg.slice('--lang='.length);
  }
  return found;
}

export function parseCliArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  readFile = (path: string) => readFileSync(path, 'utf8'),
): CliCommand {
  const lang = langArgument(argv);
  const locale = lang !== undefined && isLocale(lang) ? lang : localeFromEnv(env);
  const langProblem =
    lang !== undefined && !isLocale(lang) ? tlsMessage('input.lang', { value: lang }) : undefined;
  let parsed: ReturnType<typeof parseWith>;
  try {
    parsed = parseWith(argv);
  } catch (error) {
    return {
      locale,
      kind: 'invalid',
      problems: [
        ...(langProblem ? [langProblem] : []),
        tlsMessage('input.arguments', { detail: (error as Error).message }),
      ],
      showUsage: true,
    };
  }
  const { values, positionals } = parsed;
  if (langProblem) return { locale, kind: 'invalid', problems: [langProblem] };
  if (values.help) return { locale, kind: 'help' };

  const problems: TlsMessage[] = [];
  if (positionals.length === 0) problems.push(tlsMessage('input.noHost'));
  if (positionals.length > 1) problems.push(tlsMessage('input.manyHosts', { hosts: positionals.join(' ') }));
  const hostInput = positionals[0] ?? '';
  const target = positionals.length === 1 ? parseRouteTarget(hostInput, values.port) : undefined;
  if (target && !target.ok) {
    problems.push(...target.problems.map((problem) => tlsMessage('input.target', { problem })));
  }

  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    timeoutMs = Number(values.timeout);
    if (!/^\d+$/.test(values.timeout) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
      problems.push(tlsMessage('input.timeoutFlag', { value: values.timeout, max: MAX_TIMEOUT_MS }));
    }
  }
  for (const server of values.dns ?? []) {
    const problem = dnsServerProblem(server);
    if (problem) problems.push(problem);
  }
  const extraCa: string[] = [];
  for (const file of values.ca ?? []) {
    try {
      const text = readFile(file);
      if (!text.includes('-----BEGIN CERTIFICATE-----')) {
        problems.push(tlsMessage('input.caNoPem', { file }));
      } else extraCa.push(text);
    } catch (error) {
      const detail = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      problems.push(tlsMessage('input.caUnreadable', { file, detail }));
    }
  }
  if (problems.length > 0 || !target?.ok) return { locale, kind: 'invalid', problems };

  return {
    locale,
    kind: 'run',
    route: {
      host: target.target.host,
      port: target.target.port,
      mxLookup: values.mx ?? false,
      requireTls: !values['no-tls'],
      requireCaSigned: !values['no-ca'],
      validateHostname: !values['no-hostname'],
    },
    options: {
      ...(extraCa.length > 0 ? { extraCa } : {}),
      ...(values.dns && values.dns.length > 0 ? { dnsServers: values.dns } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    },
    json: values.json ?? false,
  };
}

function parseWith(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      mx: { type: 'boolean' },
      'no-tls': { type: 'boolean' },
      'no-ca': { type: 'boolean' },
      'no-hostname': { type: 'boolean' },
      ca: { type: 'string', multiple: true },
      dns: { type: 'string', multiple: true },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
