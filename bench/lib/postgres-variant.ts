import pg from 'pg';
import { runEngineCycleOn } from '../cycle/cycle-suite';
import type { QueryPlan } from '../scale/query-plans';

export interface PostgresFigures {
  engineCyclesPerS: number;
  rounds: number[];
  plans: QueryPlan[];
}

/**
 * The engine cycle on PostgreSQL, in a database created for the run and
 * dropped after it (the server at BENCH_DATABASE_URL must allow CREATE DATABASE).
 */
export async function runPostgresVariant(adminUrl: string, opts: { quick: boolean; log: (line: string) => void }): Promise<PostgresFigures> {
  const name = `pauseflow_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const result = await runEngineCycleOn(url.toString(), { rounds: opts.quick ? 2 : 3, batchSeconds: opts.quick ? 0.5 : 1.5, log: opts.log });
    return { engineCyclesPerS: result.median, rounds: result.rates, plans: [] };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
