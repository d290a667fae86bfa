// PROVISIONAL: the relay's control-API response shapes as the bot reads them, written against the
// endpoint list until gateway/control-schema.ts exists on the relay branch. Once merged, this file
// only re-exports the relay's zod schemas (the bot never redefines them). Objects are loose so
// fields the relay adds later pass through.
import { z } from 'zod';

const counts = z.record(z.string(), z.number());

export const healthzSchema = z.looseObject({ ok: z.boolean() });

export const statusSchema = z.looseObject({
  version: z.string().optional(),
  uptimeSeconds: z.number().optional(),
  paused: z.boolean(),
  allowlist: z
    .looseObject({
      source: z.string().optional(),
      size: z.number().optional(),
      refreshedAt: z.string().nullable().optional(),
      error: z.string().nullable().optional(),
    })
    .optional(),
  queue: z
    .looseObject({
      messages: z.number(),
      recipients: z.number().optional(),
      oldestAgeSeconds: z.number().nullable().optional(),
    })
    .optional(),
  counters: z
    .looseObject({
      accepted: z.number().optional(),
      rejected: counts.optional(),
      delivered: z.number().optional(),
      deferred: z.number().optional(),
      bounced: z.number().optional(),
    })
    .optional(),
  dkim: z.looseObject({ pass: z.number(), fail: z.number() }).optional(),
  tls: z.looseObject({ certNotAfter: z.string().nullable().optional() }).optional(),
});

export const queueSchema = z.looseObject({
  messages: z.number().optional(),
  destinations: z
    .array(
      z.looseObject({
        destination: z.string(),
        messages: z.number(),
        recipients: z.number().optional(),
        oldestAgeSeconds: z.number().nullable().optional(),
        lastError: z.string().nullable().optional(),
        nextAttemptAt: z.string().nullable().optional(),
      }),
    )
    .optional(),
});

export const actionResultSchema = z.looseObject({ ok: z.boolean().optional() });

export type Healthz = z.infer<typeof healthzSchema>;
export type RelayStatusResponse = z.infer<typeof statusSchema>;
export type RelayQueueResponse = z.infer<typeof queueSchema>;
export type ActionResult = z.infer<typeof actionResultSchema>;
