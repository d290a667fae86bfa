// Per-connection acceptance: the same bounded load generator (nodemailer's SMTP client, 20 workers,
// 10 KB messages) against any SMTP server on loopback, in four shapes: plain or STARTTLS, and a new
// connection per message or 20 connections kept open. Also the median time from TCP connect to the
// 220 greeting. Every run is bounded in messages and in time.
import { connect } from 'node:net';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import { sampleMessage } from '../../test/gateway/harness.ts';
import { connectSmtp, sendSmtp } from '../../test/support/smtp-client.ts';

export interface ConnectionLoad {
  tls: boolean;
  /** a new connection for every message, or one per worker for the whole run */
  perMessage: boolean;
}

export interface LoadTarget {
  port: number;
  /** CA of the server's certificate, for STARTTLS loads */
  ca?: string;
  servername?: string;
}

export interface LoadResult {
  accepted: number;
  seconds: number;
  rate: number;
  failures: number;
}

const WORKERS = 20;
const MESSAGE = sampleMessage('load', 10 * 1024);

export function loadName(load: ConnectionLoad): string {
  return `${load.tls ? 'STARTTLS' : 'plain'}, ${load.perMessage ? 'new connection per message' : `${WORKERS} kept open`}`;
}

/** Sends `messages` messages over WORKERS concurrent workers; stops early at `limitMs`. */
export async function runConnectionLoad(
  target: LoadTarget,
  load: ConnectionLoad,
  messages: number,
  limitMs: number,
): Promise<LoadResult> {
  const deadline = Date.now() + limitMs;
  let claimed = 0;
  let accepted = 0;
  let failures = 0;
  const open = () =>
    connectSmtp({
      host: '127.0.0.1',
      port: target.port,
      name: 'load.example.com',
      ...(load.tls
        ? { requireTLS: true, tls: { ca: target.ca, servername: target.servername ?? 'localhost' } }
        : { ignoreTLS: true }),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  const worker = async () => {
    let connection: SMTPConnection | undefined;
    try {
      while (claimed < messages && Date.now() < deadline && failures < 100) {
        claimed++;
        try {
          connection ??= await open();
          await sendSmtp(connection, { from: 'alice@example.com', to: ['bob@example.net'] }, MESSAGE);
          accepted++;
        } catch {
          failures++;
          connection?.close();
          connection = undefined;
        }
        if (load.perMessage && connection) {
          connection.quit();
          connection = undefined;
        }
      }
    } finally {
      connection?.quit();
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: WORKERS }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { accepted, seconds, rate: accepted / seconds, failures };
}

/** Median ms from TCP connect to the 220 greeting over `count` sequential connections. */
export async function medianGreetingMs(port: number, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    times.push(
      await new Promise<number>((resolve, reject) => {
        let connectedAt = 0n;
        let buffer = '';
        const socket = connect({ host: '127.0.0.1', port }, () => {
          connectedAt = process.hrtime.bigint();
        });
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new Error(`no greeting from 127.0.0.1:${port} within 5 s`));
        }, 5000);
        let greeted = false;
        socket.on('data', (chunk) => {
          if (greeted) return;
          buffer += chunk.toString('latin1');
          if (!/^\d{3} .*\r\n/m.test(buffer)) return;
          greeted = true;
          clearTimeout(timer);
          const ms = Number(process.hrtime.bigint() - connectedAt) / 1e6;
          socket.end('QUIT\r\n');
          socket.on('close', () => resolve(ms));
          if (!buffer.startsWith('220')) reject(new Error(`greeting: ${buffer.trim()}`));
        });
        socket.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      }),
    );
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}
