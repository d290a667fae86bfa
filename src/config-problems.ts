// How the bot's configuration modules word a problem: one line per problem, naming the key, what is
// wrong and what to do, and the value seen (JSON-quoted, so a value cannot break the line; a secret's
// value is never shown). The relay keeps its own wording in gateway/config.ts (it does not import
// the bot).
import type { z } from 'zod';

/** A bad or missing value stopped start-up; `problems` holds one line per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function problemLine(key: string, message: string, seen: string): string {
  return `${key}: ${message} (seen: ${seen})`;
}

/** The value as a problem line shows it. */
export function shownValue(value: unknown, secret = false): string {
  if (value === undefined || value === '') return 'not set';
  if (secret) return 'set (value hidden)';
  return JSON.stringify(value) ?? String(value);
}

/** Lines for the issues of a schema over environment variables, one per distinct problem. */
export function envIssueLines(
  issues: readonly z.core.$ZodIssue[],
  env: Record<string, string | undefined>,
  secrets: ReadonlySet<string> = new Set(),
): string[] {
  const lines = issues.map((issue) => {
    const key = String(issue.path[0] ?? 'environment');
    return problemLine(key, issue.message, shownValue(env[key], secrets.has(key)));
  });
  return [...new Set(lines)];
}

/**
 * Lines for the issues of a structured value held in one variable (e.g. GATEWAYS as JSON), each
 * naming where inside it: `KEY[0.url]`. Fields named in `secretFields` are never shown.
 */
export function nestedIssueLines(
  key: string,
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  secretFields: ReadonlySet<string> = new Set(),
): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const secret = secretFields.has(String(issue.path.at(-1)));
    const seen = valueAt(input, issue.path);
    return problemLine(
      `${key}${path ? `[${path}]` : ''}`,
      issue.message,
      // An issue about a whole entry (e.g. an unknown field) shows the entry, its secrets hidden.
      seen !== null && typeof seen === 'object'
        ? JSON.stringify(seen, (field, v) => (secretFields.has(field) ? '(hidden)' : v))
        : shownValue(seen, secret),
    );
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}
