// The `delivery` and `dkim` configuration keys. The relay's gateway/config.ts embeds these schemas.
import { z } from 'zod';

export const tlsModeSchema = z.enum(['opportunistic', 'required', 'verified'], {
  error: 'must be one of opportunistic, required, verified',
});
export type TlsMode = z.infer<typeof tlsModeSchema>;

/** A `tlsPolicies` value: a TLS mode, or `dane` / `mta-sts` to demand that policy (mode: mx only). */
export const tlsPolicyModeSchema = z.enum(['opportunistic', 'required', 'verified', 'dane', 'mta-sts'], {
  error: 'must be one of opportunistic, required, verified, dane, mta-sts',
});
export type TlsPolicyMode = z.infer<typeof tlsPolicyModeSchema>;

const portSchema = z.number().int().min(1).max(65535);

export const deliveryConfigSchema = z
  .strictObject({
    /** mx: look up each recipient domain's MX; smarthost: send everything to one next hop. */
    mode: z.enum(['mx', 'smarthost']).default('mx'),
    smarthost: z.strictObject({ host: z.string().min(1), port: portSchema.default(25) }).optional(),
    /** Default TLS policy toward the next hop. */
    tls: tlsModeSchema.default('opportunistic'),
    /** Per recipient domain TLS policy, overriding `tls` and, in mode mx, DANE and MTA-STS. */
    tlsPolicies: z.record(z.string().min(1), tlsPolicyModeSchema).default({}),
    /**
     * DANE (RFC 7672) for MX delivery: TLSA records of DNSSEC-signed next hops make STARTTLS mandatory
     * and pin the certificate. Default: on when `dns.servers` names resolvers (they must validate).
     */
    dane: z.boolean().optional(),
    /** MTA-STS (RFC 8461) for MX delivery: recipient domains' policies are fetched, cached and applied. */
    mtaSts: z.boolean().default(true),
    /** Parallel outbound connections overall; also the cap for any one destination. */
    concurrency: z
      .number({ error: 'must be a whole number from 1 to 1000' })
      .int({ error: 'must be a whole number from 1 to 1000' })
      .min(1, { error: 'must be a whole number from 1 to 1000' })
      .max(1000, { error: 'must be a whole number from 1 to 1000' })
      .default(20),
    /** Messages held in memory for delivery, oldest first (Postfix's qmgr_message_active_limit); the
     *  rest wait on disk in arrival order and are read in as those ahead of them leave. */
    activeLimit: z
      .number({ error: 'must be a whole number from 1 to 1000000' })
      .int({ error: 'must be a whole number from 1 to 1000000' })
      .min(1, { error: 'must be a whole number from 1 to 1000000' })
      .max(1_000_000, { error: 'must be a whole number from 1 to 1000000' })
      .default(20000),
    retry: z
      .strictObject({
        initialSeconds: z.number().positive().default(300),
        maxSeconds: z.number().positive().default(14400),
        lifetimeHours: z.number().positive().default(120),
      })
      .prefault({}),
    /** Prepend one Received: header to each relayed message. */
    received: z.boolean().default(true),
    /**
     * Port for MX hosts found by DNS. Always 25 in production; a test or a lab may point MX delivery at
     * another port on loopback.
     */
    mxPort: portSchema.default(25),
    /** Seconds an idle outbound connection is kept for the next message to the same destination. */
    connectionIdleSeconds: z.number().min(0).max(300).default(5),
    /** Seconds to wait for a connection, greeting or reply from the next hop. */
    timeoutSeconds: z.number().positive().max(3600).default(300),
  })
  .superRefine((value, ctx) => {
    if (value.mode === 'smarthost' && !value.smarthost) {
      ctx.addIssue({
        code: 'custom',
        path: ['smarthost'],
        message: 'mode is smarthost but no smarthost { host, port } is set: add one or use mode: mx',
      });
    }
    if (value.mode === 'smarthost') {
      for (const [domain, mode] of Object.entries(value.tlsPolicies)) {
        if (mode === 'dane' || mode === 'mta-sts')
          ctx.addIssue({
            code: 'custom',
            path: ['tlsPolicies', domain],
            message: `${mode} applies to mode: mx only; a smart host keeps opportunistic, required or verified`,
          });
      }
    }
    if (value.retry.maxSeconds < value.retry.initialSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['retry', 'maxSeconds'],
        message: `must be at least retry.initialSeconds (${value.retry.initialSeconds})`,
      });
    }
  })
  .prefault({});
export type DeliveryConfig = z.infer<typeof deliveryConfigSchema>;

export const dkimConfigSchema = z
  .strictObject({
    sign: z
      .array(
        z.strictObject({
          domain: z.string().min(1),
          selector: z.string().min(1),
          privateKeyFile: z.string().min(1),
        }),
      )
      .default([]),
  })
  .prefault({});
export type DkimConfig = z.infer<typeof dkimConfigSchema>;
