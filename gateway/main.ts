#!/usr/bin/env node
// The relay process: `npm run gateway -- --config FILE`.
// Exit codes: 0 after a clean stop (SIGTERM/SIGINT), 2 for a bad configuration, 1 for other failures.
// SIGHUP reloads the configuration like POST /reload.
import { parseArgs } from 'node:util';
import { ArchiveExtension } from './archive/extension.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DeliveryExtension } from './delivery/extension.ts';
import { createLogger } from './log.ts';
import { ProbeRecorder } from './probes.ts';
import { Relay, type RelayExtension } from './relay.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string', short: 'c' } }, strict: true });
  if (!values.config) {
    console.error(
      'usage: npm run gateway -- --config FILE   (see docs/relay.md; gateway/sample.yaml works on loopback)',
    );
    process.exit(2);
  }
  const config = await loadConfig(values.config);
  const log = createLogger({ level: config.log.level });

  // Extensions start once the spool exists and stop after the SMTP listener has closed. Probe
  // sightings come first: they take a probe out of the queue before delivery can pick it up. The
  // archive starts before delivery, which hands it every message whose recipients are done.
  const archive = new ArchiveExtension();
  const extensions: RelayExtension[] = [
    new ProbeRecorder(config.probes),
    archive,
    new DeliveryExtension({ finisher: archive }),
  ];

  const relay = await Relay.start({ config, configPath: values.config, log, extensions });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    relay.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: String(error) }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => {
    relay.reload().catch((error: unknown) => log.error({ err: String(error) }, 'reload on SIGHUP failed'));
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    for (const line of error.lines) console.error(line);
    process.exit(2);
  }
  console.error(`relay failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
