import { isIP } from 'node:net';
import { z } from 'zod';

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const isoInstant = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date-time, e.g. 2026-01-31T09:00:00Z');

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Shanghai or UTC');

/** proxy-addr's names for address ranges, which Fastify's trustProxy also takes. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function proxyAddress(entry: string): boolean {
  if (PROXY_RANGES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  // A prefix length, or (IPv4) a netmask such as 255.0.0.0.
  if (/^\d{1,3}$/.test(prefix)) return Number(prefix) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(prefix) === 4;
}

/**
 * Whom to believe about the client's address (X-Forwarded-For …): nobody by default, since anyone
 * can send the header; `true` (every hop), a hop count, or the proxies' addresses / CIDRs — the
 * values Fastify's trustProxy takes.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((raw, ctx): boolean | number | string[] => {
    if (raw === 'true' || raw === 'false') return raw === 'true';
    if (/^\d+$/.test(raw)) return Number(raw);
    const entries = raw.split(',').map((e) => e.trim());
    if (entries.every(proxyAddress)) return entries;
    ctx.addIssue({
      code: 'custom',
      message:
        'must be true, false, a hop count, or a comma list of proxy addresses / CIDRs (e.g. 10.0.0.0/8,127.0.0.1) or loopback, linklocal, uniquelocal',
    });
    return z.NEVER;
  });

/**
 * TENURE_TRUST_PROXY as Fastify takes it. Fastify 5 ignores a bare hop count (it trusts nothing, as a
 * direct client could claim the hops); a count here means what it says — the nearest n hops are
 * proxies — so it is only safe where clients cannot reach Tenure but through them (README).
 */
