// Error text that is safe to log or show: Slack's error code when there is one, never a token.
// Bot, user, app-level, configuration and refresh tokens, rotated ones (xoxe.xoxp-...) included.
const TOKEN = /\b((?:xoxe\.)?xox[a-z]-|xapp-)[A-Za-z0-9-]+/g;

export function redactSecrets(text: string): string {
  return text.replace(TOKEN, '$1[redacted]').replace(/(Bearer\s+)\S+/gi, '$1[redacted]');
}

export function safeErrorMessage(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; data?: { error?: unknown }; message?: unknown };
    if (typeof e.data?.error === 'string') return e.data.error;
    if (typeof e.message === 'string') return redactSecrets(e.message);
    if (typeof e.code === 'string') return e.code;
  }
  return redactSecrets(String(error));
}
