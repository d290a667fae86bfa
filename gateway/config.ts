// The relay's configuration: a YAML file given with --config, validated with zod at start-up and on
// POST /reload. A bad file stops start-up with one line per problem naming the key, the value seen
// and what to do. Relative paths are resolved against the directory of the configuration file.
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { archiveConfigSchema } from './archive/config.ts';
import { deliveryConfigSchema, dkimConfigSchema } from './delivery/config.ts';
import { embeddedIpv4Range, parseCidr } from './ip-ranges.ts';
import { scanConfigSchema } from './scan/config.ts';

const DOMAIN = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

/** Record names may have underscore labels, e.g. _spf.google.com. */
const RECORD_NAME = /^(?=.{1,253}$)(?!-)[a-z0-9_-]{1,63}(?<!-)(\.(?!-)[a-z0-9_-]{1,63}(?<!-))+$/;

const SIZE_HINT = "must be a number of bytes from 1024 to 1073741824, e.g. 36700160 (35 MB, Gmail's limit)";

const hostSchema = z.string().refine((h) => h === 'localhost' || isIP(h) !== 0, {
  message: 'must be an IP address (e.g. 127.0.0.1, ::1 or 0.0.0.0)',
});
const portSchema = z
  .number({ message: 'must be a port number from 0 to 65535 (0 picks a free port)' })
  .int({ message: 'must be a whole port number' })
  .min(0, { message: 'must be a port number from 0 to 65535 (0 picks a free port)' })
  .max(65535, { message: 'must be a port number from 0 to 65535 (0 picks a free port)' });

const recordNameSchema = z
  .string()
  .transform((d) => d.toLowerCase().replace(/\.$/, ''))
  .refine((d) => RECORD_NAME.test(d), { message: 'must be a DNS name such as _spf.google.com' });

/** `example.com` matches that domain only; `*.example.com` matches its subdomains (opt-in). */
const senderDomainSchema = z
  .string()
  .transform((d) => d.toLowerCase().replace(/\.$/, ''))
  .refine((d) => DOMAIN.test(d.startsWith('*.') ? d.slice(2) : d), {
    message: 'must be a domain such as example.com, or *.example.com for its subdomains',
  });

/** Parents of signing domains shared by every Google customer: listing one binds nothing. */
const SHARED_SIGNING_DOMAINS = ['gappssmtp.com', 'google.com', 'gmail.com', 'googlemail.com'];

const tenantDomainSchema = z
  .string()
  .transform((d) => d.toLowerCase().replace(/\.$/, ''))
  .superRefine((d, ctx) => {
    if (!DOMAIN.test(d))
      ctx.addIssue({
        code: 'custom',
        message: 'must be a domain such as example.com (its subdomains match too)',
      });
    else if (SHARED_SIGNING_DOMAINS.includes(d))
      ctx.addIssue({
        code: 'custom',
        message:
          'is a signing domain Google shares among all its customers: list your own domain, or the full d= Google uses for you (e.g. example-com.20230601.gappssmtp.com)',
      });
  });

const HEADER_NAME = /^[!-9;-~]{1,76}$/;

const tenantSchema = z
  .strictObject({
    /** A message needs a verifying DKIM signature whose d= is one of these or a subdomain of one. */
    dkimDomains: z.array(tenantDomainSchema).default([]),
    /** A message needs this header with this value (a Gmail routing rule adds it). */
    header: z
      .strictObject({
        name: z
          .string()
          .refine((n) => HEADER_NAME.test(n), {
            message: 'must be a header field name such as X-Gateway-Tenant',
          })
          .default('X-Gateway-Tenant'),
        secret: z
          .string()
          .refine((v) => /^[\x21-\x7e]{16,}$/.test(v), {
            message:
              'must be at least 16 printable ASCII characters without spaces (e.g. openssl rand -hex 24)',
          })
          .optional(),
        secretFile: z.string().min(1).optional(),
      })
      .refine((h) => (h.secret === undefined) !== (h.secretFile === undefined), {
        message: 'needs exactly one of secret or secretFile',
      })
      .optional(),
  })
  .default({ dkimDomains: [] });

const cidrSchema = z
  .string()
  .refine((c) => parseCidr(c) !== undefined, {
    message: 'must be an IPv4 or IPv6 range such as 192.0.2.0/24 or 2001:db8::/32 (or a single address)',
  })
  .refine(
    (c) => {
      const cidr = parseCidr(c);
      return cidr === undefined || embeddedIpv4Range(cidr) === undefined;
    },
    {
      message: 'is an IPv6 range that stands for IPv4 addresses (mapped, NAT64, 6to4): write the IPv4 range',
    },
  );

