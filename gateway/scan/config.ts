// The `scan` configuration key: content scanners asked at the end of DATA, before the 250.
import { z } from 'zod';

const portSchema = z
  .number({ error: 'must be a port number from 1 to 65535' })
  .int({ error: 'must be a whole port number' })
  .min(1, { error: 'must be a port number from 1 to 65535' })
  .max(65535, { error: 'must be a port number from 1 to 65535' });

const hostSchema = z.string().min(1, { error: 'must be a host name or IP address, e.g. 127.0.0.1' });

/** clamd: `{ host, port }` (its TCPSocket/TCPAddr) or `{ socket }` (its LocalSocket). */
export const clamdConfigSchema = z.union(
  [
    z.strictObject({ host: hostSchema, port: portSchema.default(3310) }),
    z.strictObject({
      socket: z.string().min(1, { error: 'must be the path of clamd LocalSocket' }),
    }),
  ],
  { error: 'must be { host, port } (clamd TCPAddr/TCPSocket) or { socket: /path } (clamd LocalSocket)' },
);
export type ClamdConfig = z.infer<typeof clamdConfigSchema>;

export const rspamdConfigSchema = z.strictObject({
  /** rspamd's normal worker (HTTP), e.g. http://127.0.0.1:11333 */
  url: z.string().refine(isHttpUrl, {
    error: 'must be an http:// URL of rspamd normal worker, e.g. http://127.0.0.1:11333',
  }),
  /** Sent as the Password header when rspamd's controller password is required (optional). */
  password: z.string().min(1).optional(),
});
export type RspamdConfig = z.infer<typeof rspamdConfigSchema>;

export const scanConfigSchema = z
  .strictObject({
    clamd: clamdConfigSchema.optional(),
    rspamd: rspamdConfigSchema.optional(),
    /** tempfail: 451 4.7.1 when a scanner is down or slow (Gmail retries); accept: deliver unscanned. */
    onError: z.enum(['tempfail', 'accept'], { error: 'must be tempfail or accept' }).default('tempfail'),
    /** How long a scanner may take after the last byte of DATA (and to connect). */
    timeoutMs: z
      .number({ error: 'must be a number of milliseconds from 100 to 300000' })
      .int({ error: 'must be a whole number of milliseconds' })
      .min(100, { error: 'must be a number of milliseconds from 100 to 300000' })
      .max(300_000, { error: 'must be a number of milliseconds from 100 to 300000' })
      .default(30_000),
  })
  .optional();
export type ScanConfig = NonNullable<z.infer<typeof scanConfigSchema>>;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && url.hostname !== '';
  } catch {
    return false;
  }
}
