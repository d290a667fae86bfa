// A Slack Web API on loopback: the methods this app calls, plus response_url posts. It keeps channels,
// messages and views, records every call and emits what changed. The console uses it as its Slack, and
// the tests use it as their fake Slack (Bolt's clientOptions.slackApiUrl / SLACK_API_URL).
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  ApiCall,
  InjectedFailure,
  LocalFile,
  LocalMessage,
  LocalSlackEvent,
  LocalUser,
  LocalView,
  SlackBlock,
  SlackView,
} from './types.ts';

export interface LocalSlackOptions {
  users?: LocalUser[];
  usergroups?: Record<string, string[]>;
  channels?: Record<string, string>;
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** When set, every Web API call must carry this bearer token. */
  token?: string;
}

interface ResponseTarget {
  userId: string;
  channel: string;
  messageTs?: string;
  uses: number;
}

type Handler = (args: Record<string, unknown>) => Record<string, unknown>;

const TRIGGER_LIFETIME_MS = 3_000;
const RESPONSE_URL_USES = 5;

export class LocalSlack {
  readonly calls: ApiCall[] = [];
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  private readonly events = new EventEmitter();
  private readonly users = new Map<string, LocalUser>();
  private readonly usergroups: Map<string, string[]>;
  readonly channelNames: Map<string, string>;
  private readonly channels = new Map<string, LocalMessage[]>();
  private readonly views = new Map<string, LocalView>();
  private readonly triggers = new Map<string, { userId: string; issuedAt: number }>();
  private readonly responseTargets = new Map<string, ResponseTarget>();
  private readonly failures = new Map<string, InjectedFailure[]>();
  private readonly responseLog = new Map<string, Record<string, unknown>[]>();
  private readonly files = new Map<string, LocalFile>();
  private readonly handlers: Record<string, Handler>;
  private server: Server | undefined;
  private seq = 0;

