// Splitting the text of a slash command into words and flags.
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
            ? `unknown flag "${arg}": the flags here are ${allowed.join(' ')}`
            : `unknown flag "${arg}": this command takes no flags`,
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
  if (positional.length < min) throw new UsageError('some arguments are missing');
  if (positional.length > max) {
    throw new UsageError(`too many arguments: "${positional.slice(max).join(' ')}" is not expected`);
  }
}
