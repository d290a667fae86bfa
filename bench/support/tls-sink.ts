// The TLS ceiling for bench/relay-inbound.bench.ts: smtp-server with STARTTLS that reads every
// message and discards it (no checks, no disk). Run as a child process so its RSS is its own.
// Usage: node --import tsx bench/support/tls-sink.ts KEY_FILE CERT_FILE; prints the port on stdout.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

const [keyFile, certFile] = process.argv.slice(2);
if (!keyFile || !certFile) throw new Error('usage: tls-sink.ts KEY_FILE CERT_FILE');
const server = new SMTPServer({
  key: readFileSync(keyFile),
  cert: readFileSync(certFile),
  disabledCommands: ['AUTH'],
  authOptional: true,
  disableReverseLookup: true,
  logger: false,
  onData(stream, _session, callback) {
    stream.on('error', () => {});
    stream.on('end', () => callback(null, 'Ok: discarded'));
    stream.resume();
  },
});
// A client that drops the connection mid-handshake is no reason for the sink to stop.
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => {
  console.log((server.server.address() as AddressInfo).port);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