  constructor(private readonly options: LocalSlackOptions = {}) {
    for (const user of options.users ?? []) this.users.set(user.id, user);
    this.usergroups = new Map(Object.entries(options.usergroups ?? {}));
    this.channelNames = new Map(Object.entries(options.channels ?? {}));
    this.botUserId = options.botUserId ?? 'U0GATEWAYBOT';
    this.botId = options.botId ?? 'B0GATEWAYBOT';
    this.teamId = options.teamId ?? 'T0LOCAL';
    this.handlers = {
      'auth.test': () => ({
        url: 'http://localhost/',
        team: 'Local',
        user: 'gateway',
        team_id: this.teamId,
        user_id: this.botUserId,
        bot_id: this.botId,
      }),
      'chat.postMessage': (args) => this.postMessage(args),
      'chat.update': (args) => this.updateMessage(args),
      'chat.postEphemeral': (args) => this.postEphemeral(args),
      'views.open': (args) => this.openView(args),
      'views.update': (args) => this.updateView(args),
      'views.publish': (args) => this.publishHome(args),
      'users.info': (args) => this.userInfo(args),
      'usergroups.users.list': (args) => this.usergroupUsers(args),
      'files.getUploadURLExternal': (args) => this.uploadUrl(args),
      'files.completeUploadExternal': (args) => this.completeUpload(args),
    };
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'internal_error', detail: String(error) }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get baseUrl(): string {
    if (!this.server) throw new Error('the local Slack API is not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The Web API base URL to give to Bolt (clientOptions.slackApiUrl) or SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  on(listener: (event: LocalSlackEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  addUser(user: LocalUser): void {
    this.users.set(user.id, user);
  }

  user(id: string): LocalUser | undefined {
    return this.users.get(id);
  }

  userByName(name: string): LocalUser | undefined {
    const wanted = name.replace(/^@/, '').toLowerCase();
    return [...this.users.values()].find((u) => u.name.toLowerCase() === wanted || u.id === name);
  }

  allUsers(): LocalUser[] {
    return [...this.users.values()];
  }

  /** A trigger_id for a modal, valid for 3 seconds like Slack's. */
  newTriggerId(userId: string): string {
    const id = `${++this.seq}.${Date.now()}.trigger`;
    this.triggers.set(id, { userId, issuedAt: Date.now() });
    return id;
  }

  /** A response_url for a command or an action (up to 5 posts, like Slack's). */
  newResponseUrl(target: { userId: string; channel: string; messageTs?: string }): string {
    const id = `R${++this.seq}`;
    this.responseTargets.set(id, { ...target, uses: 0 });
    return `${this.baseUrl}/response/${id}`;
  }

  /** What was posted to a response_url, in order. */
  responses(responseUrl: string): Record<string, unknown>[] {
    return this.responseLog.get(responseUrl.split('/').pop() ?? '') ?? [];
  }

  /** The next calls of a method fail like this (e.g. 429 with Retry-After), once per entry. */
  failNext(method: string, ...failures: InjectedFailure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Copies of a channel's messages as they are now (later updates do not change them). */
  messages(channel: string): LocalMessage[] {
    return (this.channels.get(this.channelFor(channel)) ?? []).filter((m) => !m.ephemeralTo).map(copyOf);
  }

  message(channel: string, ts: string): LocalMessage | undefined {
    const found = this.find(channel, ts);
    return found && copyOf(found);
  }

  /** Everything the user sees privately: ephemeral messages in any channel. */
  ephemerals(userId: string): LocalMessage[] {
    return [...this.channels.values()]
      .flat()
      .filter((m) => m.ephemeralTo === userId)
      .map(copyOf);
  }

  private find(channel: string, ts: string): LocalMessage | undefined {
    return this.channels.get(this.channelFor(channel))?.find((m) => m.ts === ts);
  }

  openViews(userId: string): LocalView[] {
    return [...this.views.values()].filter((v) => v.userId === userId && v.type === 'modal');
  }

  view(id: string): LocalView | undefined {
    return this.views.get(id);
  }

  homeView(userId: string): LocalView | undefined {
    return [...this.views.values()].find((v) => v.userId === userId && v.type === 'home');
  }

  closeView(id: string): void {
    this.views.delete(id);
  }

  /** Files uploaded with files.uploadV2 (getUploadURLExternal, the upload, completeUploadExternal). */
  uploadedFiles(): LocalFile[] {
    return [...this.files.values()].filter((f) => f.completed);
  }

  /** The direct-message channel between the bot and a user. */
  dmChannel(userId: string): string {
    return `D${userId.slice(1)}`;
  }

  private channelFor(channel: string): string {
    return /^[UW]/.test(channel) ? this.dmChannel(channel) : channel;
  }

  private emit(event: LocalSlackEvent): void {
    this.events.emit('event', event);
  }

  private nextTs(): string {
    this.seq++;
    return `${Math.floor(Date.now() / 1000)}.${String(this.seq).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const body = raw.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reply = (
      status: number,
      payload: Record<string, unknown>,
      headers: Record<string, string> = {},
    ) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };

    const response = /^\/response\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'POST' && response) {
      const args = JSON.parse(body || '{}') as Record<string, unknown>;
      const id = response[1] ?? '';
      this.calls.push({ method: 'response_url', args });
      this.responseLog.set(id, [...(this.responseLog.get(id) ?? []), args]);
      const result = this.respond(id, args);
      reply(result.ok ? 200 : 404, result);
      return;
    }

    const upload = /^\/upload\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'POST' && upload) {
      const file = this.files.get(upload[1] ?? '');
      if (!file || file.data) {
        res.writeHead(404).end('unknown or used upload URL');
        return;
      }
      file.data = await uploadedBytes(raw, req.headers['content-type']);
      this.calls.push({ method: 'file_upload', args: { id: file.id, bytes: file.data.length } });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${file.data.length}`);
      return;
    }

    const api = /^\/api\/([a-zA-Z.]+)$/.exec(url.pathname);
    if (req.method !== 'POST' || !api) {
      reply(404, { ok: false, error: 'unknown_method' });
      return;
    }
    const method = api[1] ?? '';
    const args = parseArgs(body, req.headers['content-type']);
    const token =
      /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (args.token as string | undefined);
    delete args.token;
    this.calls.push({ method, args });

    const failure = this.failures.get(method)?.shift();
    if (failure) {
      const headers: Record<string, string> =
        failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {};
      reply(failure.status, { ok: false, error: failure.error ?? 'ratelimited' }, headers);
      return;
    }
    if (this.options.token !== undefined && token !== this.options.token) {
      reply(200, { ok: false, error: 'invalid_auth' });
      return;
    }
    const handler = this.handlers[method];
    if (!handler) {
      reply(200, { ok: false, error: 'unknown_method' });
      return;
    }
    try {
      reply(200, { ok: true, ...handler(args) });
    } catch (error) {
      reply(200, { ok: false, error: error instanceof SlackError ? error.code : 'internal_error' });
    }
  }

