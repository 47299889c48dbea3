import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';
import { loadConfig } from '../../src/config';
import { migrate } from '../../src/db/migrate';
import { openDatabase, type Database, type OpenDatabaseOptions } from '../../src/db/open-database';
import { seedDemo } from '../../src/demo-seed';
import { WorkflowEngine, type Actor, type TaskRecord, type UserRef } from '../../src/engine';
import { flows } from '../../src/flows';
import { createLogger } from '../../src/logger';
import { createApp } from '../../src/web/create-app';
import { SQLITE, type TestDatabase, type TestTarget } from './test-databases';

export interface TestApp {
  app: Express;
  db: Database;
  /** Where `db` lives; `remove()` deletes it (close() does too). */
  database: TestDatabase;
  engine: WorkflowEngine;
  users: Record<'alice' | 'bob' | 'admin', UserRef>;
  actor(name: 'alice' | 'bob' | 'admin'): Actor;
  /** The triage task the demo seed paused for alice. */
  pausedTriage(): Promise<TaskRecord>;
  /** A fresh mail whose triage alice has taken (NEW, in her Inbox). */
  newTriageFor(name: 'alice' | 'bob'): Promise<TaskRecord>;
  close(): Promise<void>;
}

/**
 * The real app on a fresh database of `target` (a temporary SQLite file by
 * default, or a new PostgreSQL database): migrated, opened with openDatabase
 * (sessions in the database), seeded with the demo data. `env` adds to or
 * overrides the test configuration; `dbOptions` to the database's. close()
 * removes the database.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  target: TestTarget = SQLITE,
  dbOptions: OpenDatabaseOptions = {},
): Promise<TestApp> {
  const tmp = await target.create('web');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SESSION_SECRET: 'test-secret-'.padEnd(40, 'x'), DATABASE_URL: tmp.url, ...env });
  await migrate(config.databaseUrl);
  const db = await openDatabase(config.databaseUrl, { pgPoolSize: 5, sessionPruneIntervalMs: 0, ...dbOptions });
  const engine = new WorkflowEngine({ store: db.store, flows });
  await seedDemo({ engine, users: db.users });
  const byName = async (name: string) => (await db.users.findByUsername(name))!;
  const users = { alice: await byName('alice'), bob: await byName('bob'), admin: await byName('admin') };
  const actor = (name: keyof typeof users): Actor => ({ id: users[name].id, username: name, roles: users[name].roles });
  const app = createApp({
    config,
    engine,
    users: db.users,
    sessionStore: db.sessions,
    logger: createLogger(config.logLevel),
    checkDatabase: () => db.ping(),
  });
  return {
    app,
    db,
    database: tmp,
    engine,
    users,
    actor,
    async pausedTriage() {
      const page = await engine.paused(actor('alice'), { flow: 'incoming-mail' });
      return page.items[0]!;
    },
    async newTriageFor(name) {
      const process = await engine.start('incoming-mail', actor('admin'), { sender: 'Test sender', subject: `Test mail ${Date.now()}`, received: '2026-03-09' });
      const triage = (await engine.process(process.id, actor('admin'))).tasks.find((t) => t.node === 'triage')!;
      return engine.take(triage.id, actor(name));
    },
    async close() {
      await db.close();
      await tmp.remove();
    },
  };
}

/** Serves `app` on an ephemeral port of 127.0.0.1, for a real browser. */
export async function listen(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
