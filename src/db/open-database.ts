import { resolve } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { WorkflowStore } from '../engine/workflow-store';
import { type DatabaseProvider, providerOf, sqliteFileUrl, sqlitePath } from './database-provider';
import { PrismaClient } from './generated/sqlite/client';
import { PrismaSessionStore } from './prisma-session-store';
import { PrismaWorkflowStore } from './prisma-workflow-store';
import { OpenGate, SerialGate } from './serial-gate';
import { UserRepository } from './user-repository';

export interface OpenDatabaseOptions {
  /** PostgreSQL pool size (the app's PG_POOL_SIZE); ignored for SQLite. */
  pgPoolSize?: number;
  /** SQLite: how long a write waits for another process's lock. */
  busyTimeoutMs?: number;
  /** Interactive transaction timeout for withProcessLock/createProcess. */
  transactionTimeoutMs?: number;
  /** Session lifetime when the cookie has no expiry. */
  sessionTtlMs?: number;
  /** How often expired sessions are deleted (0: never). */
  sessionPruneIntervalMs?: number;
}

export interface Database {
  provider: DatabaseProvider;
  /** The SQLite client type; for PostgreSQL the same model API on the PG client. */
  prisma: PrismaClient;
  store: WorkflowStore;
  users: UserRepository;
  sessions: PrismaSessionStore;
  /**
   * Resolves when the database answers `SELECT 1` within `timeoutMs`;
   * rejects when it fails, takes longer, or the Database is closed. For
   * health checks: it bypasses the SQLite gate, so a long transaction does
   * not make a healthy database look down.
   */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** SQLite files this process has open: one connection each, by design. */
const openSqliteFiles = new Set<string>();

/**
 * Connects to a migrated database (run `migrate(url)` first) and builds the
 * stores on it. `url`: `file:...` or a path for SQLite, `postgres(ql)://`
 * for PostgreSQL.
 *
 * SQLite gets exactly ONE connection per file in the process, and a second
 * openDatabase of the same file throws. With two connections, a writer
 * that gets "database is busy" at COMMIT can leave its connection broken and
 * lose later writes (prisma/orm#29933); one connection never contends with
 * itself. WAL lets other processes (backups, the CLI) read meanwhile, and
 * busy_timeout makes their writes wait instead of failing.
 */
export async function openDatabase(url: string, opts: OpenDatabaseOptions = {}): Promise<Database> {
  const provider = providerOf(url);
  return provider === 'sqlite' ? openSqlite(url, opts) : openPostgres(url, opts);
}

async function openSqlite(url: string, opts: OpenDatabaseOptions): Promise<Database> {
  const path = sqlitePath(url);
  const key = path === ':memory:' ? null : resolve(path);
  if (key && openSqliteFiles.has(key)) {
    throw new Error(`SQLite file ${key} is already open in this process; share its Database instead`);
  }
  const busyTimeout = opts.busyTimeoutMs ?? 5000;
  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: sqliteFileUrl(url), timeout: busyTimeout }) });
  if (key) openSqliteFiles.add(key);
  try {
    const [mode] = await prisma.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode = WAL');
    // SQLite answers with the mode it is in, without an error, when it cannot
    // switch. Outside WAL, another process's reader makes our COMMIT busy,
    // which is prisma/orm#29933's trigger: better not to run at all.
    if (key && mode?.journal_mode.toLowerCase() !== 'wal') {
      throw new Error(`SQLite file ${key} could not be put in WAL mode (it is in ${mode?.journal_mode ?? 'an unknown'} mode)`);
    }
    await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    await prisma.$executeRawUnsafe(`PRAGMA busy_timeout = ${Math.trunc(busyTimeout)}`);
  } catch (error) {
    if (key) openSqliteFiles.delete(key);
    await prisma.$disconnect();
    throw error;
  }
  return assemble('sqlite', prisma, new SerialGate(), opts, async () => {
    await prisma.$disconnect();
    if (key) openSqliteFiles.delete(key);
  });
}

async function openPostgres(url: string, opts: OpenDatabaseOptions): Promise<Database> {
  // Imported here: a SQLite server never loads the PostgreSQL client and driver (memory).
  const [{ PrismaPg }, { PrismaClient: PgPrismaClient }] = await Promise.all([
    import('@prisma/adapter-pg'),
    import('./generated/postgresql/client'),
  ]);
  const adapter = new PrismaPg({ connectionString: url, max: opts.pgPoolSize ?? 10 });
  const client = new PgPrismaClient({ adapter });
  // Same models, same generated API: only the query compiler inside differs.
  const prisma = client as unknown as PrismaClient;
  await prisma.$queryRawUnsafe('SELECT 1');
  return assemble('postgresql', prisma, new OpenGate(), opts, () => client.$disconnect());
}

function assemble(
  provider: DatabaseProvider,
  prisma: PrismaClient,
  gate: SerialGate,
  opts: OpenDatabaseOptions,
  disconnect: () => Promise<void>,
): Database {
  const sessions = new PrismaSessionStore({
    prisma,
    gate,
    defaultTtlMs: opts.sessionTtlMs,
    pruneIntervalMs: opts.sessionPruneIntervalMs,
  });
  const users = new UserRepository({ prisma, gate });
  let closing: Promise<void> | null = null;
  const ping = async (timeoutMs = 2000) => {
    if (closing) throw new Error('the database is closed');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the database did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([prisma.$queryRawUnsafe('SELECT 1'), late]);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    provider,
    prisma,
    store: new PrismaWorkflowStore({ provider, prisma, gate, users, transactionTimeoutMs: opts.transactionTimeoutMs }),
    users,
    sessions,
    ping,
    close() {
      closing ??= (async () => {
        sessions.close();
        // Let work already queued on the gate finish before disconnecting.
        await gate.run(async () => undefined).catch(() => undefined);
        gate.close();
        await disconnect();
      })();
      return closing;
    },
  };
}
