import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A SQLite URL in a fresh temporary directory; `remove()` deletes the directory. */
export async function tempSqliteUrl(prefix: string): Promise<{ url: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `pauseflow-${prefix}-`));
  return { url: `file:${join(dir, 'test.db')}`, remove: () => rm(dir, { recursive: true, force: true }) };
}
