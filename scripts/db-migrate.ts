// npm run db:migrate — applies pending migrations to DATABASE_URL
// (default file:./data/pauseflow.db; the folder is created).
import { migrate } from '../src/db/migrate';

const url = process.env.DATABASE_URL ?? 'file:./data/pauseflow.db';
const { provider, applied } = await migrate(url);
console.log(
  applied.length ? `${provider}: applied ${applied.join(', ')}` : `${provider}: database is up to date`,
);
