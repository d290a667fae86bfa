// Shared by the relay's tests: a relay on loopback with a temporary spool, SMTP peers (nodemailer and
// a raw socket client for byte-level tricks) and a control API client.
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import { parseConfig, type RelayConfig } from '../../gateway/config.ts';
import { createLogger } from '../../gateway/log.ts';
import { Relay, type RelayExtension } from '../../gateway/relay.ts';
import { connectSmtp, sendSmtp } from '../support/smtp-client.ts';

export const TOKEN = 'test-control-token-0123456789abcdef';

export async function tempDir(prefix = 'relay-test-'): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A configuration object as the YAML file would give it, on loopback with ephemeral ports. */
export function baseConfig(spool: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    listen: { host: '127.0.0.1', port: 0 },
    allow: { spf: [], cidrs: ['127.0.0.1/32'] },
    senders: ['example.com'],
    spool,
    control: { host: '127.0.0.1', port: 0, token: TOKEN },
    log: { level: 'silent' },
    ...overrides,
  };
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface TestRelay {
  relay: Relay;
  config: RelayConfig;
  smtpPort: number;
  controlPort: number;
  spoolDir: string;
  logs: LogLine[];
  stop(): Promise<void>;
}

/** Starts a relay in this process; `stop()` closes it and removes its temporary directory. */
export async function startTestRelay(
  overrides: Record<string, unknown> = {},
  options: { configPath?: string; extensions?: RelayExtension[]; dir?: string } = {},
): Promise<TestRelay> {
  const dir = options.dir ? { path: options.dir, remove: async () => {} } : await tempDir();
  const raw = baseConfig(join(dir.path, 'spool'), overrides);
  const config = parseConfig(raw, dir.path);
  const logs: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const log = createLogger({ level: 'debug', destination });
  const relay = await Relay.start({
    config,
    log,
    configPath: options.configPath,
    extensions: options.extensions,
  });
  return {
    relay,
    config,
    smtpPort: relay.smtpAddress().port,
    controlPort: relay.controlAddress().port,
    spoolDir: config.spool,
    logs,
    async stop() {
      await relay.stop();
      await dir.remove();
    },
  };
}

export interface SendOptions {
  port: number;
  host?: string;
  from: string;
  to: string[];
  message: string | Buffer;
  localAddress?: string;
  requireTLS?: boolean;
  ca?: string;
  servername?: string;
}

export interface SendResult {
  ok: boolean;
  /** the final reply (or the error reply) */
  response: string;
  code?: number;
  secured?: boolean;
}

/** Sends one message with nodemailer's SMTP client; a refusal is a result, not a throw. */
export async function sendMail(options: SendOptions): Promise<SendResult> {
  let connection: SMTPConnection | undefined;
  try {
    connection = await connectSmtp({
      host: options.host ?? '127.0.0.1',
      port: options.port,
      localAddress: options.localAddress,
      requireTLS: options.requireTLS,
      ignoreTLS: !options.requireTLS,
      tls: options.ca ? { ca: options.ca, servername: options.servername ?? 'localhost' } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    const info = await sendSmtp(connection, { from: options.from, to: options.to }, options.message);
    return {
      ok: true,
      response: info.response,
      code: Number(info.response.slice(0, 3)),
      secured: connection.secure,
    };
  } catch (error) {
    const e = error as { response?: string; responseCode?: number; message: string };
    return { ok: false, response: e.response ?? e.message, code: e.responseCode };
  } finally {
    connection?.quit();
    connection?.close();
  }
}

/**
 * A plain-socket SMTP client: sends exactly the bytes given (no dot-stuffing, no line-ending fixes)
 * and returns each reply, for byte-level checks nodemailer would normalise away.
 */
export class RawSmtpClient {
  private buffer = '';
  private waiters: (() => void)[] = [];
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.buffer += chunk.toString('latin1');
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static async connect(
    port: number,
    options: { host?: string; localAddress?: string } = {},
  ): Promise<RawSmtpClient> {
    const socket = connect({ port, host: options.host ?? '127.0.0.1', localAddress: options.localAddress });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    return new RawSmtpClient(socket);
  }

  /** Reads one complete (possibly multi-line) reply; '' if the server closed first. */
  async reply(): Promise<string> {
    for (;;) {
      const match = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(this.buffer);
      if (match) {
        const end = match.index + match[0].length;
        const reply = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end);
        return reply.trim();
      }
      if (this.closed) return '';
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  write(bytes: string | Buffer): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  async command(line: string): Promise<string> {
    this.write(`${line}\r\n`);
    return this.reply();
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

/** Connects, reads the greeting and sends EHLO; returns the client and the greeting. */
export async function openSession(port: number, options: { localAddress?: string; host?: string } = {}) {
  const client = await RawSmtpClient.connect(port, options);
  const greeting = await client.reply();
  const ehlo = greeting.startsWith('220') ? await client.command('EHLO client.test') : '';
  return { client, greeting, ehlo };
}

export async function control(
  port: number,
  path: string,
  options: { method?: string; token?: string | null; body?: unknown } = {},
): Promise<{ status: number; body: unknown; text: string; contentType: string }> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    text,
    contentType,
    body: contentType.startsWith('application/json') ? JSON.parse(text) : undefined,
  };
}

/** A message with CRLF line endings, a line that needs dot-stuffing and some 8-bit bytes. */
export function sampleMessage(subject = 'test', bodyBytes = 0): Buffer {
  const lines = [
    'From: Sender <alice@example.com>',
    'To: Bob <bob@example.org>',
    `Subject: ${subject}`,
    'Message-ID: <m1@example.com>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Hello Bob,',
    '.a line that starts with a dot',
    '..and one with two',
    'caf\u00e9 \u65e5\u672c',
  ];
  let text = `${lines.join('\r\n')}\r\n`;
  while (Buffer.byteLength(text) < bodyBytes) text += `${'x'.repeat(76)}\r\n`;
  return Buffer.from(text, 'utf8');
}
