import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Runs database work one piece at a time, in call order.
 *
 * Why SQLite needs it: the process holds exactly one connection per SQLite
 * file (see open-database.ts). Prisma's better-sqlite3 adapter serialises
 * *transactions* on that connection with a mutex, but plain queries skip the
 * mutex, so a query issued while another caller's interactive transaction
 * is open runs *inside* that transaction: it reads uncommitted rows, and a
 * write is lost if the transaction rolls back. Routing every top-level
 * operation through this gate keeps each transaction alone on the
 * connection. better-sqlite3 is synchronous, so nothing is lost in
 * parallelism.
 *
 * Re-entering the gate from work that already holds it (calling the store
 * instead of the transaction inside withProcessLock) would wait forever, so
 * it throws instead.
 */
export class SerialGate {
  #tail: Promise<unknown> = Promise.resolve();
  readonly #holding = new AsyncLocalStorage<true>();
  #closed = false;

  /**
   * Refuses all later work. Prisma would otherwise quietly open a new
   * connection for a query after $disconnect: a second connection to the
   * file that nothing accounts for, and requests answered from a database
   * the app believes closed.
   */
  close(): void {
    this.#closed = true;
  }

  protected refuseWhenClosed(): Promise<never> | null {
    return this.#closed ? Promise.reject(new Error('the database is closed')) : null;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    const closed = this.refuseWhenClosed();
    if (closed) return closed;
    if (this.#holding.getStore()) {
      return Promise.reject(
        new Error('database used outside the open transaction while holding it: use the transaction object'),
      );
    }
    const result = this.#tail.then(() => this.#holding.run(true, work));
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/** No serialisation: a connection pool (PostgreSQL) isolates callers itself. */
export class OpenGate extends SerialGate {
  override run<T>(work: () => Promise<T>): Promise<T> {
    return this.refuseWhenClosed() ?? work();
  }
}
