/** The two databases Pauseflow runs on. */
export type DatabaseProvider = 'sqlite' | 'postgresql';

/**
 * Chooses the provider from a database URL: `postgres://` or
 * `postgresql://` is PostgreSQL; `file:` URLs and plain paths are SQLite.
 */
export function providerOf(url: string): DatabaseProvider {
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgresql';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) throw new Error(`unsupported database URL scheme: ${url.split(':')[0]}`);
  return 'sqlite';
}

/** A SQLite URL or path as the better-sqlite3 adapter expects it (`file:` prefix). */
export function sqliteFileUrl(url: string): string {
  return url.startsWith('file:') ? url : `file:${url}`;
}

/** The filesystem path of a SQLite URL (`file:./data/x.db` -> `./data/x.db`). */
export function sqlitePath(url: string): string {
  return url.replace(/^file:/, '').replace(/\?.*$/, '');
}
