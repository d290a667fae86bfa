// Control API schemas of the `scan` and `archive` sections of GET /status. zod only, no relay
// imports: the bot imports this file.
import { z } from 'zod';

export const ScanStatusSection = z.object({
  configured: z.boolean(),
  onError: z.enum(['tempfail', 'accept']).optional(),
  scanners: z
    .array(
      z.object({ name: z.string(), ok: z.boolean(), error: z.string().optional(), checkedAt: z.string() }),
    )
    .optional(),
  /** Messages scanned in the last 24 hours, by outcome. */
  lastDay: z.object({ clean: z.number(), virus: z.number(), spam: z.number(), error: z.number() }).optional(),
  findings: z
    .array(
      z.object({
        seq: z.number(),
        at: z.string(),
        sender: z.string(),
        outcome: z.enum(['clean', 'virus', 'spam', 'error']),
        refused: z.boolean(),
        findings: z.array(
          z.object({
            engine: z.string(),
            kind: z.enum(['virus', 'spam', 'action', 'error']),
            detail: z.string(),
          }),
        ),
      }),
    )
    .optional(),
});

export const ArchiveStatusSection = z.object({
  configured: z.boolean(),
  destination: z.string().optional(),
  archived: z.number(),
  pending: z.number(),
  failing: z.number(),
  lastError: z.string().optional(),
  failingSince: z.string().optional(),
  alert: z.boolean(),
  alertAfterMinutes: z.number().optional(),
});

export type ScanStatusSection = z.infer<typeof ScanStatusSection>;
export type ArchiveStatusSection = z.infer<typeof ArchiveStatusSection>;
