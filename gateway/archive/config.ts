// The `archive` configuration key: one destination for a byte-exact copy of every accepted message.
import { z } from 'zod';
import { tlsModeSchema } from '../delivery/config.ts';

const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

export const archiveConfigSchema = z
  .strictObject({
    /** A directory of message files plus envelope JSON (docs/relay.md, "Archive"). */
    dir: z.string().min(1).optional(),
    /** A journaling address on an archive server: each copy is a journal report carrying the
     *  message unchanged as a message/rfc822 part. */
    smtp: z
      .strictObject({
        host: z.string().min(1, { error: 'must be the archive server host name or IP address' }),
        port: z.number().int().min(1).max(65535).default(25),
        to: z.string().refine((a) => ADDRESS.test(a), {
          error: 'must be the journaling address, e.g. journal@archive.example.com',
        }),
        /** As for delivery: opportunistic, required or verified. */
        tls: tlsModeSchema.default('opportunistic'),
        timeoutSeconds: z.number().positive().max(3600).default(60),
      })
      .optional(),
    /** A copy failing for longer than this raises a bot alert (GET /status archive.alert). */
    alertAfterMinutes: z.number().int().min(1).max(10_080).default(60),
    retry: z
      .strictObject({
        initialSeconds: z.number().positive().default(60),
        maxSeconds: z.number().positive().default(3600),
      })
      .prefault({}),
    /** Copies written in parallel. */
    concurrency: z.number().int().min(1).max(100).default(4),
  })
  .superRefine((value, ctx) => {
    if (Boolean(value.dir) === Boolean(value.smtp)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'needs exactly one destination: dir (a directory) or smtp { host, port, to }',
      });
    }
  })
  .optional();
export type ArchiveConfig = NonNullable<z.infer<typeof archiveConfigSchema>>;
