import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { migrate } from '../../src/db/migrate';
import type { CycleContender } from '../lib/interleave';
import type { TracedStatement } from '../lib/sql-trace';
import { openBenchSqlite } from '../lib/sqlite';
import type { CycleTrace } from './cycle-trace';

type IdMap = Map<string, unknown>;

/**
 * Replays traced statements on a better-sqlite3 connection: each SQL text
 * prepared once and cached, parameters as traced except ids, which are
 * mapped from the traced database's ids to the ones this database gave out.
 */
export class StatementReplayer {
  readonly #cache = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: BetterSqlite3.Database) {}

  run(statements: readonly TracedStatement[], ids: IdMap): void {
    for (const traced of statements) {
      let statement = this.#cache.get(traced.sql);
      if (!statement) {
        statement = this.db.prepare(traced.sql);
        this.#cache.set(traced.sql, statement);
      }
      const params = traced.params.map((value) =>
        typeof value === 'number' || typeof value === 'bigint' ? (ids.get(String(value)) ?? value) : value,
      );
      if (!statement.reader) {
        statement.run(...params);
        continue;
      }
      const rows = statement.raw().all(...params) as unknown[][];
      if (/^\s*UPDATE\b/i.test(traced.sql) && rows.length !== 1) {
        throw new Error(`replay: guarded update touched ${rows.length} rows: ${traced.sql.slice(0, 80)}`);
      }
      if (traced.returnedId !== undefined && /RETURNING `id` AS `id`/.test(traced.sql)) {
        ids.set(String(traced.returnedId), rows[0]![0]);
      }
    }
  }
}

/**
 * The floor: exactly the statements the Prisma store ran for one cycle
 * (traced, see cycle-trace.ts), in the same transactions, run directly with
 * better-sqlite3 prepared statements on the same migrated schema and the
 * same connection settings. What is left between this and the engine is
 * Prisma (query compilation, row mapping, the adapter) and the engine.
 */
export class RawSqlFloor implements CycleContender {
  readonly name = 'raw SQL (better-sqlite3)';
  #dir = '';
  #db!: BetterSqlite3.Database;
  #replayer!: StatementReplayer;
  #prepared: IdMap[] = [];

  constructor(private readonly trace: CycleTrace) {}

  async open(): Promise<void> {
    this.#dir = mkdtempSync(join(tmpdir(), 'pauseflow-bench-floor-'));
    const path = join(this.#dir, 'floor.db');
    await migrate(`file:${path}`);
    this.#db = openBenchSqlite(path);
    // As Prisma's adapter does: integers come back as BigInt.
    this.#db.defaultSafeIntegers(true);
    // The traced user (id 1) must exist for the foreign keys.
    this.#db.prepare("INSERT INTO User (id, username, displayName, passwordHash, roles) VALUES (1, 'alice', 'Alice', 'x', 'user')").run();
    this.#replayer = new StatementReplayer(this.#db);
  }

  async prepare(count: number): Promise<void> {
    this.#prepared = [];
    for (let i = 0; i < count; i++) {
      const ids: IdMap = new Map();
      this.#replayer.run(this.trace.prepare, ids);
      this.#prepared.push(ids);
    }
  }

  async run(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const ids = this.#prepared[i]!;
      for (const transition of this.trace.transitions) {
        this.#replayer.run(transition.statements, ids);
        // Each transition is its own request: let the event loop turn, as the engine's awaits do.
        await Promise.resolve();
      }
    }
  }

  async close(): Promise<void> {
    this.#db?.close();
    if (this.#dir) rmSync(this.#dir, { recursive: true, force: true });
  }
}
