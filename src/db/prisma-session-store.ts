import session from 'express-session';
import type { PrismaClient } from './generated/sqlite/client';
import type { SerialGate } from './serial-gate';
import { SessionWriteMemo, sessionContent } from './session-write-memo';

export interface PrismaSessionStoreOptions {
  prisma: PrismaClient;
  gate: SerialGate;
  /** Lifetime of a session whose cookie has no expiry (a browser-session cookie). */
  defaultTtlMs?: number;
  /** How often expired rows are deleted; 0 disables pruning. */
  pruneIntervalMs?: number;
  /** For tests: the clock. */
  now?: () => Date;
}

type Callback<T = void> = (err: unknown, value?: T) => void;

/**
 * express-session store on the Session table. Expiry comes from the
 * cookie (`cookie.expires`), else `defaultTtlMs`. Expired rows are never
 * returned; a timer deletes them now and then. The timer is unref'ed so it
 * never keeps the process alive, and {@link close} stops it. Writes that
 * would only push the expiry out by a little are skipped (see
 * SessionWriteMemo): with a rolling cookie they were one UPDATE per request.
 */
export class PrismaSessionStore extends session.Store {
  readonly #prisma: PrismaClient;
  readonly #gate: SerialGate;
  readonly #ttl: number;
  readonly #now: () => Date;
  readonly #memo = new SessionWriteMemo();
  #timer: NodeJS.Timeout | null = null;

  constructor(options: PrismaSessionStoreOptions) {
    super();
    this.#prisma = options.prisma;
    this.#gate = options.gate;
    this.#ttl = options.defaultTtlMs ?? 24 * 60 * 60 * 1000;
    this.#now = options.now ?? (() => new Date());
    const interval = options.pruneIntervalMs ?? 15 * 60 * 1000;
    if (interval > 0) {
      this.#timer = setInterval(() => {
        this.prune().catch((error: unknown) => this.emit('error', error));
      }, interval);
      this.#timer.unref();
    }
  }

  #run<T>(work: (db: PrismaClient) => Promise<T>, callback?: Callback<T>): void {
    this.#gate.run(() => work(this.#prisma)).then(
      (value) => callback?.(null, value),
      (error: unknown) => callback?.(error),
    );
  }

  #expiry(data: session.SessionData): Date {
    const expires = data.cookie?.expires;
    return expires ? new Date(expires) : new Date(this.#now().getTime() + this.#ttl);
  }

  override get(sid: string, callback: Callback<session.SessionData | null>): void {
    this.#run(async (db) => {
      // Every request reads its session: a raw query skips the ORM's query
      // compiler, which costs several times the lookup itself.
      const [row] = await db.$queryRaw<{ data: string; expiresAt: Date | string }[]>`
        SELECT "data", "expiresAt" FROM "Session" WHERE "sid" = ${sid} AND "expiresAt" > ${this.#now()}`;
      if (!row) {
        this.#memo.forget(sid);
        return null;
      }
      const data = JSON.parse(row.data) as session.SessionData;
      this.#memo.remember(sid, sessionContent(data), new Date(row.expiresAt));
      return data;
    }, callback);
  }

  override set(sid: string, data: session.SessionData, callback?: Callback): void {
    const content = sessionContent(data);
    const expiresAt = this.#expiry(data);
    if (this.#memo.covers(sid, expiresAt, this.#now(), content)) return this.#skip(callback);
    const fields = { data: JSON.stringify(data), expiresAt };
    this.#run(async (db) => {
      await db.session.upsert({ where: { sid }, create: { sid, ...fields }, update: fields });
      this.#memo.remember(sid, content, expiresAt);
    }, callback);
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    const expiresAt = this.#expiry(data);
    const done = callback ? () => callback() : undefined;
    if (this.#memo.covers(sid, expiresAt, this.#now())) return this.#skip(done);
    this.#run(async (db) => {
      await db.session.updateMany({ where: { sid }, data: { expiresAt } });
      this.#memo.remember(sid, sessionContent(data), expiresAt);
    }, done);
  }

  /** Answers like a write would, asynchronously, without touching the database. */
  #skip(callback?: Callback): void {
    if (callback) queueMicrotask(() => callback(null));
  }

  override destroy(sid: string, callback?: Callback): void {
    this.#memo.forget(sid);
    this.#run(async (db) => {
      await db.session.deleteMany({ where: { sid } });
    }, callback);
  }

  override clear(callback?: Callback): void {
    this.#memo.clear();
    this.#run(async (db) => {
      await db.session.deleteMany({});
    }, callback);
  }

  override length(callback: Callback<number>): void {
    this.#run((db) => db.session.count({ where: { expiresAt: { gt: this.#now() } } }), callback);
  }

  /** Deletes expired sessions; returns how many. */
  prune(): Promise<number> {
    return this.#gate.run(async () => {
      const { count } = await this.#prisma.session.deleteMany({ where: { expiresAt: { lte: this.#now() } } });
      return count;
    });
  }

  /** Stops the pruning timer. */
  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
