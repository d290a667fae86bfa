// Splitting the text of a slash command into words and flags.
import { phrase } from '../../i18n/phrase.ts';
import { UsageError } from './router.ts';

/** Words of the command text; Slack's <url|label> and <url> wrappers become their plain text. */
export function tokenize(text: string): string[] {
  return text
    .replace(/<(?:mailto:|https?:\/\/)?([^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<(?:mailto:|https?:\/\/)([^>]+)>/g, '$1')
    .split(/\s+/)
    .filter((word) => word.length > 0);
}

export function parseFlags(
  args: string[],
  allowed: readonly string[],
): { positional: string[]; flags: Set<string> } {
  const positional: string[] = [];
  const flags = new Set<string>();
  for (const arg of args) {
    if (arg.startsWith('--') || arg.startsWith('—')) {
      // Slack clients may turn "--" into an em dash.
      const flag = arg.replace(/^—/, '--').toLowerCase();
      if (!allowed.includes(flag)) {
        throw new UsageError(
          allowed.length > 0
            ? phrase('usage.unknownFlag', { flag: arg, flags: allowed.join(' ') })
            : phrase('usage.noFlags', { flag: arg }),
        );
      }
      flags.add(flag);
    } else {
      positional.push(arg);
    }
  }
  return { positional, flags };
}

export function expectCount(positional: string[], min: number, max: number): void {
  if (positional.length < min) throw new UsageError(phrase('usage.missing'));
  if (positional.length > max) {
    throw new UsageError(phrase('usage.tooMany', { extra: positional.slice(max).join(' ') }));
  }
}
