/**
 * Where does a request's time go? Generates a database, starts the real
 * server with --cpu-prof, drives one endpoint with autocannon and leaves
 * the profile in /tmp/pauseflow-server-prof. Not part of `npm run bench`.
 *
 *   npx tsx bench/tools/profile-server.ts [paused|save|healthz] [tasks]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../src/auth/passwords';
import { migrate } from '../../src/db/migrate';
import { login } from '../http/browser-session';
import { load } from '../http/load';
import { ServerProcess } from '../http/server-process';
import { openBenchSqlite } from '../lib/sqlite';
import { TaskGenerator } from '../scale/task-generator';

const what = process.argv[2] ?? 'paused';
const tasks = Number(process.argv[3] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'pauseflow-prof-'));
const path = join(dir, 'p.db');
await migrate(`file:${path}`);
const db = openBenchSqlite(path);
const users = TaskGenerator.createUsers(db, await hashPassword('pw'));
const generator = new TaskGenerator(db, users);
generator.growTo(tasks);
generator.addPreparedTriage(20_000, users.alice);
const ids = db.prepare("SELECT id FROM Task WHERE ownerId = ? AND status = 'PREPARED' AND version = 2 ORDER BY id").pluck().all(users.alice) as number[];
db.close();
const nodeArgs = process.env.PROF_NODE_ARGS?.split(' ').filter(Boolean) ?? ['--cpu-prof', '--cpu-prof-dir=/tmp/pauseflow-server-prof'];
const server = await ServerProcess.start(`file:${path}`, nodeArgs);
console.log('RSS after start', server.rssMb.toFixed(0), 'MB, peak', server.peakRssMb.toFixed(0));
const session = await login(server.url, 'alice', 'pw');
let n = 0;
const body = new URLSearchParams({ _csrf: session.csrf, version: '2', _pause: '1', category: 'complaint', summary: 'x' }).toString();
const result = await load({
  name: what, url: server.url, connections: 10, seconds: 10, session,
  path: what === 'healthz' ? '/healthz' : '/tasks/paused',
  expectStatus: what === 'save' ? 303 : 200,
  post: what === 'save' ? () => ({ path: `/tasks/${ids[n++]}`, body }) : undefined,
});
console.log(result.name, Math.round(result.rps), 'req/s', result.p50Ms, result.p99Ms, 'RSS', server.rssMb.toFixed(0), 'peak', server.peakRssMb.toFixed(0));
await server.stop();
rmSync(dir, { recursive: true, force: true });
