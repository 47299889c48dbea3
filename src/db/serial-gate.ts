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

  run<T>(work: () => Promise<T>): Promise<T> {
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
    return work();
  }
}
