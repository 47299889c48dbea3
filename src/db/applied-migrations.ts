import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { type DatabaseProvider, sqlitePath } from './database-provider';

interface MigrationRow {
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

const SQL = 'SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations';

/**
 * The migrations `_prisma_migrations` records as applied, read with a plain
 * driver connection (closed before returning). Null when that cannot be
 * told cheaply (no database or table yet, a failed migration on record):
 * the schema engine then decides. The server checks this at every start so
 * that the Wasm schema engine (about 50 MB of memory for the life of the
 * process) is loaded only when there is something to apply.
 */
export async function appliedMigrations(provider: DatabaseProvider, url: string): Promise<Set<string> | null> {
  try {
    const rows = provider === 'sqlite' ? readSqlite(url) : await readPostgres(url);
    if (!rows) return null;
    // A failed, not rolled back migration blocks deploys: let the engine report it.
    if (rows.some((row) => row.finished_at === null && row.rolled_back_at === null)) return null;
    return new Set(rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => row.migration_name));
  } catch {
    return null;
  }
}

function readSqlite(url: string): MigrationRow[] | null {
  const path = sqlitePath(url);
  if (path === ':memory:' || !existsSync(path)) return null;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(SQL).all() as MigrationRow[];
  } finally {
    db.close();
  }
}

async function readPostgres(url: string): Promise<MigrationRow[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<MigrationRow>(SQL)).rows;
  } finally {
    await client.end();
  }
}
