// The fleet as clients: pick one relay by name or all of them.
import { GatewayClient, type GatewayClientOptions } from './client.ts';
import type { FleetConfig, FleetRelay } from './fleet-config.ts';

export class GatewayFleet {
  readonly clients: GatewayClient[];
  private readonly byName: Map<string, { relay: FleetRelay; client: GatewayClient }>;

  constructor(config: FleetConfig, options: Omit<GatewayClientOptions, 'timeoutMs'> = {}) {
    this.byName = new Map(
      config.relays.map((relay) => [
        relay.name,
        { relay, client: new GatewayClient(relay, { ...options, timeoutMs: config.timeoutMs }) },
      ]),
    );
    this.clients = [...this.byName.values()].map((e) => e.client);
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  relay(name: string): FleetRelay | undefined {
    return this.byName.get(name)?.relay;
  }

  /** One relay by name, or all when `name` is undefined. Unknown names throw with the known ones. */
  select(name?: string): GatewayClient[] {
    if (name === undefined) return this.clients;
    const entry = this.byName.get(name);
    if (!entry) {
      const known = this.names.join(', ') || 'none configured';
      throw new Error(`no relay named "${name}": use one of ${known}`);
    }
    return [entry.client];
  }
}