export function fastifyTrustProxy(
  value: Config['TENURE_TRUST_PROXY'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value;
}

/** Secure cookies and HSTS: asked for (TENURE_COOKIE_SECURE), or implied by an https:// public URL, where a cookie sent in clear would be a leak. */
export const secureTransport = (config: Pick<Config, 'TENURE_COOKIE_SECURE' | 'TENURE_PUBLIC_URL'>) =>
  config.TENURE_COOKIE_SECURE || (config.TENURE_PUBLIC_URL ?? '').toLowerCase().startsWith('https://');

/** Every environment variable Tenure reads, in one place. The README table mirrors this (a test checks). */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port for the API and web UI'),
  HOST: z.string().min(1).default('0.0.0.0').describe('Interface to listen on'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .describe('PostgreSQL 15+ connection string; when unset Tenure uses embedded PGlite in TENURE_DATA_DIR'),
  TENURE_DATA_DIR: z.string().min(1).default('./data').describe('Directory of the embedded PGlite database'),
  // No default here: it depends on the backend (loadConfig), so a real PostgreSQL install never gets the well-known demo admin.
  TENURE_DEMO: booleanFlag
    .optional()
    .describe(
      'Load the demo company on the first start: default 1 on embedded PGlite, 0 on PostgreSQL (DATABASE_URL) — set 1 to load it there',
    ),
  TENURE_DEMO_SEED: z.coerce.number().int().min(0).default(42).describe('Seed of the deterministic demo company'),
  TENURE_NOW: isoInstant
    .optional()
    .describe('Fix the clock at this instant (ISO 8601) for demos, tests and time travel'),
  TENURE_TIMEZONE: timeZone.default('Asia/Shanghai').describe('Organisation time zone; days and months are cut in it'),
  TENURE_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO currency code')
    .default('CNY')
    .describe('Base currency for money figures'),
  TENURE_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN').describe('Default language when the caller states none'),
  TENURE_CHROMIUM_PATH: z.string().optional().describe('Chromium for PDF exports (default: /usr/bin/chromium …)'),
  TENURE_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14).describe('Days a sign-in session lasts'),
  TENURE_LOGIN_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(1)
    .default(10)
    .describe(
      'Failed sign-in attempts allowed per minute, per address and per email (counted in the database, shared by every API process)',
    ),
  TENURE_API_RATE_LIMIT: z.coerce
    .number()
    .int()
    .min(0)
    .default(600)
    .describe('API requests allowed per minute per API token or signed-in user (per process; 0 = no limit)'),
  TENURE_READ_CACHE: booleanFlag
    .default(true)
    .describe(
      'Keep the answers of the busiest reads (lists, an account, Home) and the sessions behind cookies until a table they read changes, in any process',
    ),
  TENURE_ALLOW_PRIVATE_WEBHOOKS: booleanFlag
    .default(false)
    .describe('Let chat-robot channels post to loopback, private and link-local addresses (on-premises robots, tests)'),
  TENURE_TRUST_PROXY: trustProxy
    .default(false)
    .describe(
      'Trust X-Forwarded-For from these proxies: true, a hop count, or a comma list of addresses / CIDRs; unset = the socket address counts',
    ),
  TENURE_COOKIE_SECURE: booleanFlag
    .default(false)
    .describe(
      'Mark the session cookie Secure and send HSTS (set to 1 behind HTTPS; implied when TENURE_PUBLIC_URL is https://)',
    ),
  TENURE_PUBLIC_URL: z.url().optional().describe('Public URL of Tenure, used for the CSRF origin check behind a proxy'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level'),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\S+$/, 'must be a Stripe webhook signing secret (whsec_…)')
    .optional()
    .describe('Signing secret of the Stripe webhook endpoint (POST /webhooks/stripe); wins over the one set in the UI'),
  TENURE_WORKER: z
    .enum(['on', 'off'])
    .default('on')
    .describe(
      'Run a job worker inside the server (off when separate `tenure worker` processes do the work; PostgreSQL only)',
    ),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587')
    .optional()
    .describe('Outgoing mail server (welcome emails, digests); unset = mail is recorded as skipped, not sent'),
  TENURE_MAIL_FROM: z
    .string()
    .min(3)
    .default('Tenure <no-reply@tenure.local>')
    .describe('From address of the mail Tenure sends'),
  TENURE_METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters (e.g. openssl rand -hex 24)')
    .optional()
    .describe(
      'Bearer token Prometheus sends to GET /metrics; unset = /metrics answers only callers on the same machine (loopback, not through a proxy)',
    ),
  TENURE_DRAIN_SECONDS: z.coerce
    .number()
    .min(0)
    .max(300)
    .default(0)
    .describe(
      'On SIGTERM, seconds the server keeps serving with /readyz answering 503 before it stops accepting, so a load balancer takes it out first',
    ),
  TENURE_WORKER_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .optional()
    .describe('`tenure worker` only: port of its /healthz, /readyz and /metrics listener (on HOST); unset = none'),
});

export type Config = Omit<z.infer<typeof configSchema>, 'TENURE_DEMO'> & { TENURE_DEMO: boolean };

export class ConfigError extends Error {}

/** Variables that may carry credentials: start-up logs are read by many, so a refusal never prints them whole. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'DATABASE_URL',
  'SMTP_URL',
  'STRIPE_WEBHOOK_SECRET',
  'TENURE_METRICS_TOKEN',
]);

/** The refused value as the message shows it: a URL keeps its scheme, user and host (enough to spot the mistake) but not its password or query. */
function shownValue(name: string, value: string | undefined): string {
  if (value === undefined || !SECRET_VARIABLES.has(name)) return JSON.stringify(value);
  if (name !== 'STRIPE_WEBHOOK_SECRET') {
    try {
      const url = new URL(value);
      if (url.password) url.password = '***';
      if (url.search) url.search = '?***';
      return JSON.stringify(url.toString());
    } catch {
      /* not a URL: nothing of it is safe to show */
    }
  }
  return `a value of ${value.length} characters, not shown`;
}

/** Parses the environment; a bad value stops the start with a message naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map(
      (i) => `  ${i.path.join('.')}: ${i.message} (got ${shownValue(String(i.path[0]), env[String(i.path[0])])})`,
    );
    throw new ConfigError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  // The demo's admin (admin@tenure.demo / tenure-demo) is public knowledge: on PostgreSQL — a real
  // install — it loads only when asked for; the embedded database stays the try-it-out default.
  return { ...result.data, TENURE_DEMO: result.data.TENURE_DEMO ?? !result.data.DATABASE_URL };
}
