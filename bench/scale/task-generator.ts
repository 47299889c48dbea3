import type BetterSqlite3 from 'better-sqlite3';
import { prng } from '../../test/support/prng';

/** Dates as Prisma's SQLite adapter writes them, so that range queries compare alike. */
export function prismaDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

export interface BenchUsers {
  alice: number;
  admin: number;
  /** Everybody who owns tasks, alice included. */
  owners: number[];
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
/** Task rows per transaction: big transactions make bulk loading fast. */
const CHUNK = 50_000;

/**
 * Fills a migrated Pauseflow SQLite database with incoming-mail processes
 * straight through better-sqlite3 (minutes for a million tasks, not hours).
 * Each process has a DONE `register` task and a `triage` task that is
 * PAUSED (30%), PREPARED (10%), NEW in the queue (20%) or DONE (40%), plus
 * one history row per task. alice owns 10% of the owned tasks, so her
 * Paused list has more than a page at every size; 99 other users share
 * the rest.
 */
export class TaskGenerator {
  #db: BetterSqlite3.Database;
  readonly #users: BenchUsers;
  #rand = prng(42);
  #clock: number;

  constructor(db: BetterSqlite3.Database, users: BenchUsers) {
    this.#db = db;
    this.#users = users;
    this.#clock = Date.now() - YEAR_MS;
  }

  /** Continues on a new connection to the same file (the data stays deterministic). */
  attach(db: BetterSqlite3.Database): void {
    this.#db = db;
  }

  /** Creates the bench users: alice and admin (with `passwordHash`) and 99 owners. */
  static createUsers(db: BetterSqlite3.Database, passwordHash: string): BenchUsers {
    const insert = db.prepare('INSERT INTO User (username, displayName, passwordHash, roles) VALUES (?, ?, ?, ?)');
    const id = (name: string, roles: string, hash = passwordHash) => Number(insert.run(name, name, hash, roles).lastInsertRowid);
    return db.transaction(() => {
      const alice = id('alice', 'user');
      const admin = id('admin', 'admin,user');
      const owners = [alice, ...Array.from({ length: 99 }, (_, i) => id(`user${i + 1}`, 'user', 'no-login'))];
      return { alice, admin, owners };
    })();
  }

  taskCount(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM Task').get() as { n: number }).n;
  }

  /** Adds processes until the database holds at least `target` tasks. */
  growTo(target: number): void {
    let missing = target - this.taskCount();
    while (missing > 0) {
      const processes = Math.ceil(Math.min(missing, CHUNK) / 2);
      this.#insertProcesses(processes, () => this.#pickTriageStatus(), () => this.#pickOwner());
      missing -= processes * 2;
    }
  }

  /** Adds `count` processes whose triage task is PREPARED and owned by `ownerId` (for Save and Pause). */
  addPreparedTriage(count: number, ownerId: number): void {
    for (let done = 0; done < count; done += CHUNK / 2) {
      this.#insertProcesses(Math.min(CHUNK / 2, count - done), () => 'PREPARED', () => ownerId);
    }
  }

  #insertProcesses(count: number, status: () => string, owner: () => number): void {
    const db = this.#db;
    const insertProcess = db.prepare(
      `INSERT INTO Process (flow, status, data, summary, createdById, createdAt, finishedAt, version)
       VALUES ('incoming-mail', ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertTask = db.prepare(
      `INSERT INTO Task (processId, flow, node, status, token, ownerId, offeredRole, createdAt, assignedAt,
         startedAt, pausedAt, finishedAt, version, draft, draftSavedAt, pauseReason)
       VALUES (?, 'incoming-mail', ?, ?, 'start', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertEvent = db.prepare(
      'INSERT INTO TaskEvent (processId, taskId, actorId, at, transition, fromStatus, toStatus) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertLink = db.prepare('INSERT INTO TaskLink (fromId, toId) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        this.#clock += 1 + Math.floor(this.#rand() * 20_000);
        const created = prismaDate(this.#clock);
        const triage = status();
        const who = triage === 'NEW' ? null : owner();
        const starter = this.#users.owners[Math.floor(this.#rand() * this.#users.owners.length)]!;
        const n = this.#clock % 100_000;
        const data = JSON.stringify({ sender: `Sender ${n} <s${n}@example.com>`, subject: `Mail number ${n}`, received: created.slice(0, 10) });
        const summary = `Mail number ${n} (from Sender ${n} <s${n}@example.com>)`;
        const processDone = triage === 'DONE';
        const processId = Number(
          insertProcess.run(processDone ? 'DONE' : 'ACTIVE', data, summary, starter, created, processDone ? created : null, processDone ? 3 : 1)
            .lastInsertRowid,
        );
        const register = Number(
          insertTask.run(processId, 'register', 'DONE', starter, null, created, null, created, null, created, 0, null, null, null)
            .lastInsertRowid,
        );
        insertEvent.run(processId, register, starter, created, 'create', null, 'DONE');
        const later = prismaDate(this.#clock + 60_000 + Math.floor(this.#rand() * 3_600_000));
        const paused = triage === 'PAUSED';
        const draft = paused ? JSON.stringify({ category: 'complaint', summary: `Draft for mail ${n}`, amount: '12.50' }) : null;
        const triageId = Number(
          insertTask.run(
            processId, 'triage', triage, who, 'user', created,
            who ? created : null,
            triage === 'NEW' ? null : later,
            paused ? later : null,
            triage === 'DONE' ? later : null,
            paused ? 3 : 2,
            draft, paused ? later : null, paused ? 'waiting for an answer' : null,
          ).lastInsertRowid,
        );
        insertLink.run(register, triageId);
        insertEvent.run(processId, triageId, who, later, paused ? 'pause' : 'create', null, triage);
      }
    })();
  }

  #pickTriageStatus(): string {
    const r = this.#rand();
    return r < 0.3 ? 'PAUSED' : r < 0.4 ? 'PREPARED' : r < 0.6 ? 'NEW' : 'DONE';
  }

  #pickOwner(): number {
    const owners = this.#users.owners;
    return this.#rand() < 0.1 ? owners[0]! : owners[1 + Math.floor(this.#rand() * (owners.length - 1))]!;
  }
}
