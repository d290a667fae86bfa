import type { DiffEntry } from '../../domain/desired-state.ts';
import { codeBlock } from './kit.ts';

/** A diff as aligned text lines: "+" added, "-" removed, "~" changed. */
export function diffText(diff: DiffEntry[]): string {
  const width = Math.max(...diff.map((d) => d.field.length), 4);
  const lines = diff.map((d) => {
    const field = d.field.padEnd(width);
    if (d.before === null) return `+ ${d.subject}  ${field}  ${d.after}`;
    if (d.after === null) return `- ${d.subject}  ${field}  ${d.before}`;
    return `~ ${d.subject}  ${field}  ${d.before} -> ${d.after}`;
  });
  return codeBlock(lines);
}
