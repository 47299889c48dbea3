/** The PostgreSQL server used for shadow databases by db:diff and db:check (a scratch database is created and dropped there). */
export function shadowPgUrl(): string {
  return process.env.PAUSEFLOW_SHADOW_PG_URL ?? process.env.PAUSEFLOW_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
}
