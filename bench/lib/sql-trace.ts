import Database from 'better-sqlite3';

/** One statement as Prisma's SQLite adapter ran it. */
export interface TracedStatement {
  sql: string;
  params: unknown[];
  /** The first column of the first returned row, for `INSERT ... RETURNING id`. */
  returnedId?: unknown;
}

type Proto = { prepare: (sql: string) => Database.Statement };

/**
 * Records every statement better-sqlite3 prepares while `work` runs, with
 * its bound parameters. Prisma's SQLite adapter prepares each statement on
 * every call (BEGIN and COMMIT too), so this is exactly what Prisma sent to
 * SQLite, in order.
 */
export async function traceSql<T>(work: () => Promise<T>): Promise<{ result: T; statements: TracedStatement[] }> {
  const proto = Database.prototype as unknown as Proto;
  const original = proto.prepare;
  const statements: TracedStatement[] = [];
  proto.prepare = function (this: Database.Database, sql: string) {
    const entry: TracedStatement = { sql, params: [] };
    statements.push(entry);
    const statement = original.call(this, sql);
    const { bind, all } = statement as unknown as Record<string, (...args: unknown[]) => unknown>;
    Object.assign(statement, {
      bind(...args: unknown[]) {
        entry.params = args.length === 1 && Array.isArray(args[0]) ? [...args[0]] : args;
        return bind!.apply(statement, args);
      },
      all(...args: unknown[]) {
        const rows = all!.apply(statement, args) as unknown[];
        const first = rows[0];
        if (/^\s*INSERT\b/i.test(sql) && first !== undefined) entry.returnedId = Array.isArray(first) ? first[0] : Object.values(first as object)[0];
        return rows;
      },
    });
    return statement;
  };
  try {
    return { result: await work(), statements };
  } finally {
    proto.prepare = original;
  }
}

export function isTransactionControl(sql: string): boolean {
  return /^\s*(BEGIN|COMMIT|ROLLBACK)\b/i.test(sql);
}

/** How many statements do work (not BEGIN/COMMIT/ROLLBACK) and how many transactions there are. */
export function countStatements(statements: readonly TracedStatement[]): { statements: number; transactions: number } {
  return {
    statements: statements.filter((s) => !isTransactionControl(s.sql)).length,
    transactions: statements.filter((s) => /^\s*BEGIN\b/i.test(s.sql)).length,
  };
}
