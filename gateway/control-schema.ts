// Request and response schemas of the relay's control API. The bot imports this file, so it holds
// zod schemas and types only: no server code and no imports from the relay.
import { z } from 'zod';

export const ErrorResponse = z.object({
  error: z.string(),
  /** one line per problem, e.g. configuration errors on reload */
  details: z.array(z.string()).optional(),
});

export const HealthResponse = z.object({ ok: z.literal(true) });

const AddressCount = z.object({ ipv4: z.number(), ipv6Networks: z.number() });

export const AllowlistStatus = z.object({
  loaded: z.boolean(),
  source: z.enum(['dns', 'disk', 'none', 'static']),
  spf: z.array(z.string()),
  size: z.number().int(),
  spfRanges: z.number().int(),
  extraRanges: z.number().int(),
  /** size of the SPF part in force: IPv4 addresses and IPv6 /64 networks */
  addresses: AddressCount.optional(),
  refreshedAt: z.string().optional(),
  lastAttemptAt: z.string().optional(),
  error: z.string().optional(),
  /** the last refresh resolved a set that was refused: too large, or grown more than four times */
  heldBack: z
    .object({
      reason: z.enum(['spf-error', 'too-many-addresses', 'suspicious-growth']),
      at: z.string(),
      addresses: AddressCount,
      message: z.string(),
    })
    .optional(),
});

export const QueueSummary = z.object({
  messages: z.number().int(),
  oldestReceivedAt: z.string().optional(),
  oldestAgeSeconds: z.number().optional(),
});

export const SpoolStatus = z.object({
  /** free bytes on the spool's file system */
  freeBytes: z.number(),
  /** below this (1.5 x maxMessageBytes) new mail is refused at MAIL with 452 4.3.1 */
  minFreeBytes: z.number(),
  /** true while new mail is refused for lack of space */
  full: z.boolean(),
  /** messages whose unreadable files were moved to <spool>/corrupt/ */
  corrupt: z.number().int(),
});

export const InboundCounters = z.object({
  connections: z.number(),
  accepted: z.number(),
  acceptedBytes: z.number(),
  /** refusals by reason, e.g. client-not-allowed, sender-domain, bare-newline */
  rejected: z.record(z.string(), z.number()),
});

export const TenantStatus = z.object({
  bound: z.boolean(),
  dkimDomains: z.array(z.string()),
  /** the name of the routing-rule header when one is required (never its value) */
  header: z.string().optional(),
});

/** Loose: delivery (and later parts) add their own sections, e.g. `delivery`. */
export const StatusResponse = z.looseObject({
  version: z.string(),
  startedAt: z.string(),
  uptimeSeconds: z.number(),
  paused: z.boolean(),
  pausedReason: z.string().optional(),
  /** false while no allowlist was ever loaded: every client is refused */
  accepting: z.boolean(),
  allowlist: AllowlistStatus,
  /** How accepted mail is bound to this organization; bound false: by sender domain only. Optional:
   *  relays before issue 10 do not report it. */
  tenant: TenantStatus.optional(),
  queue: QueueSummary,
  /** absent from relays older than this field */
  spool: SpoolStatus.optional(),
  inbound: InboundCounters,
});

export const QueuedEnvelope = z.object({
  id: z.string(),
  mailFrom: z.string(),
  rcptTo: z.array(z.string()),
  size: z.number().int(),
  receivedAt: z.string(),
  client: z.object({ address: z.string(), hostname: z.string().optional(), helo: z.string() }),
  tls: z.object({ protocol: z.string(), cipher: z.string() }).nullable(),
});

export const RecipientState = z.object({
  address: z.string(),
  status: z.enum(['pending', 'delivered', 'bounced']),
  attempts: z.number().int(),
  lastError: z.string().optional(),
  lastAttemptAt: z.string().optional(),
});

export const DeliveryState = z.object({
  recipients: z.array(RecipientState),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().optional(),
});

export const QueuedMessage = z.object({ envelope: QueuedEnvelope, state: DeliveryState.optional() });

/** GET /queue?limit=N (default 100, at most 1000): oldest first. */
export const QueueQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

/** Loose: delivery may add its own sections. */
export const QueueResponse = z.looseObject({
  total: z.number().int(),
  messages: z.array(QueuedMessage),
});

/** POST /pause body (optional): why, shown in /status and logged. */
export const PauseRequest = z.object({ reason: z.string().max(200).optional() });

export const PauseResponse = z.object({ paused: z.boolean(), pausedReason: z.string().optional() });

export const ReloadResponse = z.object({
  /** keys that changed in the file but need a restart to apply (listen, control, spool, ...) */
  restartRequired: z.array(z.string()),
  allowlist: AllowlistStatus,
});

export type ErrorResponse = z.infer<typeof ErrorResponse>;
export type HealthResponse = z.infer<typeof HealthResponse>;
export type AllowlistStatus = z.infer<typeof AllowlistStatus>;
export type TenantStatus = z.infer<typeof TenantStatus>;
export type QueueSummary = z.infer<typeof QueueSummary>;
export type InboundCounters = z.infer<typeof InboundCounters>;
export type SpoolStatus = z.infer<typeof SpoolStatus>;
export type StatusResponse = z.infer<typeof StatusResponse>;
export type QueuedMessage = z.infer<typeof QueuedMessage>;
export type QueueQuery = z.infer<typeof QueueQuery>;
export type QueueResponse = z.infer<typeof QueueResponse>;
export type PauseRequest = z.infer<typeof PauseRequest>;
export type PauseResponse = z.infer<typeof PauseResponse>;
export type ReloadResponse = z.infer<typeof ReloadResponse>;

/** A probe message the relay received (the bot sends probes through Gmail to prove a route live). */
export const ProbeSighting = z.object({
  token: z.string(),
  /** ISO 8601, when the relay accepted it. */
  seenAt: z.string(),
  queueId: z.string(),
  /** The connecting client: one of the allowed (Google) ranges, or the relay would have refused it. */
  clientIp: z.string(),
  helo: z.string(),
  tls: z.object({ protocol: z.string(), cipher: z.string() }).nullable(),
  /** DKIM verdict of the message as received: pass, fail, neutral, none, temperror... */
  dkim: z.object({ result: z.string(), domain: z.string().optional(), error: z.string().optional() }),
  mailFrom: z.string(),
  rcptTo: z.array(z.string()),
  /** true when `probes.deliver` kept it for onward delivery; false when it was consumed. */
  delivered: z.boolean(),
});

/** GET /probes/:token */
export const ProbeLookupResponse = z.discriminatedUnion('seen', [
  z.object({ token: z.string(), seen: z.literal(false) }),
  z.object({ token: z.string(), seen: z.literal(true), sighting: ProbeSighting }),
]);

export type ProbeSighting = z.infer<typeof ProbeSighting>;
export type ProbeLookupResponse = z.infer<typeof ProbeLookupResponse>;
