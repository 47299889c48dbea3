// npm run db:diff -- <name>
// Writes prisma/<provider>/migrations/<timestamp>_<name>/migration.sql for each
// provider whose schema.prisma differs from what its migrations build.
// PostgreSQL needs a server for its shadow database: PAUSEFLOW_SHADOW_PG_URL.
import { diffMigrationsToSchema } from '../src/db/migrate';
import { readSchemaText, writeMigration } from '../src/db/migrations-folder';
import { shadowPgUrl } from './shadow-pg-url';

const name = process.argv[2];
if (!name || !/^[A-Za-z0-9_-]+$/.test(name)) {
  console.error('usage: npm run db:diff -- <migration_name>');
  process.exit(2);
}
const now = new Date();
for (const provider of ['sqlite', 'postgresql'] as const) {
  const sql = await diffMigrationsToSchema(provider, await readSchemaText(provider), shadowPgUrl());
  if (!sql) {
    console.log(`${provider}: no changes`);
    continue;
  }
  const folder = await writeMigration(provider, name, sql, now);
  console.log(`${provider}: wrote prisma/${provider}/migrations/${folder}/migration.sql`);
}
