import Database from 'better-sqlite3';

/**
 * A better-sqlite3 connection set up like the app's own (src/db/open-database.ts):
 * WAL, foreign keys on, a busy timeout; the library's default synchronous
 * level, as Prisma's adapter leaves it. The floor and the peer use this so
 * that all sides pay the same durability cost per commit.
 */
export function openBenchSqlite(path: string): Database.Database {
  const db = new Database(path, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
