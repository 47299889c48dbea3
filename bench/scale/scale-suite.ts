import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../src/auth/passwords';
import { migrate } from '../../src/db/migrate';
import { WorkflowEngine, type Actor } from '../../src/engine';
import { flows } from '../../src/flows';
import { login } from '../http/browser-session';
import { load, type LoadResult } from '../http/load';
import { ServerProcess } from '../http/server-process';
import { median } from '../lib/stats';
import { openBenchSqlite } from '../lib/sqlite';
import { pausedListPlans, type QueryPlan } from './query-plans';
import { TaskGenerator } from './task-generator';

const PASSWORD = 'bench-password-not-secret';
/** Triage tasks kept PREPARED for alice at the largest size, one per Save and Pause request. */
const SAVE_AND_PAUSE_TASKS = 40_000;

export interface ScaleRow {
  tasks: number;
  generateSeconds: number;
  pausedList: LoadResult;
  pausedQueue: LoadResult;
  plans: QueryPlan[];
}

export interface HttpFigures {
  healthz: LoadResult;
  savePause: LoadResult;
  pausedList: LoadResult;
  rounds: { healthz: number[]; savePause: number[]; pausedList: number[] };
}

export interface ScaleSuiteResult {
  rows: ScaleRow[];
  http: HttpFigures;
  /** Peak RSS of the server during the HTTP runs at the largest size. */
  peakRssMb: number;
  /** Peak RSS from server start to the HTTP runs (includes the start-up migration check). */
  startupPeakRssMb: number;
  tasksAtHttp: number;
}

export interface ScaleSuiteOptions {
  sizes: number[];
  latencySeconds: number;
  httpSeconds: number;
  httpRounds: number;
  connections: number;
  log: (line: string) => void;
}

/**
 * Scale, HTTP and memory on the embedded SQLite default, in one database
 * that grows: at each size the Paused list (alice's, 50 rows) and the admin
 * Paused queue are timed one request at a time (latency, no queueing), with
 * their query plans; at the largest size the HTTP figures (healthz, Paused
 * list, Save and Pause; several connections) are taken and the server's
 * peak RSS is read.
 */
