// PROVISIONAL mirror of the relay's gateway/control-schema.ts (same export names), used until the
// relay branch is merged; then this file only re-exports the relay's schemas (the bot never
// redefines them).
import { z } from 'zod';

export const HealthResponse = z.object({ ok: z.literal(true) });

export const AllowlistStatus = z.object({
  loaded: z.boolean(),
  source: z.enum(['dns', 'disk', 'none', 'static']),
  spf: z.array(z.string()),
  size: z.number().int(),
  spfRanges: z.number().int(),
  extraRanges: z.number().int(),
  refreshedAt: z.string().optional(),
  lastAttemptAt: z.string().optional(),
  error: z.string().optional(),
});

export const StatusResponse = z.looseObject({
  version: z.string(),
  startedAt: z.string(),
  uptimeSeconds: z.number(),
  paused: z.boolean(),
  pausedReason: z.string().optional(),
  accepting: z.boolean(),
  allowlist: AllowlistStatus,
  queue: z.object({
    messages: z.number().int(),
    oldestReceivedAt: z.string().optional(),
    oldestAgeSeconds: z.number().optional(),
  }),
  inbound: z.object({
    connections: z.number(),
    accepted: z.number(),
    acceptedBytes: z.number(),
    rejected: z.record(z.string(), z.number()),
  }),
});

export const QueueResponse = z.looseObject({
  total: z.number().int(),
  messages: z.array(
    z.object({
      envelope: z.looseObject({
        id: z.string(),
        mailFrom: z.string(),
        rcptTo: z.array(z.string()),
        receivedAt: z.string(),
      }),
      state: z
        .looseObject({
          recipients: z.array(
            z.looseObject({
              address: z.string(),
              status: z.enum(['pending', 'delivered', 'bounced']),
              attempts: z.number().int(),
              lastError: z.string().optional(),
            }),
          ),
          attempts: z.number().int(),
          nextAttemptAt: z.string(),
          lastError: z.string().optional(),
        })
        .optional(),
    }),
  ),
});

export const PauseResponse = z.object({ paused: z.boolean(), pausedReason: z.string().optional() });

export const ReloadResponse = z.object({ restartRequired: z.array(z.string()), allowlist: AllowlistStatus });

export type HealthResponse = z.infer<typeof HealthResponse>;
export type StatusResponse = z.infer<typeof StatusResponse>;
export type QueueResponse = z.infer<typeof QueueResponse>;
export type PauseResponse = z.infer<typeof PauseResponse>;
export type ReloadResponse = z.infer<typeof ReloadResponse>;
