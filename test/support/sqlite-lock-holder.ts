import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/**
 * Another process holding a lock on a SQLite file, the way a backup tool, a
 * `sqlite3` shell or a second app instance would: `read` keeps a read
 * transaction open (a SHARED lock; in rollback-journal mode it blocks every
 * COMMIT), `write` has written a row and not committed (the write lock).
 * The lock is held until {@link LockHolder.release}, however long that
 * takes: the tests step it by messages, not by time.
 */
export interface LockHolder {
  release(): Promise<void>;
}

const SCRIPT = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1], { timeout: 0 });
const kind = process.argv[2];
if (kind === 'write') {
  db.prepare('BEGIN IMMEDIATE').run();
  db.prepare("INSERT INTO \\"Session\\" (sid, data, \\"expiresAt\\") VALUES ('lock-holder', '{}', 0)").run();
} else {
  db.prepare('BEGIN').run();
  db.prepare('SELECT count(*) FROM "Task"').get();
}
process.stdout.write('locked\\n');
process.stdin.once('data', () => {
  db.prepare('ROLLBACK').run();
  db.close();
  process.stdout.write('released\\n');
  process.exit(0);
});
`;

export async function holdLock(path: string, kind: 'read' | 'write'): Promise<LockHolder> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['-e', SCRIPT, path, kind], { cwd: process.cwd() });
  const lines = createInterface({ input: child.stdout });
  const next = async (): Promise<string> => {
    const [line] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => [null])])) as [string | null];
    if (line === null) throw new Error(`lock holder exited: ${child.stderr.read()?.toString() ?? ''}`);
    return line;
  };
  const first = await next();
  if (first !== 'locked') throw new Error(`lock holder said ${first}`);
  return {
    async release() {
      child.stdin.write('go\n');
      await next();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