const dnsServerSchema = z.string().refine((s) => parseDnsServer(s), {
  message: 'must be an IP address with an optional port, e.g. 8.8.8.8, 127.0.0.1:5353 or [::1]:53',
});

const loopbackSchema = z
  .string()
  .refine((h) => h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h), {
    message: 'must be a loopback address (127.0.0.1 or ::1): the control API is never exposed',
  });

export const configSchema = z.strictObject({
  /** Where the SMTP listener binds. Gmail connects to port 25 in production. */
  listen: z.strictObject({ host: hostSchema.default('127.0.0.1'), port: portSchema.default(2525) }),
  /** Name in the greeting and EHLO reply; the host name of the machine by default. */
  hostname: z.string().min(1).optional(),
  /** STARTTLS is offered when set. PEM files. */
  tls: z.strictObject({ key: z.string().min(1), cert: z.string().min(1) }).optional(),
  allow: z.strictObject({
    /** SPF records whose ip4:/ip6: ranges are allowed, followed through include: and redirect=. */
    spf: z.array(recordNameSchema).default([]),
    /** Extra ranges, IPv4 and IPv6. */
    cidrs: z.array(cidrSchema).default([]),
    refreshSeconds: z.number().int().min(60).max(86_400).default(3600),
    /** Cap on the IPv4 addresses of the resolved SPF set (a larger set is refused as forged). */
    maxAddresses: z.number().int().min(1).default(4_194_304),
    /** Cap on the IPv6 /64 networks of the resolved SPF set; Google's own hold about 1.6e9. */
    maxIpv6Networks: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(17_179_869_184),
    /** Where the last good resolved set is kept; `allowlist.json` in the spool directory by default. */
    lastGoodFile: z.string().min(1).optional(),
  }),
  /** Binding of accepted mail to this organization (docs/relay.md, "Tenant binding"). */
  tenant: tenantSchema,
  /** Envelope-sender domains accepted in MAIL FROM. */
  senders: z.array(senderDomainSchema).min(1, { message: 'needs at least one sender domain' }),
  /** Accept MAIL FROM:<> (bounces). Off by default: Gmail sends a domain's own mail with a sender. */
  allowNullSender: z.boolean().default(false),
  maxMessageBytes: z
    .number({ message: SIZE_HINT })
    .int({ message: SIZE_HINT })
    .min(1024, { message: SIZE_HINT })
    .max(1024 ** 3, { message: SIZE_HINT })
    .default(36_700_160),
  spool: z.string().min(1),
  dns: z
    .strictObject({
      /** Empty: the system resolver. */
      servers: z.array(dnsServerSchema).default([]),
      timeoutMs: z.number().int().min(100).max(60_000).default(3000),
      tries: z.number().int().min(1).max(10).default(2),
    })
    .default({ servers: [], timeoutMs: 3000, tries: 2 }),
  control: z.strictObject({
    host: loopbackSchema.default('127.0.0.1'),
    port: portSchema.default(8025),
    token: z.string().min(16, { message: 'must be at least 16 characters (e.g. openssl rand -hex 32)' }),
  }),
  limits: z
    .strictObject({
      maxClients: z.number().int().min(1).default(100),
      /** Concurrent sessions from one address. */
      maxConnectionsPerIp: z.number().int().min(1).default(50),
      maxRecipients: z.number().int().min(1).default(100),
      maxMessagesPerConnection: z.number().int().min(1).default(100),
      socketTimeoutSeconds: z.number().int().min(5).max(3600).default(300),
      closeTimeoutSeconds: z.number().int().min(1).max(3600).default(30),
      /** The longest one DATA phase may take, however slowly the client sends. */
      dataSeconds: z.number().int().min(1).max(86_400).default(600),
      /** The longest one session may last. */
      sessionSeconds: z.number().int().min(1).max(86_400).default(1800),
    })
    .default({
      maxClients: 100,
      maxConnectionsPerIp: 50,
      maxRecipients: 100,
      maxMessagesPerConnection: 100,
      socketTimeoutSeconds: 300,
      closeTimeoutSeconds: 30,
      dataSeconds: 600,
      sessionSeconds: 1800,
    }),
  /** Probe messages from the bot (header X-Gateway-Probe): recorded for GET /probes/:token, then consumed. */
  probes: z
    .strictObject({
      /** Deliver probes onward like other mail instead of consuming them. */
      deliver: z.boolean().default(false),
      /** How long sightings are kept for the bot to ask about. */
      keepHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 90)
        .default(168),
    })
    .default({ deliver: false, keepHours: 168 }),
  /** Look up the client's host name (PTR) for logs; off by default (it costs up to 1.5 s per connection). */
  reverseLookup: z.boolean().default(false),
  /** Onward delivery (docs/relay.md, "Delivery"). */
  delivery: deliveryConfigSchema,
  /** DKIM signing by the relay, per sender domain. */
  dkim: dkimConfigSchema,
  /** Content scanning at the end of DATA, before the 250 (docs/relay.md, "Scanning"). */
  scan: scanConfigSchema,
  /** A byte-exact copy of every accepted message with its envelope (docs/relay.md, "Archive"). */
  archive: archiveConfigSchema,
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .default({ level: 'info' }),
});

