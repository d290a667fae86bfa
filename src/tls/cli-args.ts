// Command-line arguments of `npm run tls-test`, checked with one clear message per problem.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { parseRouteTarget } from '../domain/route-target.ts';
import { MAX_TIMEOUT_MS } from './run-tls-test.ts';
import type { RouteTlsOptions, TlsTestOptions } from './types.ts';

export const USAGE = `usage: npm run tls-test -- HOST [--port N] [--mx] [--no-tls] [--no-ca] [--no-hostname]
                         [--ca FILE]... [--dns IP[:PORT]]... [--timeout MS] [--json]
  HOST            the route's host name or IP address (HOST:PORT and [IPv6]:PORT work too)
  --port N        25 (default), 587 or 1024-65535; Google does not allow 465
  --mx            "Perform MX lookup on host": test every MX host of HOST
  --no-tls        "Require secure transport (TLS)" off (the CA and host name checks go with it)
  --no-ca         "Require CA signed certificate" off (the host name check goes with it)
  --no-hostname   "Validate certificate hostname" off
  --ca FILE       extra trusted CA certificates (PEM), e.g. a lab's private root; repeatable
  --dns IP[:PORT] DNS server to resolve with instead of the system's; repeatable
  --timeout MS    time limit per target, 1-${MAX_TIMEOUT_MS} ms (default 10000)
  --json          print the result as JSON instead of text
exit status: 0 mail would be delivered, 1 it would bounce, 2 bad input, 3 the test itself failed`;

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'run'; route: RouteTlsOptions; options: TlsTestOptions; json: boolean }
  | { kind: 'invalid'; problems: string[] };

function dnsServerProblem(value: string): string | undefined {
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(value);
  const withPort = /^([^:]+):(\d{1,5})$/.exec(value);
  const [address, port] = bracketed
    ? [bracketed[1] ?? '', bracketed[2]]
    : withPort
      ? [withPort[1] ?? '', withPort[2]]
      : [value, undefined];
  if (!isIP(address) || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) {
    return `--dns "${value}" is not an IP address or IP:PORT: give e.g. 192.0.2.53, 127.0.0.1:5353 or [::1]:5353`;
  }
  return undefined;
}

export function parseCliArgs(
  argv: string[],
  readFile = (path: string) => readFileSync(path, 'utf8'),
): CliCommand {
  let parsed: ReturnType<typeof parseWith>;
  try {
    parsed = parseWith(argv);
  } catch (error) {
    return { kind: 'invalid', problems: [`${(error as Error).message}\n${USAGE}`] };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };

  const problems: string[] = [];
  if (positionals.length === 0)
    problems.push('no HOST given: give the route host name or IP address to test');
  if (positionals.length > 1) {
    problems.push(`more than one HOST given (${positionals.join(' ')}): test one route host at a time`);
  }
  const hostInput = positionals[0] ?? '';
  const target = positionals.length === 1 ? parseRouteTarget(hostInput, values.port) : undefined;
  if (target && !target.ok) problems.push(...target.errors);

  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    timeoutMs = Number(values.timeout);
    if (!/^\d+$/.test(values.timeout) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
      problems.push(
        `--timeout "${values.timeout}" is not valid: give whole milliseconds from 1 to ${MAX_TIMEOUT_MS}`,
      );
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
        problems.push(
          `--ca "${file}" holds no PEM certificate: give a file with "-----BEGIN CERTIFICATE-----" blocks`,
        );
      } else extraCa.push(text);
    } catch (error) {
      problems.push(
        `--ca "${file}" cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): give the path of a PEM file`,
      );
    }
  }
  if (problems.length > 0 || !target?.ok) return { kind: 'invalid', problems };

  return {
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
      help: { type: 'boolean', short: 'h' },
    },
  });
}
