// Runs the relay as a child process of the bot (GATEWAY_MANAGED=true): restarts it after a crash
// with backoff (decided by domain/ops/restart-backoff), restarts it gracefully on request (SIGTERM,
// wait for exit, start), and stops it when the bot exits.
import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import {
  type BackoffPolicy,
  type CrashHistory,
  DEFAULT_BACKOFF,
  decideRestart,
} from '../domain/ops/restart-backoff.ts';

/**
 * What the relay child may see of the bot's environment: PATH, NODE_* (options, extra CA certs) and
 * the locale (LANG, LANGUAGE, LC_*, TZ). Its configuration comes as a path argument; the bot's Slack
 * tokens, signing secret and Google key path stay with the bot.
 */
export function relayChildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && /^(PATH|NODE_.+|LANG|LANGUAGE|LC_.+|TZ)$/.test(name)) kept[name] = value;
  }
  return kept;
}

export interface SupervisorOptions {
  command: string;
  args: string[];
  cwd?: string;
  /** The child's whole environment; by default relayChildEnv(process.env). */
  env?: NodeJS.ProcessEnv;
  policy?: BackoffPolicy;
  /** After SIGTERM, how long to wait before SIGKILL. */
  stopTimeoutMs?: number;
  /**
   * Where the relay's stdout/stderr go: 'inherit' (default) shares the bot's, 'ignore' drops them,
   * a function receives each chunk (e.g. to pass the relay's JSON log lines on).
   */
  output?: 'inherit' | 'ignore' | ((chunk: string, stream: 'stdout' | 'stderr') => void);
  now?: () => number;
}

export type SupervisorState = 'stopped' | 'running' | 'waiting' | 'stopping';

export interface ExitEvent {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** true when the supervisor asked for it (stop or restart). */
  expected: boolean;
  ranMs: number;
}

export interface SupervisorEvents {
  spawn: [pid: number];
  exit: [event: ExitEvent];
  'restart-scheduled': [plan: { delayMs: number; attempt: number }];
  'spawn-error': [error: Error];
}

export class RelaySupervisor extends EventEmitter<SupervisorEvents> {
  private child: ChildProcess | undefined;
  private startedAt = 0;
  private history: CrashHistory = { consecutiveCrashes: 0 };
  private timer: NodeJS.Timeout | undefined;
  private wanted = false;
  private stopping: Promise<void> | undefined;
  private restarts = 0;
  private readonly policy: BackoffPolicy;
  private readonly stopTimeoutMs: number;
  private readonly now: () => number;
  private readonly onProcessExit = () => this.child?.kill('SIGTERM');

  constructor(private readonly options: SupervisorOptions) {
    super();
    this.policy = options.policy ?? DEFAULT_BACKOFF;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
    this.now = options.now ?? Date.now;
  }

  get state(): SupervisorState {
    if (this.stopping) return 'stopping';
    if (this.child) return 'running';
    return this.timer ? 'waiting' : 'stopped';
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Restarts after crashes since the supervisor started. */
  get restartCount(): number {
    return this.restarts;
  }

  get crashHistory(): CrashHistory {
    return { ...this.history };
  }

  start(): void {
    if (this.wanted && (this.child || this.timer)) return;
    this.wanted = true;
    process.once('exit', this.onProcessExit);
    this.spawnChild();
  }

  /** SIGTERM, then SIGKILL after stopTimeoutMs; no restart afterwards. */
  async stop(): Promise<void> {
    this.wanted = false;
    process.removeListener('exit', this.onProcessExit);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.terminate();
  }

  /** Graceful restart: SIGTERM, wait for the relay to finish, start again at once. */
  async restart(): Promise<number | undefined> {
    await this.stop();
    this.start();
    return this.pid;
  }

  private spawnChild(): void {
    this.timer = undefined;
    const output = this.options.output ?? 'inherit';
    const stdio = typeof output === 'function' ? 'pipe' : output;
    const child = spawn(this.options.command, this.options.args, {
      cwd: this.options.cwd,
      env: this.options.env ?? relayChildEnv(process.env),
      stdio: ['ignore', stdio, stdio],
    });
    if (typeof output === 'function') {
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => output(chunk, 'stdout'));
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => output(chunk, 'stderr'));
    }
    this.child = child;
    this.startedAt = this.now();
    child.once('spawn', () => this.emit('spawn', child.pid ?? -1));
    child.once('error', (error) => {
      // spawn failures (ENOENT, EACCES) also emit 'exit' only sometimes: treat them as a crash here.
      if (child.pid === undefined) {
        this.emit('spawn-error', error);
        this.onChildGone(child, null, null);
      }
    });
    child.once('exit', (code, signal) => this.onChildGone(child, code, signal));
  }

  private onChildGone(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    const exitedAt = this.now();
    const expected = !this.wanted || this.stopping !== undefined;
    this.emit('exit', { pid: child.pid ?? -1, code, signal, expected, ranMs: exitedAt - this.startedAt });
    if (expected) return;
    const decision = decideRestart(this.policy, this.history, { startedAt: this.startedAt, exitedAt });
    this.history = decision.history;
    this.emit('restart-scheduled', { delayMs: decision.delayMs, attempt: decision.attempt });
    this.timer = setTimeout(() => {
      this.restarts++;
      this.spawnChild();
    }, decision.delayMs);
  }

  private terminate(): Promise<void> {
    const child = this.child;
    if (!child) return Promise.resolve();
    this.stopping ??= new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), this.stopTimeoutMs);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    }).finally(() => {
      this.stopping = undefined;
    });
    return this.stopping;
  }
}
