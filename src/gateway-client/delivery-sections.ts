// How the bot reads the delivery parts of /status, /queue and /flush, which the relay's delivery
// module adds as loose sections. Everything optional: a relay without delivery still parses.
import { z } from 'zod';

export const DeliveryStatusSection = z.looseObject({
  delivered: z.number().optional(),
  deferred: z.number().optional(),
  bounced: z.number().optional(),
  mode: z.string().optional(),
  dkim: z.looseObject({ pass: z.number(), fail: z.number() }).optional(),
});

export const FlushResponse = z.looseObject({ flushed: z.number().optional() });

export type DeliveryStatusSection = z.infer<typeof DeliveryStatusSection>;
export type FlushResponse = z.infer<typeof FlushResponse>;