  private store(message: LocalMessage): void {
    const list = this.channels.get(message.channel) ?? [];
    list.push(message);
    this.channels.set(message.channel, list);
  }

  private postMessage(args: Record<string, unknown>): Record<string, unknown> {
    const channel = this.channelFor(requireString(args, 'channel', 'channel_not_found'));
    const message: LocalMessage = {
      channel,
      ts: this.nextTs(),
      text: String(args.text ?? ''),
      blocks: (args.blocks as SlackBlock[] | undefined) ?? [],
      edits: 0,
    };
    this.store(message);
    this.emit({ type: 'message', message });
    return { channel, ts: message.ts, message: { text: message.text, ts: message.ts, user: this.botUserId } };
  }

  private updateMessage(args: Record<string, unknown>): Record<string, unknown> {
    const channel = this.channelFor(requireString(args, 'channel', 'channel_not_found'));
    const ts = requireString(args, 'ts', 'message_not_found');
    const message = this.find(channel, ts);
    if (!message) throw new SlackError('message_not_found');
    if (args.text !== undefined) message.text = String(args.text);
    if (args.blocks !== undefined) message.blocks = args.blocks as SlackBlock[];
    message.edits++;
    this.emit({ type: 'message-updated', message });
    return { channel, ts, text: message.text };
  }

  private postEphemeral(args: Record<string, unknown>): Record<string, unknown> {
    const channel = this.channelFor(requireString(args, 'channel', 'channel_not_found'));
    const user = requireString(args, 'user', 'user_not_found');
    const message: LocalMessage = {
      channel,
      ts: this.nextTs(),
      text: String(args.text ?? ''),
      blocks: (args.blocks as SlackBlock[] | undefined) ?? [],
      ephemeralTo: user,
      edits: 0,
    };
    this.store(message);
    this.emit({ type: 'message', message });
    return { message_ts: message.ts };
  }

  private respond(id: string, args: Record<string, unknown>): Record<string, unknown> {
    const target = this.responseTargets.get(id);
    if (!target || target.uses >= RESPONSE_URL_USES) return { ok: false, error: 'expired_url' };
    target.uses++;
    const blocks = args.blocks as SlackBlock[] | undefined;
    const text = String(args.text ?? '');
    if (target.messageTs && (args.replace_original === true || args.delete_original === true)) {
      const original = this.find(target.channel, target.messageTs);
      if (!original) return { ok: false, error: 'message_not_found' };
      if (args.delete_original === true) {
        const list = this.channels.get(original.channel) ?? [];
        list.splice(list.indexOf(original), 1);
        this.emit({ type: 'message-deleted', message: original });
      } else {
        original.text = text;
        original.blocks = blocks ?? [];
        original.edits++;
        this.emit({ type: 'message-updated', message: original });
      }
      return { ok: true };
    }
    const message: LocalMessage = {
      channel: this.channelFor(target.channel),
      ts: this.nextTs(),
      text,
      blocks: blocks ?? [],
      edits: 0,
      ...(args.response_type === 'in_channel' ? {} : { ephemeralTo: target.userId }),
    };
    this.store(message);
    this.emit({ type: 'message', message });
    return { ok: true };
  }

  private openView(args: Record<string, unknown>): Record<string, unknown> {
    const triggerId = requireString(args, 'trigger_id', 'invalid_trigger_id');
    const trigger = this.triggers.get(triggerId);
    this.triggers.delete(triggerId);
    if (!trigger) throw new SlackError('invalid_trigger_id');
    if (Date.now() - trigger.issuedAt > TRIGGER_LIFETIME_MS) throw new SlackError('expired_trigger_id');
    const view = args.view as SlackView | undefined;
    if (!view || !Array.isArray(view.blocks)) throw new SlackError('invalid_arguments');
    const stored: LocalView = { id: `V${++this.seq}`, userId: trigger.userId, type: 'modal', view };
    this.views.set(stored.id, stored);
    this.emit({ type: 'view-opened', view: stored });
    return { view: { ...view, id: stored.id } };
  }

