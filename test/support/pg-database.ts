import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** The admin connection tests create their own databases through. */
export const PG_ADMIN_URL = process.env.PAUSEFLOW_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

/**
 * Why PostgreSQL cannot be used, or null when it can. Suites skip with this
 * reason, except under CI=true where an unreachable server is a failure.
 */
export async function pgUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    const reason = `PostgreSQL not reachable at ${redact(PG_ADMIN_URL)}: ${(error as Error).message || String(error)}`;
    if (process.env.CI === 'true') throw new Error(`${reason} (CI=true: PostgreSQL tests must run)`);
    return reason;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, uniquely named database; `drop()` removes it (and its connections). */
export async function createPgDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pauseflow_${prefix}_${randomUUID().replace(/-/g, '').slice(0, 16)}`.toLowerCase();
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
