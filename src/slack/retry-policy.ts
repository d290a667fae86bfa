// The Web API client's retries: a few quick tries instead of the default ~30 minutes, so a listener
// never hangs on a rate limit. (A 429 still waits its Retry-After once before the next try.)
import type { webApi } from '@slack/bolt';

export const SHORT_RETRY_POLICY: webApi.RetryOptions = {
  retries: 2,
  factor: 2,
  minTimeout: 200,
  maxTimeout: 1_000,
  maxRetryTime: 10_000,
};

export const SLACK_CLIENT_TIMEOUT_MS = 10_000;
