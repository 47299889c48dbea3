import type { Store } from 'express-session';
import type { Logger } from 'pino';
import type { UserAccounts } from '../auth/user-accounts';
import type { Config } from '../config';
import type { WorkflowEngine } from '../engine';

/** Everything the web app is built from; wired in the composition root (src/server.ts). */
export interface AppDeps {
  config: Config;
  engine: WorkflowEngine;
  users: UserAccounts;
  /** Where sessions live: the application database, never the memory store. */
  sessionStore: Store;
  logger: Logger;
  /** Resolves when the database answers (a cheap query with a short timeout); behind `/healthz`. */
  checkDatabase(): Promise<void>;
}
