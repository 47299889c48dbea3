import { defineConfig } from 'prisma/config';

// Prisma 7 needs a config file for its CLI. SQLite and PostgreSQL each have
// their own schema and migrations folder (a migration_lock.toml pins one
// provider), so PRISMA_PROVIDER picks which one the CLI works on. The app
// itself does not go through this file: src/db/migrate.ts applies the
// migrations with the Wasm schema engine, so no native engine is needed.
const provider = process.env.PRISMA_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite';
const defaultUrl = provider === 'sqlite' ? 'file:./data/pauseflow.db' : undefined;

export default defineConfig({
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  datasource: { url: process.env.DATABASE_URL ?? defaultUrl },
});
