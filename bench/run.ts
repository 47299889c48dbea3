/**
 * `npm run bench`: the engine cycle against the raw-SQL floor and the
 * bpmn-engine peer, the HTTP figures, the Paused lists at 10k/100k/1M tasks
 * and the server's peak RSS; prints a table and writes
 * bench/results/latest.json, bench/results/chart.svg and
 * bench/README-performance.md. BENCH_DATABASE_URL (PostgreSQL) adds the
 * engine cycle on PostgreSQL. BENCH_QUICK=1 is a short smoke run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runCycleSuite } from './cycle/cycle-suite';
import { machineInfo } from './lib/machine';
import { runPostgresVariant, type PostgresFigures } from './lib/postgres-variant';
import { textTable } from './lib/report';
import { buildReport, goalRows, keyFigures } from './report-build';
import { runScaleSuite } from './scale/scale-suite';

const quick = process.env.BENCH_QUICK === '1';
const started = Date.now();
const log = (line: string) => console.log(line);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

const loadBefore = loadavg()[0]!;
const machine = machineInfo(['bpmn-engine', 'prisma', '@prisma/client', 'better-sqlite3', 'express', 'autocannon']);
log(`Pauseflow bench on ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, SQLite ${machine.sqlite}${quick ? ' (quick)' : ''}`);

log(`\n1. Engine cycle (open, Save and Pause, resume, complete) [${elapsed()}]`);
const cycle = await runCycleSuite({ rounds: quick ? 2 : 5, batchSeconds: quick ? 0.5 : 1.5, log });

log(`\n2-4. Scale, HTTP and memory on SQLite [${elapsed()}]`);
const scale = await runScaleSuite({
  sizes: quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000],
  latencySeconds: quick ? 2 : 5,
  httpSeconds: quick ? 3 : 8,
  httpRounds: quick ? 1 : 3,
  connections: 10,
  log,
});

let postgres: PostgresFigures | null = null;
if (process.env.BENCH_DATABASE_URL) {
  log(`\n5. PostgreSQL variant [${elapsed()}]`);
  postgres = await runPostgresVariant(process.env.BENCH_DATABASE_URL, { quick, log });
}

const figures = keyFigures(cycle, scale);
const totalSeconds = (Date.now() - started) / 1000;
log(`\nResults (${totalSeconds.toFixed(0)} s in all)\n`);
console.log(textTable(goalRows(figures, cycle, scale, postgres)));

const out = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(out, { recursive: true });
const loadAverage = { before: loadBefore, after: loadavg()[0]! };
log(`Load average (1 min) ${loadAverage.before.toFixed(1)} at the start, ${loadAverage.after.toFixed(1)} at the end, on ${machine.cores} cores`);
const report = buildReport({ figures, cycle, scale, postgres, machine, totalSeconds, quick, loadAverage });
writeFileSync(`${out}latest.json`, `${JSON.stringify(report.json, null, 2)}\n`);
writeFileSync(`${out}chart.svg`, report.svg);
writeFileSync(fileURLToPath(new URL('./README-performance.md', import.meta.url)), report.markdown);
log(`\nWrote bench/results/latest.json, bench/results/chart.svg and bench/README-performance.md`);
