/**
 * What the server's memory is made of: RSS after each big piece it loads.
 * Not part of `npm run bench`.  npx tsx bench/tools/rss-probe.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mb = () => `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB rss, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`;
const step = async (name: string, work: () => Promise<unknown>) => {
  await work();
  (globalThis as { gc?: () => void }).gc?.();
  console.log(name.padEnd(40), mb());
};
console.log('node + tsx'.padEnd(40), mb());
const url = `file:${join(mkdtempSync(join(tmpdir(), 'pauseflow-rss-')), 'r.db')}`;
await step('express, ejs, passport, pino, helmet', () => Promise.all([import('express'), import('ejs'), import('passport'), import('pino'), import('helmet')]));
await step('generated SQLite client', () => import('../../src/db/generated/sqlite/client'));
await step('generated PostgreSQL client', () => import('../../src/db/generated/postgresql/client'));
const { migrate } = await import('../../src/db/migrate');
await step('migrate() (Wasm schema engine)', () => migrate(url));
const { openDatabase } = await import('../../src/db/open-database');
await step('openDatabase + first query', async () => {
  const db = await openDatabase(url, { sessionPruneIntervalMs: 0 });
  await db.users.list();
});
await step('web app modules', () => import('../../src/web/create-app'));
