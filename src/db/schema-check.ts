import type { DatabaseProvider } from './database-provider';
import { diffMigrationsToSchema } from './migrate';
import { readSchemaText } from './migrations-folder';

/**
 * The schema text with its provider-specific parts taken out: plain `//`
 * comments, the generator output path, the datasource provider and native
 * `@db.*` types. What is left (models, fields, attributes, indexes, doc
 * comments) must be the same for both providers.
 */
export function normaliseSchema(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/(^|\s)\/\/(?!\/).*$/, ''))
    .map((line) => line.replace(/^(\s*output\s*=\s*).*$/, '$1<output>'))
    .map((line) => line.replace(/^(\s*provider\s*=\s*)"(sqlite|postgresql)"\s*$/, '$1<provider>'))
    .map((line) => line.replace(/\s@db\.\w+(\([^)]*\))?/g, ''))
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '');
}

/** Lines that differ between the two schemas once normalised (empty when in step). */
export function schemaDrift(sqliteText: string, postgresText: string): string[] {
  const a = normaliseSchema(sqliteText);
  const b = normaliseSchema(postgresText);
  const problems: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      problems.push(`schemas differ at normalised line ${i + 1}: sqlite "${a[i] ?? '<end>'}" vs postgresql "${b[i] ?? '<end>'}"`);
      break;
    }
  }
  return problems;
}

export interface SchemaCheckInput {
  /** A PostgreSQL server where a scratch shadow database may be created. */
  shadowPgUrl: string;
  /** Schema texts to check instead of the files (tests use this). */
  schemas?: Partial<Record<DatabaseProvider, string>>;
}

/**
 * What `npm run db:check` verifies: the two schema files describe the same
 * model, and each provider's migrations folder builds exactly its schema
 * (so nobody edited schema.prisma without running `db:diff`).
 */
export async function checkSchemas(input: SchemaCheckInput): Promise<string[]> {
  const sqlite = input.schemas?.sqlite ?? (await readSchemaText('sqlite'));
  const postgresql = input.schemas?.postgresql ?? (await readSchemaText('postgresql'));
  const problems = schemaDrift(sqlite, postgresql);
  for (const [provider, text] of [
    ['sqlite', sqlite],
    ['postgresql', postgresql],
  ] as const) {
    const pending = await diffMigrationsToSchema(provider, text, input.shadowPgUrl);
    if (pending) {
      problems.push(`prisma/${provider}/migrations does not build its schema.prisma; missing steps:\n${pending.trim()}`);
    }
  }
  return problems;
}
