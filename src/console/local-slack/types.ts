// Shapes kept by the local Slack Web API (the console's Slack side and the tests' fake Slack).
export interface LocalUser {
  id: string;
  name: string;
  realName: string;
  email: string;
  /** users.info gives it only when asked with include_locale (e.g. "ja-JP"). */
  locale?: string;
  /** IANA time zone, e.g. "Asia/Tokyo". */
  tz?: string;
}

export interface LocalMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: SlackBlock[];
  /** Set on ephemeral messages: only this user sees them. */
  ephemeralTo?: string;
  /** How many times the message was updated in place. */
  edits: number;
  /** Files shared with the message (files.completeUploadExternal with a channel). */
  files?: { id: string; name: string; title?: string; size: number }[];
}

export interface LocalFile {
  id: string;
  filename: string;
  length: number;
  title?: string;
  /** The bytes sent to the upload URL. */
  data?: Buffer;
  completed: boolean;
  /** Where it was shared, if anywhere. */
  channel?: string;
}

export interface LocalView {
  id: string;
  userId: string;
  type: 'modal' | 'home';
  view: SlackView;
}

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
}

// Block Kit as far as this app uses it, loose on purpose: the server stores what it is given.
export type SlackBlock = { type: string; block_id?: string } & Record<string, unknown>;

export interface SlackView {
  type: string;
  callback_id?: string;
  private_metadata?: string;
  title?: { type: string; text: string };
  submit?: { type: string; text: string };
  blocks: SlackBlock[];
  [key: string]: unknown;
}

export type LocalSlackEvent =
  | { type: 'message'; message: LocalMessage }
  | { type: 'message-updated'; message: LocalMessage }
  | { type: 'message-deleted'; message: LocalMessage }
  | { type: 'view-opened'; view: LocalView }
  | { type: 'view-updated'; view: LocalView }
  | { type: 'home-published'; view: LocalView };

export interface InjectedFailure {
  status: number;
  retryAfterSeconds?: number;
  error?: string;
}
