// The operations side's services, built once and shared by the Slack commands, buttons and App Home.
import type { ChangeService } from '../changes/change-service.ts';
import type { GatewayFleet } from '../gateway-client/fleet.ts';
import type { OpsConfig } from './config.ts';
import type { DiagnoseDeps } from './diagnose-runner.ts';
import type { RelayMonitor } from './monitor.ts';
import type { RelayActionService } from './relay-actions.ts';
import type { RelaySupervisor } from './relay-supervisor.ts';
import { type RelayCertificate, relayCertificate, type TlsRunner } from './tls-runner.ts';

export interface OpsServices {
  config: OpsConfig;
  fleet: GatewayFleet;
  actions: RelayActionService;
  monitor: RelayMonitor;
  diagnose: DiagnoseDeps;
  changes: ChangeService;
  tls: TlsRunner;
  supervisor?: RelaySupervisor;
  approvalsChannel: string;
  /** Where alerts go: OPS_CHANNEL or the approvals channel. */
  alertChannel: string;
  now: () => number;
}

/** The relay's certificate: the monitor's reading, or a fresh one when there is none yet. */
export async function certificateOf(ops: OpsServices, relay: string): Promise<RelayCertificate | undefined> {
  const known = ops.monitor.certificate(relay);
  if (known) return known;
  const smtp = ops.fleet.relay(relay)?.smtp;
  return smtp ? relayCertificate(ops.tls, relay, smtp) : undefined;
}
