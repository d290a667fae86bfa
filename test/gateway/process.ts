// Runs gateway/main.ts as a child process (as systemd would), for crash and start-up tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface RelayProcess {
  child: ChildProcess;
  smtpPort: number;
  controlPort: number;
  /** JSON log lines seen on stdout so far */
  logs: Record<string, unknown>[];
  /** SIGKILL, and wait for the exit */
  kill(): Promise<void>;
}

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const MAIN = new URL('../../gateway/main.ts', import.meta.url).pathname;
/** node's arguments before the relay's: the TypeScript source through tsx. */
const FROM_SOURCE = ['--import', 'tsx', MAIN];

function spawnMain(args: string[], entry: string[] = FROM_SOURCE, env?: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [...entry, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(env ? { env } : {}),
  });
}

/** Runs main.ts to completion (for start-up failures); killed after `timeoutMs`. */
export async function runMain(args: string[], timeoutMs = 20_000): Promise<ProcessResult> {
  const child = spawnMain(args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c) => {
    stdout += c;
  });
  child.stderr?.on('data', (c) => {
    stderr += c;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Starts main.ts and waits for its "relay listening" log line (ports may be 0 in the config).
 *  `nodeArgs`: node's arguments before --config (default: the source through tsx; the build test gives
 *  the compiled dist/gateway/main.js); `env`: the child's environment (default: this process's). */
export async function startRelayProcess(
  configPath: string,
  timeoutMs = 30_000,
  nodeArgs: string[] = FROM_SOURCE,
  env?: NodeJS.ProcessEnv,
): Promise<RelayProcess> {
  const child = spawnMain(['--config', configPath], nodeArgs, env);
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr?.on('data', (c) => {
    stderr += c;
  });
  const exited = once(child, 'exit');
  const listening = new Promise<Record<string, unknown>>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.event === 'listening') resolve(entry);
      } catch {
        // not a log line
      }
    });
    void exited.then(([code]) => reject(new Error(`relay exited with ${code} before listening: ${stderr}`)));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  let entry: Record<string, unknown>;
  try {
    entry = await listening;
  } finally {
    clearTimeout(timer);
  }
  const ports = entry as { smtp: { port: number }; control: { port: number } };
  return {
    child,
    smtpPort: ports.smtp.port,
    controlPort: ports.control.port,
    logs,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
