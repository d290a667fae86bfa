// What reached the local Slack, read as Slack reads it: mrkdwn text (message text, mrkdwn text
// objects, file comments) is where `<!channel>`, `<@U…>` and `<https://…|…>` would be live; plain_text
// is shown as typed.
import type { LocalSlack } from '../../src/console/local-slack/server.ts';

/** Outside text that would ping the channel, mention an admin and show a disguised link if unescaped. */
export const HOSTILE = '<!channel> <@U0ADMIN> <https://evil.example|Admin console>';
/** The same text as it must reach Slack inside mrkdwn. */
export const HOSTILE_ESCAPED = '&lt;!channel&gt; &lt;@U0ADMIN&gt; &lt;https://evil.example|Admin console&gt;';

const LIVE = /<!channel>|<@U0ADMIN>|<https:\/\/evil\.example/;

export interface MrkdwnText {
  method: string;
  text: string;
}

/** Every mrkdwn text the app sent to Slack (API calls and response_url posts). */
export function mrkdwnTexts(slack: LocalSlack): MrkdwnText[] {
  const found: MrkdwnText[] = [];
  for (const call of slack.calls) {
    const args = call.args as Record<string, unknown>;
    if (typeof args.text === 'string' && args.mrkdwn !== false) {
      found.push({ method: call.method, text: args.text });
    }
    if (typeof args.initial_comment === 'string') {
      found.push({ method: call.method, text: args.initial_comment });
    }
    for (const key of ['blocks', 'view', 'attachments']) {
      const value = typeof args[key] === 'string' ? safeJson(args[key] as string) : args[key];
      walk(value, (text) => found.push({ method: call.method, text }));
    }
  }
  return found;
}

function walk(value: unknown, onMrkdwn: (text: string) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, onMrkdwn);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const node = value as Record<string, unknown>;
  if (node.type === 'plain_text') return;
  if (node.type === 'mrkdwn' && typeof node.text === 'string') {
    onMrkdwn(node.text);
    return;
  }
  for (const child of Object.values(node)) walk(child, onMrkdwn);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The mrkdwn texts in which the hostile markup is live (should be none). */
export function liveMarkup(slack: LocalSlack, since = 0): MrkdwnText[] {
  return mrkdwnTexts(slack)
    .slice(since)
    .filter((t) => LIVE.test(t.text));
}

/** How many mrkdwn texts show the hostile text escaped (proof that it reached Slack at all). */
export function escapedShown(slack: LocalSlack, since = 0): MrkdwnText[] {
  return mrkdwnTexts(slack)
    .slice(since)
    .filter((t) => t.text.includes('&lt;!channel&gt;') || t.text.includes('&lt;@U0ADMIN&gt;'));
}
