import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const boolish = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * TRUST_PROXY as Express understands it: `true`/`false`, a hop count, or a
 * list of addresses/subnets ("loopback, 10.0.0.0/8").
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value): boolean | number | string => {
    if (value === '' || value === 'false' || value === '0') return false;
    if (value === 'true') return true;
    if (/^\d+$/.test(value)) return Number(value);
    return value;
  });

const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().trim().min(1).default('file:./data/pauseflow.db'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  TRUST_PROXY: trustProxy.default(false),
  /** Minutes without a request after which a session ends. */
  SESSION_IDLE_MINUTES: positiveInt.default(120),
  /** Hours after login after which a session ends whatever happens. */
  SESSION_ABSOLUTE_HOURS: positiveInt.default(24),
  PG_POOL_SIZE: positiveInt.max(1000).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Failed logins allowed per client address per 15 minutes. */
  LOGIN_RATE_LIMIT: positiveInt.default(10),
  SEED_DEMO: boolish.optional(),
});

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly isProduction: boolean;
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly sessionSecret: string;
  /** True when no SESSION_SECRET was given and a random one was made for this run. */
  readonly sessionSecretGenerated: boolean;
  readonly trustProxy: boolean | number | string;
  readonly sessionIdleMs: number;
  readonly sessionAbsoluteMs: number;
  readonly pgPoolSize: number;
  readonly logLevel: string;
  readonly loginRateLimit: number;
  /** Whether to seed demo users and processes into an empty database. */
  readonly seedDemo: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the configuration from `env` once: parsed with zod, frozen. This is
 * the only place that looks at environment variables. In production a
 * SESSION_SECRET is required; elsewhere a random one is made per start (so
 * sessions do not survive a restart), never a fixed fallback.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`));
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction && !e.SESSION_SECRET) {
    throw new ConfigError(['SESSION_SECRET: required when NODE_ENV=production (at least 32 random characters)']);
  }
  if (isProduction && e.SEED_DEMO) {
    throw new ConfigError(['SEED_DEMO: demo data is never seeded when NODE_ENV=production']);
  }
  return Object.freeze({
    env: e.NODE_ENV,
    isProduction,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    sessionSecret: e.SESSION_SECRET ?? randomBytes(32).toString('base64url'),
    sessionSecretGenerated: !e.SESSION_SECRET,
    trustProxy: e.TRUST_PROXY,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    pgPoolSize: e.PG_POOL_SIZE,
    logLevel: e.LOG_LEVEL,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    seedDemo: !isProduction && (e.SEED_DEMO ?? true),
  });
}
