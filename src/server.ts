import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from './config';
import { migrate } from './db/migrate';
import { openDatabase } from './db/open-database';
import { seedDemo, usersWithDemoPassword } from './demo-seed';
import { WorkflowEngine } from './engine';
import { flows } from './flows';
import { createLogger } from './logger';
import { createApp } from './web/create-app';

/** How long SIGTERM waits for requests in flight before closing anyway. */
const SHUTDOWN_GRACE_MS = 10_000;
/** How long /healthz waits for the database before answering 503. */
const HEALTH_TIMEOUT_MS = 2_000;

/** The composition root: config → database → engine → app → listen. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  if (config.sessionSecretGenerated) {
    logger.warn('SESSION_SECRET is not set: using a random secret for this run, so sessions end when the server restarts');
  }

  const { applied } = await migrate(config.databaseUrl);
  if (applied.length) logger.info({ applied }, 'database migrations applied');
  const db = await openDatabase(config.databaseUrl, { pgPoolSize: config.pgPoolSize, sessionTtlMs: config.sessionIdleMs });
  const engine = new WorkflowEngine({ store: db.store, flows });

  if (config.seedDemo && (await seedDemo({ engine, users: db.users }))) logger.info('seeded demo users and processes');
  if (!config.isProduction) {
    const demo = await usersWithDemoPassword(db.users);
    if (demo.length) {
      logger.warn({ users: demo }, `demo passwords are in use (users ${demo.join(', ')} log in with "demo"); do not expose this server`);
    }
  }

  const app = createApp({
    config,
    engine,
    users: db.users,
    sessionStore: db.sessions,
    logger,
    checkDatabase: () => db.ping(HEALTH_TIMEOUT_MS),
  });
  const server: Server = app.listen(config.port, config.host, () => {
    // The bound port, which differs from config.port when PORT=0 (tests, several instances on one host).
    const { port } = server.address() as AddressInfo;
    logger.info({ port }, `Pauseflow is listening on http://${config.host}:${port}`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    const force = setTimeout(() => {
      logger.warn('requests still running after the grace period; closing anyway');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      db.close().then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'closing the database failed');
          process.exit(1);
        },
      );
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error('Pauseflow failed to start:', err);
  }
  process.exit(1);
});
