import { describe } from 'node:test';
import type { DatabaseProvider } from '../../src/db/database-provider';
import { createPgDatabase, pgUnavailable } from './pg-database';
import { tempSqliteUrl } from './temp-sqlite';

/** A fresh, empty database of one provider; `remove()` deletes it. */
export interface TestDatabase {
  url: string;
  remove(): Promise<void>;
}

/** A database the web tests run against. */
export interface TestTarget {
  name: 'SQLite' | 'PostgreSQL';
  provider: DatabaseProvider;
  /** Why this target cannot run here (PostgreSQL unreachable outside CI), or null. */
  skip: string | null;
  /** A fresh database for one app: a temporary SQLite file, or a new PostgreSQL database. */
  create(prefix: string): Promise<TestDatabase>;
}

export const SQLITE: TestTarget = {
  name: 'SQLite',
  provider: 'sqlite',
  skip: null,
  create: (prefix) => tempSqliteUrl(prefix),
};

const pgSkip = await pgUnavailable();
if (pgSkip) console.log(`# PostgreSQL targets skipped: ${pgSkip}`);

export const POSTGRESQL: TestTarget = {
  name: 'PostgreSQL',
  provider: 'postgresql',
  skip: pgSkip,
  async create(prefix) {
    const database = await createPgDatabase(prefix);
    return { url: database.url, remove: database.drop };
  },
};

/** Every database the app runs on: SQLite always, PostgreSQL when reachable (always under CI=true). */
export const TEST_TARGETS: readonly TestTarget[] = [SQLITE, POSTGRESQL];

/**
 * Declares the suite `body` once per target, as `<title> on <target>`; a
 * target that cannot run here (or `options.skip`, a reason for all) is a
 * skipped suite that says why.
 */
export function describeOnEachDatabase(
  title: string,
  body: (target: TestTarget) => void,
  options: { skip?: string | null } = {},
): void {
  for (const target of TEST_TARGETS) {
    describe(`${title} on ${target.name}`, { skip: options.skip ?? target.skip ?? false }, () => body(target));
  }
}