export type RelayConfig = z.infer<typeof configSchema>;

/** One line per problem; `lines` are what the operator reads. */
export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'ConfigError';
  }
}

const SECRET_KEYS = new Set(['control.token', 'tenant.header.secret', 'scan.rspamd.password']);

export function parseConfig(input: unknown, baseDir: string, source = 'config'): RelayConfig {
  const result = configSchema.safeParse(input ?? {});
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, input, source)));
  }
  return resolvePaths(result.data, baseDir);
}

export async function loadConfig(file: string): Promise<RelayConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError([`${file}: cannot read the configuration file (${code}): check the --config path`]);
  }
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((e) => {
        const at = e.linePos?.[0];
        return `${file}${at ? `:${at.line}:${at.col}` : ''}: YAML syntax error: ${e.message.split('\n')[0]}`;
      }),
    );
  }
  return parseConfig(document.toJS(), dirname(resolve(file)), file);
}

function resolvePaths(config: RelayConfig, baseDir: string): RelayConfig {
  const spool = resolve(baseDir, config.spool);
  return {
    ...config,
    spool,
    tls: config.tls && { key: resolve(baseDir, config.tls.key), cert: resolve(baseDir, config.tls.cert) },
    allow: {
      ...config.allow,
      lastGoodFile: resolve(baseDir, config.allow.lastGoodFile ?? resolve(spool, 'allowlist.json')),
    },
    tenant: {
      ...config.tenant,
      ...(config.tenant.header?.secretFile
        ? {
            header: {
              ...config.tenant.header,
              secretFile: resolve(baseDir, config.tenant.header.secretFile),
            },
          }
        : {}),
    },
    ...(config.scan?.clamd && 'socket' in config.scan.clamd
      ? { scan: { ...config.scan, clamd: { socket: resolve(baseDir, config.scan.clamd.socket) } } }
      : {}),
    ...(config.archive?.dir
      ? { archive: { ...config.archive, dir: resolve(baseDir, config.archive.dir) } }
      : {}),
    dkim: {
      sign: config.dkim.sign.map((entry) => ({
        ...entry,
        privateKeyFile: resolve(baseDir, entry.privateKeyFile),
      })),
    },
  };
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown, source: string): string {
  const key = issue.path.map(String).join('.') || '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length > 0 ? `${key}.` : '';
    return `${source}: ${issue.keys.map((k) => prefix + k).join(', ')}: unknown key: remove it or check its spelling in docs/relay.md`;
  }
  const seen = valueAt(input, issue.path);
  // A value that is or holds a secret (e.g. `control: <the token>` written without its key) is hidden.
  const holdsSecret =
    issue.path.length === 0 || [...SECRET_KEYS].some((k) => k === key || k.startsWith(`${key}.`));
  const shown = seen === undefined ? 'nothing' : holdsSecret ? '(hidden)' : JSON.stringify(seen);
  const message = seen === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message;
  return `${source}: ${key}: ${message} (seen: ${shown})`;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current = input;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/** `host` or `host:port`, IPv6 as `[addr]:port`; what dns.Resolver#setServers accepts. */
function parseDnsServer(server: string): boolean {
  if (isIP(server)) return true;
  const v6 = /^\[([^\]]+)\]:(\d{1,5})$/.exec(server);
  if (v6) return isIP(v6[1] ?? '') === 6 && Number(v6[2]) <= 65535;
  const v4 = /^([^:]+):(\d{1,5})$/.exec(server);
  return v4 !== null && isIP(v4[1] ?? '') === 4 && Number(v4[2]) <= 65535;
}

/** Keys whose change needs a restart; POST /reload reports them instead of applying them. */
export function keysNeedingRestart(current: RelayConfig, next: RelayConfig): string[] {
  const restartKeys = ['listen', 'control', 'spool', 'dns', 'hostname', 'reverseLookup', 'log'] as const;
  return restartKeys.filter((k) => JSON.stringify(current[k]) !== JSON.stringify(next[k]));
}
