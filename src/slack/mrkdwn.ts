/**
 * Escapes text that comes from outside the bot's own code (remote SMTP replies, error texts,
 * certificate fields, host names, audit-event values, user-typed text, anything read from the relay)
 * for Slack's mrkdwn. `&`, `<` and `>` are the only characters Slack gives meaning to inside text:
 * escaped, a value can never become a mention (`<!channel>`, `<@U…>`) or a link (`<https://…|…>`).
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The text escapeMrkdwn was given: for plain_text fields built from mrkdwn-ready text. */
export function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
