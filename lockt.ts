import pg from 'pg';
import { migrate } from './src/db/migrate';
import { createPgDatabase } from './test/support/pg-database';
const db = await createPgDatabase('lockt');
const holder = new pg.Client({ connectionString: db.url }); await holder.connect();
await holder.query('SELECT pg_advisory_lock(72707369)');
const t0 = Date.now();
try { await migrate(db.url); console.log('migrated?!'); } catch (e) { console.log('failed after', Date.now() - t0, 'ms:', String(e).slice(0, 300)); }
await holder.end(); await db.drop();
