// The relays the bot controls: a fleet behind one MX name. Read from the environment and validated
// with zod; every problem is one line naming the key, the value seen (never a token) and what to do.
//
//   GATEWAYS        JSON: [{"name":"a","url":"http://127.0.0.1:8025","token":"...","smtp":"mx1.example.com:25"}]
//                   or a list: a=http://127.0.0.1:8025,b=http://10.0.0.2:8025
//   GATEWAY_TOKENS  a=TOKEN,b=TOKEN (the list form); relays without one use GATEWAY_CONTROL_TOKEN
//   GATEWAY_CONTROL_URL + GATEWAY_CONTROL_TOKEN   one relay, named "default" (the bot's own keys)
//   GATEWAY_TIMEOUT_MS  per request, default 5000
import { z } from 'zod';
import { nestedIssueLines, problemLine, shownValue } from '../config-problems.ts';
import { DEFAULT_TIMEOUT_MS, type RelayEndpoint } from './client.ts';

export interface FleetRelay extends RelayEndpoint {
  /** host:port of the relay's SMTP listener, for the certificate check (optional). */
  smtp?: string;
}

export interface FleetConfig {
  relays: FleetRelay[];
  timeoutMs: number;
}

export type FleetConfigResult = { ok: true; fleet: FleetConfig } | { ok: false; errors: string[] };

const NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/i;

const urlSchema = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '';
    } catch {
      return false;
    }
  },
  { message: 'must be an http(s) URL without credentials, e.g. http://127.0.0.1:8025' },
);

const relaySchema = z.strictObject({
  name: z.string().regex(NAME, { message: 'must be 1-32 letters, digits, "-" or "_"' }),
  url: urlSchema,
  token: z.string().min(1, { message: 'is empty: set the relay control.token' }).optional(),
  smtp: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$|^\[[0-9a-f:.]+\]:\d{1,5}$/i, {
      message: 'must be HOST:PORT, e.g. mx1.example.com:25',
    })
    .optional(),
});

export function parseFleetConfig(env: Record<string, string | undefined>): FleetConfigResult {
  const errors: string[] = [];
  const timeoutMs = parseTimeout(env.GATEWAY_TIMEOUT_MS, errors);
  const sharedToken = nonEmpty(env.GATEWAY_CONTROL_TOKEN);
  let relays: Array<z.infer<typeof relaySchema>> = [];

  const gateways = nonEmpty(env.GATEWAYS);
  if (gateways) {
    // Every name GATEWAYS gives, also those whose entry has another problem (reported on its own).
    const named = new Set<string>();
    relays = gateways.trimStart().startsWith('[')
      ? parseJsonList(gateways, errors)
      : parseNameList(gateways, 'GATEWAYS', errors, false, named).map(([name, url]) => ({ name, url }));
    for (const relay of relays) named.add(relay.name);
    const tokens = new Map(parseNameList(env.GATEWAY_TOKENS ?? '', 'GATEWAY_TOKENS', errors, true));
    for (const name of tokens.keys()) {
      if (!named.has(name)) {
        errors.push(`GATEWAY_TOKENS: a token is given for "${name}", which is not in GATEWAYS: fix the name`);
      }
    }
    relays = relays.map((r) => ({ ...r, token: r.token ?? tokens.get(r.name) }));
    if (nonEmpty(env.GATEWAY_CONTROL_URL)) {
      errors.push(
        'GATEWAY_CONTROL_URL: set together with GATEWAYS: list every relay in GATEWAYS and remove it',
      );
    }
  } else if (nonEmpty(env.GATEWAY_CONTROL_URL)) {
    const url = env.GATEWAY_CONTROL_URL?.trim() ?? '';
    const checked = urlSchema.safeParse(url);
    if (!checked.success)
      errors.push(
        problemLine('GATEWAY_CONTROL_URL', String(checked.error.issues[0]?.message), shownValue(url)),
      );
    const smtp = nonEmpty(env.GATEWAY_SMTP);
    relays = [{ name: 'default', url, ...(smtp ? { smtp } : {}) }];
  }

  const seen = new Set<string>();
  const result: FleetRelay[] = [];
  for (const relay of relays) {
    if (seen.has(relay.name))
      errors.push(`GATEWAYS: relay name "${relay.name}" appears twice: names must be unique`);
    seen.add(relay.name);
    const token = relay.token ?? sharedToken;
    if (!token) {
      errors.push(
        gateways
          ? `GATEWAY_TOKENS: no control token for relay "${relay.name}": add ${relay.name}=TOKEN to GATEWAY_TOKENS or set GATEWAY_CONTROL_TOKEN`
          : problemLine(
              'GATEWAY_CONTROL_TOKEN',
              "is required with GATEWAY_CONTROL_URL: the relay's control.token",
              shownValue(undefined),
            ),
      );
      continue;
    }
    result.push({ ...relay, token });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, fleet: { relays: result, timeoutMs } };
}

function parseJsonList(text: string, errors: string[]): Array<z.infer<typeof relaySchema>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not the parser's message: it quotes the text around the error, which can be a token.
    errors.push(
      'GATEWAYS: not valid JSON (seen: set (value hidden), it may hold tokens): give a JSON array such as [{"name":"mx1","url":"http://10.0.0.1:8025","token":"..."}] or a name=url list',
    );
    return [];
  }
  const parsed = z.array(relaySchema).min(1).safeParse(value);
  if (!parsed.success) {
    errors.push(...nestedIssueLines('GATEWAYS', parsed.error.issues, value, new Set(['token'])));
    return [];
  }
  return parsed.data;
}

/** `a=x,b=y`; values of secret lists are never echoed. */
function parseNameList(
  text: string,
  key: string,
  errors: string[],
  secret = false,
  named?: Set<string>,
): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const at = part.indexOf('=');
    const name = at > 0 ? part.slice(0, at).trim() : '';
    const value = at > 0 ? part.slice(at + 1).trim() : '';
    const shown = secret ? `${name || '?'}=(hidden)` : part;
    if (!NAME.test(name) || value === '') {
      errors.push(`${key}: "${shown}" is not NAME=VALUE with a name of letters, digits, "-" or "_"`);
      continue;
    }
    named?.add(name);
    if (!secret) {
      const checked = urlSchema.safeParse(value);
      if (!checked.success) {
        errors.push(
          problemLine(key, `relay "${name}": ${checked.error.issues[0]?.message}`, shownValue(value)),
        );
        continue;
      }
    }
    pairs.push([name, value]);
  }
  return pairs;
}

function parseTimeout(text: string | undefined, errors: string[]): number {
  if (!nonEmpty(text)) return DEFAULT_TIMEOUT_MS;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 100 || value > 120_000) {
    errors.push(
      problemLine(
        'GATEWAY_TIMEOUT_MS',
        'must be a whole number of milliseconds from 100 to 120000',
        shownValue(text),
      ),
    );
    return DEFAULT_TIMEOUT_MS;
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}
