import type { DiffEntry } from '../../domain/desired-state.ts';
import { escapeMrkdwn } from '../mrkdwn.ts';
import { codeBlock } from './kit.ts';

/** A diff as aligned text lines: "+" added, "-" removed, "~" changed. */
export function diffText(diff: DiffEntry[]): string {
  const width = Math.max(...diff.map((d) => d.field.length), 4);
  const lines = diff.map((d) => {
    const field = d.field.padEnd(width);
    const [subject, before, after] = [d.subject, d.before, d.after].map((v) => v && escapeMrkdwn(v));
    if (d.before === null) return `+ ${subject}  ${field}  ${after}`;
    if (d.after === null) return `- ${subject}  ${field}  ${before}`;
    return `~ ${subject}  ${field}  ${before} -> ${after}`;
  });
  return codeBlock(lines);
}
