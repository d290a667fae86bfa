import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

const sinkPort = 40301;
const sink = spawn('/usr/sbin/smtp-sink', ['-u', 'nobody', '127.0.0.1:' + sinkPort, '256'], {
  stdio: 'ignore',
});
mkdirSync('/tmp/prof/relay', { recursive: true });
writeFileSync(
  '/tmp/prof/relay/relay.yaml',
  stringify({
    listen: { host: '127.0.0.1', port: 40302 },
    hostname: 'bench',
    allow: { spf: [], cidrs: ['127.0.0.1/32'] },
    senders: ['example.com'],
    spool: '/tmp/prof/relay/spool',
    control: { host: '127.0.0.1', port: 0, token: 'bench-control-token-0123456789' },
    limits: { maxClients: 200, maxMessagesPerConnection: 100000 },
    log: { level: 'info' },
    delivery: { mode: 'smarthost', smarthost: { host: '127.0.0.1', port: sinkPort }, concurrency: 20 },
  }),
);
const relay = spawn(
  process.execPath,
  ['--import', 'tsx', 'gateway/main.ts', '--config', '/tmp/prof/relay/relay.yaml'],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
await new Promise((r) => setTimeout(r, 3000));
const t0 = Date.now();
execFileSync('/usr/sbin/smtp-source', [
  '-d',
  '-s',
  '20',
  '-m',
  '3000',
  '-l',
  '10240',
  '-f',
  'alice@example.com',
  '-t',
  'bob@example.net',
  '127.0.0.1:40302',
]);
console.log('accepted in', Date.now() - t0);
await new Promise((r) => setTimeout(r, 3000));
relay.kill('SIGTERM');
await once(relay, 'exit');
sink.kill('SIGTERM');