  private updateView(args: Record<string, unknown>): Record<string, unknown> {
    const id = requireString(args, 'view_id', 'not_found');
    const stored = this.views.get(id);
    if (!stored) throw new SlackError('not_found');
    stored.view = args.view as SlackView;
    this.emit({ type: 'view-updated', view: stored });
    return { view: { ...stored.view, id } };
  }

  private publishHome(args: Record<string, unknown>): Record<string, unknown> {
    const userId = requireString(args, 'user_id', 'user_not_found');
    const existing = this.homeView(userId);
    const stored: LocalView = existing ?? {
      id: `V${++this.seq}`,
      userId,
      type: 'home',
      view: { type: 'home', blocks: [] },
    };
    stored.view = args.view as SlackView;
    this.views.set(stored.id, stored);
    this.emit({ type: 'home-published', view: stored });
    return { view: { ...stored.view, id: stored.id } };
  }

  private uploadUrl(args: Record<string, unknown>): Record<string, unknown> {
    const filename = requireString(args, 'filename', 'invalid_arguments');
    const length = Number(args.length);
    if (!Number.isInteger(length) || length <= 0) throw new SlackError('invalid_arguments');
    const id = `F${String(++this.seq).padStart(8, '0')}`;
    this.files.set(id, { id, filename, length, completed: false });
    return { upload_url: `${this.baseUrl}/upload/${id}`, file_id: id };
  }

  private completeUpload(args: Record<string, unknown>): Record<string, unknown> {
    const entries = args.files as Array<{ id: string; title?: string }> | undefined;
    if (!Array.isArray(entries) || entries.length === 0) throw new SlackError('invalid_arguments');
    const done: LocalFile[] = [];
    for (const entry of entries) {
      const file = this.files.get(entry.id);
      if (!file?.data || file.data.length !== file.length) throw new SlackError('file_not_found');
      file.completed = true;
      file.title = entry.title ?? file.filename;
      done.push(file);
    }
    const described = done.map((f) => ({ id: f.id, name: f.filename, title: f.title, size: f.length }));
    if (typeof args.channel_id === 'string') {
      const channel = this.channelFor(args.channel_id);
      for (const file of done) file.channel = channel;
      const message: LocalMessage = {
        channel,
        ts: this.nextTs(),
        text: String(args.initial_comment ?? ''),
        blocks: [],
        files: described,
        edits: 0,
      };
      this.store(message);
      this.emit({ type: 'message', message });
    }
    return { files: described };
  }

  private userInfo(args: Record<string, unknown>): Record<string, unknown> {
    const user = this.users.get(requireString(args, 'user', 'user_not_found'));
    if (!user) throw new SlackError('user_not_found');
    return {
      user: {
        id: user.id,
        team_id: this.teamId,
        name: user.name,
        real_name: user.realName,
        is_bot: false,
        ...(user.tz ? { tz: user.tz } : {}),
        ...(user.locale && args.include_locale === true ? { locale: user.locale } : {}),
        profile: { email: user.email, real_name: user.realName, display_name: user.name },
      },
    };
  }

  private usergroupUsers(args: Record<string, unknown>): Record<string, unknown> {
    const members = this.usergroups.get(requireString(args, 'usergroup', 'no_such_subteam'));
    if (!members) throw new SlackError('no_such_subteam');
    return { users: [...members] };
  }
}

function copyOf(message: LocalMessage): LocalMessage {
  return structuredClone(message);
}

class SlackError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function requireString(args: Record<string, unknown>, key: string, error: string): string {
  const value = args[key];
  if (typeof value !== 'string' || value.length === 0) throw new SlackError(error);
  return value;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The file part of a multipart upload (what the Web API client sends), or the raw body. */
async function uploadedBytes(raw: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return raw;
  const form = await new Request('http://local/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: raw,
  }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  return Buffer.alloc(0);
}

// The Web API client sends form fields with objects as JSON text; JSON bodies are accepted too.
function parseArgs(body: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return JSON.parse(body || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    args[key] = /^[[{]/.test(value)
      ? tryJson(value)
      : value === 'true'
        ? true
        : value === 'false'
          ? false
          : value;
  }
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
