import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type DatabaseProvider, providerOf, sqlitePath } from './database-provider';
import { appliedMigrations } from './applied-migrations';
import { readMigrations, readSchemaText } from './migrations-folder';

// The schema engine module (Wasm, driver adapters) is imported only when needed: see appliedMigrations.
const schemaEngine = () => import('./schema-engine');

const NO_FILTER = { externalTables: [], externalEnums: [] };

/**
 * Applies the pending migrations of prisma/<provider>/migrations to the
 * database at `url`, as `prisma migrate deploy` would (same
 * `_prisma_migrations` bookkeeping), but through the Wasm schema engine so
 * it works without Prisma's native binary. Safe to run on every start:
 * applied migrations are skipped, and when none is pending the engine is
 * not even loaded. Returns the names applied now.
 */
export async function migrate(url: string): Promise<{ provider: DatabaseProvider; applied: string[] }> {
  const provider = providerOf(url);
  if (provider === 'sqlite') {
    const path = sqlitePath(url);
    if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  }
  const [schemaText, migrationsList, applied] = await Promise.all([
    readSchemaText(provider),
    readMigrations(provider),
    appliedMigrations(provider, url),
  ]);
  if (applied && migrationsList.migrationDirectories.every((dir) => applied.has(dir.path))) return { provider, applied: [] };
  const { withSchemaEngine } = await schemaEngine();
  const out = await withSchemaEngine(provider, url, schemaText, (engine) =>
    engine.applyMigrations({ migrationsList, filters: NO_FILTER }),
  );
  return { provider, applied: out.appliedMigrationNames };
}

/**
 * The SQL that would bring a database built from the migrations folder to
 * `schemaText` (empty when they agree). Replays the migrations on a shadow
 * database: in-memory for SQLite, a temporary database created and dropped
 * through `shadowUrl` for PostgreSQL.
 */
export async function diffMigrationsToSchema(
  provider: DatabaseProvider,
  schemaText: string,
  shadowUrl: string,
  migrationsDir?: string,
): Promise<string> {
  const migrationsList = await readMigrations(provider, migrationsDir);
  const { withSchemaEngine } = await schemaEngine();
  const out = await withSchemaEngine(provider, provider === 'sqlite' ? ':memory:' : shadowUrl, schemaText, (engine) =>
    engine.diff({
      from: { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schemaText }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    }),
  );
  const sql = out.stdout ?? '';
  return isEmptyScript(sql) ? '' : sql;
}

/** The engine answers an empty diff with a comment-only script. */
function isEmptyScript(sql: string): boolean {
  return sql
    .split('\n')
    .map((line) => line.trim())
    .every((line) => line === '' || line.startsWith('--'));
}
