// npm run db:check — fails when the SQLite and PostgreSQL schemas drift apart
// or when a migrations folder does not build its schema (run db:diff).
import { checkSchemas } from '../src/db/schema-check';
import { shadowPgUrl } from './shadow-pg-url';

const problems = await checkSchemas({ shadowPgUrl: shadowPgUrl() });
if (problems.length > 0) {
  for (const problem of problems) console.error(`db:check: ${problem}`);
  process.exit(1);
}
console.log('db:check: schemas in step, migrations up to date');
