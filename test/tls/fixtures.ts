// Shared set-up for the TLS connection tests: one test PKI per file, servers closed after each test.
import type { TestContext } from 'node:test';
import { createTranslator } from '../../src/i18n/translator.ts';
import type { RouteTlsOptions } from '../../src/tls/index.ts';
import { renderTlsMessage, type TlsMessage } from '../../src/tls/messages.ts';
import {
  type StarttlsServer,
  type StarttlsServerOptions,
  startStarttlsServer,
} from '../support/starttls-server.ts';

export async function serverFor(t: TestContext, options: StarttlsServerOptions): Promise<StarttlsServer> {
  const server = await startStarttlsServer(options);
  t.after(() => server.close());
  return server;
}

export function allOn(host: string, port: number): RouteTlsOptions {
  return { host, port, mxLookup: false, requireTls: true, requireCaSigned: true, validateHostname: true };
}

/** A port that nothing listens on: listen on an ephemeral port, then close it. */
export async function closedPort(host = '127.0.0.1'): Promise<number> {
  const server = await startStarttlsServer({ host: host as '127.0.0.1' });
  const port = server.port;
  await server.close();
  return port;
}

const english = createTranslator('en', 'plain');

/** A sentence of the test's result in English, as the CLI prints it ('' for none). */
export function say(message: TlsMessage | string | undefined): string {
  return message === undefined ? '' : renderTlsMessage(english, message);
}
