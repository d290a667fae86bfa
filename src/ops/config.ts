// The operations side's configuration: the relay fleet, the managed relay process, which actions need
// approval, where alerts go and their thresholds. Read from the environment with zod; one line per
// problem naming the key, the value seen and what to do. Tokens are never echoed.
import { isIP } from 'node:net';
import { z } from 'zod';
import { envIssueLines, problemLine, shownValue } from '../config-problems.ts';
import { type AlertThresholds, DEFAULT_THRESHOLDS } from '../domain/ops/alerts.ts';
import { type ControlAction, parseWithoutApproval } from '../domain/ops/relay-action.ts';
import { type BackoffPolicy, DEFAULT_BACKOFF } from '../domain/ops/restart-backoff.ts';
import { type FleetConfig, parseFleetConfig } from '../gateway-client/fleet-config.ts';

export interface ManagedRelayConfig {
  /** The fleet name of the relay the bot starts. */
  relay: string;
  /** The relay's YAML configuration file (npm run gateway -- --config FILE). */
  configFile: string;
  backoff: BackoffPolicy;
}

export interface OpsConfig {
  fleet: FleetConfig;
  managed?: ManagedRelayConfig;
  withoutApproval: Set<ControlAction>;
  /** Alerts go here; the approvals channel when unset. */
  opsChannel?: string;
  pollSeconds: number;
  thresholds: AlertThresholds;
  /** Sender domains whose SPF diagnose checks against the relays' outbound addresses. */
  senderDomains: string[];
  /** The relays' public outbound addresses (MX delivery); the SPF check runs only when set. */
  outboundAddresses: string[];
  /** DNS servers for diagnose and the certificate check ("IP" or "IP:PORT"); system when empty. */
  dnsServers: string[];
}

const flag = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim().toLowerCase())
  .refine((v) => ['', 'true', 'false', '1', '0', 'yes', 'no'].includes(v), {
    message: 'must be true or false',
  })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const number = (min: number, max: number, fallback: number, unit: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : Number(v)))
    .refine((v) => Number.isFinite(v) && v >= min && v <= max, {
      message: `must be ${unit} from ${min} to ${max}`,
    });

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(/[\s,]+/)
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean),
  );

const schema = z.object({
  GATEWAY_MANAGED: flag,
  GATEWAY_CONFIG: z.string().optional(),
  GATEWAY_MANAGED_RELAY: z.string().optional(),
  GATEWAY_RESTART_MAX_SECONDS: number(1, 3600, DEFAULT_BACKOFF.maxDelayMs / 1000, 'seconds'),
  OPS_CHANNEL: z
    .string()
    .optional()
    .refine((v) => !v || /^[CG][A-Z0-9]{2,}$/.test(v.trim()), {
      message: 'must be a channel ID such as C012ABCDEF',
    }),
  OPS_POLL_SECONDS: number(5, 3600, 60, 'seconds'),
  ALERT_QUEUE_AGE_MINUTES: number(1, 10_080, DEFAULT_THRESHOLDS.queueOldestAgeSeconds / 60, 'minutes'),
  ALERT_DEFERRAL_PERCENT: number(1, 100, DEFAULT_THRESHOLDS.deferralRatio * 100, 'a percentage'),
  ALERT_DEFERRAL_MIN_ATTEMPTS: number(1, 100_000, DEFAULT_THRESHOLDS.deferralMinAttempts, 'a count'),
  ALERT_CERT_DAYS: number(1, 365, DEFAULT_THRESHOLDS.certExpiryDays, 'days'),
  ALERT_UNREACHABLE_FAILURES: number(1, 100, DEFAULT_THRESHOLDS.unreachableAfterFailures, 'a count'),
  SENDER_DOMAINS: list,
  GATEWAY_OUTBOUND_ADDRESSES: list.refine((v) => v.every((a) => isIP(a) !== 0), {
    message: 'must be IP addresses separated by commas',
  }),
  OPS_DNS_SERVERS: list,
});

export type OpsConfigResult = { ok: true; config: OpsConfig } | { ok: false; errors: string[] };

export function loadOpsConfig(env: Record<string, string | undefined>): OpsConfigResult {
  const errors: string[] = [];
  const fleet = parseFleetConfig(env);
  if (!fleet.ok) errors.push(...fleet.errors);
  const parsed = schema.safeParse(env);
  if (!parsed.success) errors.push(...envIssueLines(parsed.error.issues, env));
  const without = parseWithoutApproval(env.RELAY_ACTIONS_WITHOUT_APPROVAL);
  if (!without.ok) errors.push(without.error);
  if (!fleet.ok || !parsed.success || !without.ok) return { ok: false, errors };

  const e = parsed.data;
  let managed: ManagedRelayConfig | undefined;
  if (e.GATEWAY_MANAGED) {
    const names = fleet.fleet.relays.map((r) => r.name);
    const relay = e.GATEWAY_MANAGED_RELAY?.trim() || (names.length === 1 ? names[0] : undefined);
    if (!e.GATEWAY_CONFIG?.trim()) {
      errors.push(
        'GATEWAY_CONFIG: is required with GATEWAY_MANAGED=true: the relay configuration file to start it with',
      );
    }
    if (!relay || !names.includes(relay)) {
      errors.push(
        problemLine(
          'GATEWAY_MANAGED_RELAY',
          `must name the managed relay among ${names.join(', ') || '(no relay configured: set GATEWAY_CONTROL_URL)'}`,
          shownValue(e.GATEWAY_MANAGED_RELAY),
        ),
      );
    }
    if (errors.length === 0 && relay) {
      managed = {
        relay,
        configFile: e.GATEWAY_CONFIG?.trim() ?? '',
        backoff: { ...DEFAULT_BACKOFF, maxDelayMs: e.GATEWAY_RESTART_MAX_SECONDS * 1000 },
      };
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: {
      fleet: fleet.fleet,
      ...(managed ? { managed } : {}),
      withoutApproval: without.actions,
      ...(e.OPS_CHANNEL?.trim() ? { opsChannel: e.OPS_CHANNEL.trim() } : {}),
      pollSeconds: e.OPS_POLL_SECONDS,
      thresholds: {
        queueOldestAgeSeconds: e.ALERT_QUEUE_AGE_MINUTES * 60,
        deferralRatio: e.ALERT_DEFERRAL_PERCENT / 100,
        deferralMinAttempts: e.ALERT_DEFERRAL_MIN_ATTEMPTS,
        certExpiryDays: e.ALERT_CERT_DAYS,
        unreachableAfterFailures: e.ALERT_UNREACHABLE_FAILURES,
      },
      senderDomains: e.SENDER_DOMAINS,
      outboundAddresses: e.GATEWAY_OUTBOUND_ADDRESSES,
      dnsServers: e.OPS_DNS_SERVERS,
    },
  };
}
