// Control API schemas for delivery: the `delivery` section of GET /status, the `deferred` section of
// GET /queue and POST /flush. zod only, no relay imports: the bot imports this file.
import { z } from 'zod';

export const DeliveryStatus = z.object({
  mode: z.enum(['mx', 'smarthost']),
  /** Recipients, since start. `deferred` counts each deferral. */
  delivered: z.number(),
  deferred: z.number(),
  bounced: z.number(),
  bouncesSent: z.number(),
  tlsFailures: z.number(),
  /** DKIM check of relayed messages as they leave. */
  dkim: z.object({ pass: z.number(), fail: z.number(), none: z.number(), temperror: z.number() }),
  dkimSigned: z.number(),
  /** Accept-to-delivered seconds since start, estimated from the latency histogram's buckets; null before the first. */
  latencySeconds: z.object({ p50: z.number().nullable(), p99: z.number().nullable(), samples: z.number() }),
  /** Recipients delivered per TLS policy applied, and TLS policy failures per reason (issue 15). */
  tlsPolicies: z
    .object({ delivered: z.record(z.string(), z.number()), failures: z.record(z.string(), z.number()) })
    .optional(),
  /** `messages`: held in memory (at most delivery.activeLimit); `backlog`: waiting on disk behind them. */
  queue: z.object({
    messages: z.number(),
    inFlight: z.number(),
    waiting: z.number(),
    ready: z.number(),
    backlog: z.number().optional(),
  }),
  /** Writes of delivery state to the spool. `unsaved`: messages whose latest state is in memory only
   *  (a write failed; retried with backoff). Absent from relays older than this field. */
  stateWrites: z
    .object({
      unsaved: z.number(),
      failures: z.number(),
      lastError: z.string().optional(),
      lastErrorAt: z.string().optional(),
    })
    .optional(),
});

export const DeferredGroup = z.object({
  /** Recipient domain (mx mode) or smarthost host:port. */
  destination: z.string(),
  lastError: z.string(),
  messages: z.number().int(),
  recipients: z.number().int(),
  oldestReceivedAt: z.string(),
  nextAttemptAt: z.string(),
});

/** GET /queue adds `deferred`: deferred recipients grouped by destination and last error. */
export const QueueDeferredSection = z.array(DeferredGroup);

/** POST /flush: deferred messages made due now. */
export const FlushResponse = z.object({ flushed: z.number().int() });

export type DeliveryStatus = z.infer<typeof DeliveryStatus>;
export type DeferredGroup = z.infer<typeof DeferredGroup>;
export type FlushResponse = z.infer<typeof FlushResponse>;

/** GET /tls-policy/:domain: how the relay would secure delivery to a recipient domain now (issue 15). */
export const TlsPolicyReport = z.object({
  domain: z.string(),
  mode: z.enum(['mx', 'smarthost']),
  /** The tlsPolicies entry that decides, or null when DANE / MTA-STS / delivery.tls do. */
  configured: z.string().nullable(),
  dane: z.object({
    enabled: z.boolean(),
    /** secure: the MX answer is DNSSEC-signed; insecure: DANE cannot apply; failed: delivery waits. */
    mx: z.enum(['secure', 'insecure', 'failed', 'off']),
    detail: z.string(),
    hosts: z.array(
      z.object({
        host: z.string(),
        state: z.enum(['usable', 'unusable', 'none', 'fail']),
        detail: z.string(),
      }),
    ),
  }),
  mtaSts: z.object({
    enabled: z.boolean(),
    state: z.enum(['policy', 'none', 'off']),
    detail: z.string(),
    mode: z.enum(['enforce', 'testing', 'none']).optional(),
    id: z.string().optional(),
    mx: z.array(z.string()).optional(),
    source: z.enum(['fetched', 'cache']).optional(),
    expiresAt: z.string().optional(),
  }),
});
export type TlsPolicyReport = z.infer<typeof TlsPolicyReport>;