export async function runScaleSuite(opts: ScaleSuiteOptions): Promise<ScaleSuiteResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pauseflow-bench-scale-'));
  const path = join(dir, 'scale.db');
  const url = `file:${path}`;
  try {
    await migrate(url);
    let sqlite = openBenchSqlite(path);
    const users = TaskGenerator.createUsers(sqlite, await hashPassword(PASSWORD));
    const generator = new TaskGenerator(sqlite, users);
    const alice: Actor = { id: users.alice, username: 'alice', roles: ['user'] };
    const admin: Actor = { id: users.admin, username: 'admin', roles: ['admin', 'user'] };
    const rows: ScaleRow[] = [];
    let http: HttpFigures | null = null;
    let peakRssMb = 0;
    let startupPeakRssMb = 0;
    const largest = Math.max(...opts.sizes);
    for (const size of opts.sizes) {
      const started = Date.now();
      if (size === largest) {
        generator.growTo(size - 2 * SAVE_AND_PAUSE_TASKS);
        generator.addPreparedTriage(SAVE_AND_PAUSE_TASKS, users.alice);
      } else {
        generator.growTo(size);
      }
      const generateSeconds = (Date.now() - started) / 1000;
      const tasks = generator.taskCount();
      opts.log(`  ${tasks} tasks (${generateSeconds.toFixed(1)} s to generate)`);
      const plans = await pausedListPlans(url, sqlite, (db) => new WorkflowEngine({ store: db.store, flows }), alice, admin);
      const preparedIds =
        size === largest
          ? (sqlite
              .prepare("SELECT id FROM Task WHERE ownerId = ? AND status = 'PREPARED' AND node = 'triage' AND version = 2 ORDER BY id")
              .pluck()
              .all(users.alice) as number[])
          : [];
      // Closed while the server runs: its start-up migration check wants the file to itself.
      sqlite.close();

      const server = await ServerProcess.start(url);
      try {
        const aliceSession = await login(server.url, 'alice', PASSWORD);
        const adminSession = await login(server.url, 'admin', PASSWORD);
        const base = { url: server.url, expectStatus: 200, connections: 1, seconds: opts.latencySeconds };
        // Warm-up: JIT, view cache, SQLite page cache.
        await load({ ...base, name: 'warm-up', path: '/tasks/paused', seconds: 1, session: aliceSession });
        const pausedList = await load({ ...base, name: `Paused list, ${tasks} tasks`, path: '/tasks/paused', session: aliceSession });
        const pausedQueue = await load({ ...base, name: `admin Paused queue, ${tasks} tasks`, path: '/admin/paused', session: adminSession });
        opts.log(`  Paused list p50 ${pausedList.p50Ms} ms p99 ${pausedList.p99Ms} ms; admin queue p50 ${pausedQueue.p50Ms} ms p99 ${pausedQueue.p99Ms} ms`);
        rows.push({ tasks, generateSeconds, pausedList, pausedQueue, plans });
        if (size === largest) {
          startupPeakRssMb = server.peakRssMb;
          server.resetPeakRss();
          http = await httpFigures(server.url, aliceSession, preparedIds, opts);
          peakRssMb = server.peakRssMb;
          opts.log(`  server peak RSS ${peakRssMb.toFixed(0)} MB during the HTTP runs (${startupPeakRssMb.toFixed(0)} MB up to then)`);
        }
      } finally {
        await server.stop();
      }
      sqlite = openBenchSqlite(path);
      generator.attach(sqlite);
    }
    sqlite.close();
    return { rows, http: http!, peakRssMb, startupPeakRssMb, tasksAtHttp: rows.at(-1)!.tasks };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** healthz, Paused list and Save and Pause, interleaved over rounds; medians. */
async function httpFigures(url: string, session: Awaited<ReturnType<typeof login>>, preparedIds: number[], opts: ScaleSuiteOptions): Promise<HttpFigures> {
  const base = { url, connections: opts.connections, seconds: opts.httpSeconds };
  const fields = new URLSearchParams({
    _csrf: session.csrf,
    version: '2',
    _pause: 'Save and pause',
    pauseReason: 'waiting for the customer',
    category: 'complaint',
    summary: 'The customer says the parcel arrived damaged',
    amount: '49.90',
  }).toString();
  let next = 0;
  const runs = {
    healthz: () => load({ ...base, name: 'GET /healthz', path: '/healthz', expectStatus: 200 }),
    pausedList: () => load({ ...base, name: 'GET /tasks/paused (50 rows)', path: '/tasks/paused', expectStatus: 200, session }),
    savePause: () =>
      load({
        ...base,
        name: 'POST Save and Pause',
        path: '/tasks',
        expectStatus: 303,
        session,
        post: () => {
          const id = preparedIds[next++];
          if (id === undefined) throw new Error('out of PREPARED tasks for Save and Pause');
          return { path: `/tasks/${id}`, body: fields };
        },
      }),
  };
  const results: Record<keyof typeof runs, LoadResult[]> = { healthz: [], pausedList: [], savePause: [] };
  const order = Object.keys(runs) as (keyof typeof runs)[];
  for (let round = 0; round < opts.httpRounds; round++) {
    for (let k = 0; k < order.length; k++) {
      const name = order[(round + k) % order.length]!;
      const result = await runs[name]();
      results[name].push(result);
      opts.log(`  round ${round + 1}/${opts.httpRounds} ${result.name}: ${Math.round(result.rps)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
    }
  }
  const pick = (list: LoadResult[]) => {
    const mid = median(list.map((r) => r.rps));
    return list.find((r) => r.rps === mid)!;
  };
  return {
    healthz: pick(results.healthz),
    pausedList: pick(results.pausedList),
    savePause: pick(results.savePause),
    rounds: {
      healthz: results.healthz.map((r) => r.rps),
      pausedList: results.pausedList.map((r) => r.rps),
      savePause: results.savePause.map((r) => r.rps),
    },
  };
}
