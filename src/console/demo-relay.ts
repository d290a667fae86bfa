// The console's relay: gateway/main.ts as a child process on loopback with a generated sample
// config (ephemeral ports, a self-signed certificate, a spool in a temporary directory).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';
import { PACKAGE_ROOT, relayNodeArgs } from '../ops/relay-entry.ts';
import { selfSignedCertificate } from './self-signed.ts';

export interface DemoRelay {
  host: string;
  smtpPort: number;
  controlUrl: string;
  controlToken: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

export function demoRelayConfig(dir: string, token: string): Record<string, unknown> {
  const { certPem, keyPem } = selfSignedCertificate('relay.localhost', ['127.0.0.1']);
  writeFileSync(join(dir, 'relay-cert.pem'), certPem);
  writeFileSync(join(dir, 'relay-key.pem'), keyPem, { mode: 0o600 });
  return {
    listen: { host: '127.0.0.1', port: 0 },
    hostname: 'relay.localhost',
    tls: { key: './relay-key.pem', cert: './relay-cert.pem' },
    allow: { spf: [], cidrs: ['127.0.0.1/32', '::1/128'] },
    senders: ['example.com'],
    spool: './spool',
    dns: { servers: [] },
    control: { host: '127.0.0.1', port: 0, token },
    log: { level: 'info' },
  };
}

/** Starts the relay and waits until it listens; stop() ends it (SIGTERM, then SIGKILL after 5 s). */
export async function startDemoRelay(dir: string): Promise<DemoRelay> {
  const token = randomBytes(24).toString('hex');
  const configFile = join(dir, 'relay.yaml');
  writeFileSync(configFile, stringify(demoRelayConfig(dir, token)), { mode: 0o600 });
  const child = spawn(process.execPath, [...relayNodeArgs(), '--config', configFile], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = once(child, 'exit');
  const listening = await new Promise<{ smtp: { port: number }; control: { port: number } }>(
    (resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the relay did not start within 30 s')),
        START_TIMEOUT_MS,
      );
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.on('line', (line) => {
        try {
          const entry = JSON.parse(line) as {
            event?: string;
            smtp: { port: number };
            control: { port: number };
          };
          if (entry.event === 'listening') {
            clearTimeout(timer);
            resolve(entry);
          }
        } catch {
          // not a log line
        }
      });
      void exited.then(([code]) => {
        clearTimeout(timer);
        reject(
          new Error(`the relay exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`),
        );
      });
    },
  ).catch(async (error: unknown) => {
    await stopChild(child, exited);
    throw error;
  });
  return {
    host: '127.0.0.1',
    smtpPort: listening.smtp.port,
    controlUrl: `http://127.0.0.1:${listening.control.port}`,
    controlToken: token,
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
