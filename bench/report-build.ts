import type { CycleSuiteResult } from './cycle/cycle-suite';
import type { MachineInfo } from './lib/machine';
import type { PostgresFigures } from './lib/postgres-variant';
import { fmt, markdownTable, type TableRow } from './lib/report';
import { round } from './lib/stats';
import { svgChart } from './lib/svg-chart';
import type { ScaleSuiteResult } from './scale/scale-suite';

/** The keys of bench/results/latest.json that the issue names, all numbers. */
export interface KeyFigures {
  engine_cycles_per_s: number;
  raw_sql_cycles_per_s: number;
  engine_vs_raw: number;
  bpmn_engine_cycles_per_s: number;
  engine_vs_bpmn_engine: number;
  healthz_rps: number;
  save_and_pause_rps: number;
  save_and_pause_vs_healthz: number;
  paused_list_rps: number;
  paused_list_vs_healthz: number;
  paused_list_p50_ms_10k: number;
  paused_list_p50_ms_1m: number;
  paused_list_p99_ms_1m: number;
  list_p50_1m_over_10k: number;
  peak_rss_mb: number;
}

export function keyFigures(cycle: CycleSuiteResult, scale: ScaleSuiteResult): KeyFigures {
  const first = scale.rows[0]!;
  const last = scale.rows.at(-1)!;
  const { healthz, savePause, pausedList } = scale.http;
  return {
    engine_cycles_per_s: round(cycle.engine.median),
    raw_sql_cycles_per_s: round(cycle.raw.median),
    engine_vs_raw: round(cycle.engine.median / cycle.raw.median),
    bpmn_engine_cycles_per_s: round(cycle.bpmn.median),
    engine_vs_bpmn_engine: round(cycle.engine.median / cycle.bpmn.median),
    healthz_rps: round(healthz.rps),
    save_and_pause_rps: round(savePause.rps),
    save_and_pause_vs_healthz: round(savePause.rps / healthz.rps),
    paused_list_rps: round(pausedList.rps),
    paused_list_vs_healthz: round(pausedList.rps / healthz.rps),
    paused_list_p50_ms_10k: first.pausedList.p50Ms,
    paused_list_p50_ms_1m: last.pausedList.p50Ms,
    paused_list_p99_ms_1m: last.pausedList.p99Ms,
    list_p50_1m_over_10k: round(last.pausedList.p50Ms / first.pausedList.p50Ms),
    peak_rss_mb: round(scale.peakRssMb),
  };
}

function sizeName(tasks: number): string {
  return tasks >= 1_000_000 ? `${round(tasks / 1e6, 2)}M` : `${Math.round(tasks / 1000)}k`;
}

export function goalRows(f: KeyFigures, cycle: CycleSuiteResult, scale: ScaleSuiteResult, pg: PostgresFigures | null): TableRow[] {
  const last = sizeName(scale.rows.at(-1)!.tasks);
  const rows: TableRow[] = [
    { measure: 'Engine cycle, engine + Prisma SQLite', value: fmt(f.engine_cycles_per_s, 'cycles/s') },
    { measure: 'Engine cycle, raw SQL floor (better-sqlite3)', value: fmt(f.raw_sql_cycles_per_s, 'cycles/s') },
    { measure: 'Engine cycle, bpmn-engine + SQLite (peer)', value: fmt(f.bpmn_engine_cycles_per_s, 'cycles/s') },
    { measure: 'engine_vs_raw', value: fmt(f.engine_vs_raw), goal: '>= 0.10', met: f.engine_vs_raw >= 0.1 },
    { measure: 'engine_vs_bpmn_engine', value: fmt(f.engine_vs_bpmn_engine), goal: '>= 6', met: f.engine_vs_bpmn_engine >= 6 },
    ...cycle.perTransition.map((t) => ({ measure: `SQL statements: ${t.name}`, value: `${t.statements} in ${t.transactions} tx` })),
    { measure: `GET /healthz (${last} tasks)`, value: `${fmt(f.healthz_rps, 'req/s')}, p50 ${scale.http.healthz.p50Ms} ms, p99 ${scale.http.healthz.p99Ms} ms` },
    { measure: `POST Save and Pause (${last} tasks)`, value: `${fmt(f.save_and_pause_rps, 'req/s')}, p50 ${scale.http.savePause.p50Ms} ms, p99 ${scale.http.savePause.p99Ms} ms` },
    { measure: `GET Paused list, 50 rows (${last} tasks)`, value: `${fmt(f.paused_list_rps, 'req/s')}, p50 ${scale.http.pausedList.p50Ms} ms, p99 ${scale.http.pausedList.p99Ms} ms` },
    { measure: 'save_and_pause_vs_healthz', value: fmt(f.save_and_pause_vs_healthz), goal: '>= 0.15', met: f.save_and_pause_vs_healthz >= 0.15 },
    { measure: 'paused_list_vs_healthz', value: fmt(f.paused_list_vs_healthz), goal: '>= 0.25', met: f.paused_list_vs_healthz >= 0.25 },
  ];
  for (const row of scale.rows) {
    const size = sizeName(row.tasks);
    rows.push(
      { measure: `Paused list, ${size} tasks, one at a time`, value: `p50 ${row.pausedList.p50Ms} ms, p99 ${row.pausedList.p99Ms} ms` },
      { measure: `admin Paused queue, ${size} tasks, one at a time`, value: `p50 ${row.pausedQueue.p50Ms} ms, p99 ${row.pausedQueue.p99Ms} ms` },
      { measure: `query plans use an index, ${size} tasks`, value: row.plans.every((p) => p.usesIndex) ? 'yes' : 'NO' },
    );
  }
  rows.push(
    { measure: `list_p50_1m_over_10k`, value: fmt(f.list_p50_1m_over_10k), goal: '<= 1.5', met: f.list_p50_1m_over_10k <= 1.5 },
    { measure: `paused_list_p99_ms_1m`, value: fmt(f.paused_list_p99_ms_1m, 'ms'), goal: '< 50', met: f.paused_list_p99_ms_1m < 50 },
    { measure: `peak_rss_mb (server, HTTP runs, ${last} tasks)`, value: fmt(f.peak_rss_mb, 'MB'), goal: '< 200', met: f.peak_rss_mb < 200 },
    { measure: 'server peak RSS from start-up to the HTTP runs', value: fmt(scale.startupPeakRssMb, 'MB') },
  );
  if (pg) {
    rows.push(
      { measure: 'PostgreSQL: engine cycle', value: fmt(pg.engineCyclesPerS, 'cycles/s') },
      ...pg.plans.map((p) => ({ measure: `PostgreSQL: ${p.list} plan uses an index`, value: p.usesIndex ? 'yes' : 'NO' })),
    );
  }
  return rows;
}

export interface ReportInput {
  figures: KeyFigures;
  cycle: CycleSuiteResult;
  scale: ScaleSuiteResult;
  postgres: PostgresFigures | null;
  machine: MachineInfo;
  totalSeconds: number;
  quick: boolean;
  /** 1-minute load average when the run started and ended: other work on the machine skews absolute figures. */
  loadAverage: { before: number; after: number };
}

export function buildReport(input: ReportInput): { json: unknown; svg: string; markdown: string } {
  const { figures: f, cycle, scale, machine } = input;
  const machineLine = `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}, SQLite ${machine.sqlite}`;
  const json = {
    ...f,
    machine,
    details: {
      generatedAt: new Date().toISOString(),
      quick: input.quick,
      totalSeconds: round(input.totalSeconds),
      loadAverage: { before: round(input.loadAverage.before), after: round(input.loadAverage.after) },
      cycle: {
        rounds: { engine: cycle.engine.rates.map((r) => round(r)), raw: cycle.raw.rates.map((r) => round(r)), bpmn: cycle.bpmn.rates.map((r) => round(r)) },
        sqlPerTransition: cycle.perTransition,
        bpmnStateBytes: cycle.bpmnStateBytes,
      },
      http: { tasks: scale.tasksAtHttp, connections: 10, healthz: scale.http.healthz, pausedList: scale.http.pausedList, savePause: scale.http.savePause, roundsRps: scale.http.rounds },
      scale: scale.rows.map((r) => ({ tasks: r.tasks, generateSeconds: r.generateSeconds, pausedList: r.pausedList, pausedQueue: r.pausedQueue, plans: r.plans.map((p) => ({ list: p.list, plan: p.plan, usesIndex: p.usesIndex })) })),
      startupPeakRssMb: round(scale.startupPeakRssMb),
      postgresql: input.postgres,
    },
  };
  const svg = svgChart('Pauseflow benchmarks', machineLine, [
    {
      title: 'Engine cycle: open, Save and Pause, resume, complete (cycles/s)',
      log: true,
      bars: [
        { label: 'raw SQL floor (better-sqlite3)', value: f.raw_sql_cycles_per_s, text: fmt(f.raw_sql_cycles_per_s) },
        { label: 'Pauseflow engine + Prisma SQLite', value: f.engine_cycles_per_s, text: fmt(f.engine_cycles_per_s), ours: true },
        { label: 'bpmn-engine + SQLite', value: f.bpmn_engine_cycles_per_s, text: fmt(f.bpmn_engine_cycles_per_s) },
      ],
    },
    {
      title: `HTTP with ${sizeName(scale.tasksAtHttp)} tasks, 10 connections (req/s)`,
      bars: [
        { label: 'GET /healthz', value: f.healthz_rps, text: fmt(f.healthz_rps) },
        { label: 'GET Paused list (50 rows)', value: f.paused_list_rps, text: fmt(f.paused_list_rps), ours: true },
        { label: 'POST Save and Pause', value: f.save_and_pause_rps, text: fmt(f.save_and_pause_rps), ours: true },
      ],
    },
    {
      title: 'Paused lists, one request at a time: p50 / p99 (ms)',
      bars: scale.rows.flatMap((r) => [
        { label: `Paused list, ${sizeName(r.tasks)} tasks`, value: r.pausedList.p99Ms, text: `${r.pausedList.p50Ms} / ${r.pausedList.p99Ms}`, ours: true },
        { label: `admin Paused queue, ${sizeName(r.tasks)} tasks`, value: r.pausedQueue.p99Ms, text: `${r.pausedQueue.p50Ms} / ${r.pausedQueue.p99Ms}` },
      ]),
    },
  ]);
  const markdown = performanceMarkdown(input, machineLine);
  return { json, svg, markdown };
}

function performanceMarkdown(input: ReportInput, machineLine: string): string {
  const { figures: f, cycle, scale } = input;
  const planLines = scale.rows.at(-1)!.plans.map((p) => `- ${p.list}: \`${p.plan.join(' | ')}\``).join('\n');
  return `## Performance

![Pauseflow benchmarks](bench/results/chart.svg)

Measured by \`npm run bench\` on ${machineLine}, in ${Math.round(input.totalSeconds / 60)} minutes
(1-minute load average ${input.loadAverage.before.toFixed(1)} at the start and ${input.loadAverage.after.toFixed(1)} at the end on
${input.machine.cores} cores: absolute figures are lower when other work shares the machine; the ratios come from interleaved runs).
The figures below are from \`bench/results/latest.json\` (${new Date().toISOString().slice(0, 10)}).

${markdownTable(goalRows(f, cycle, scale, input.postgres))}

What is measured:

- **Engine cycle**: a triage task of the incoming-mail flow is opened (NEW → PREPARED), saved and paused with a draft,
  resumed (PAUSED → PREPARED) and completed (the process moves on to its next task), through \`WorkflowEngine\` and the
  Prisma SQLite store. The **floor** runs exactly the SQL statements that the store sent for one cycle (traced at the
  start of every run), in the same transactions, with better-sqlite3 prepared statements on the same schema. The
  **peer** is [bpmn-engine](https://www.npmjs.com/package/bpmn-engine) ${input.machine.packages['bpmn-engine']} running the same
  flow as BPMN: its state (${Math.round(cycle.bpmnStateBytes / 1000)} KB of JSON) is loaded from SQLite, recovered and resumed for open
  and resume, and saved after Save and Pause (stop + getState) and after complete. The three run in turns
  (${cycle.engine.rates.length} rounds of about 1.5 s each); the table gives medians.
- **HTTP**: the real server (\`src/server.ts\`, \`NODE_ENV=production\`, access log off) in a child process on loopback,
  driven by autocannon with 10 connections, a logged-in session cookie and the session's CSRF token; medians of
  ${scale.http.rounds.healthz.length} interleaved rounds, with ${sizeName(scale.tasksAtHttp)} tasks in the database. Save and Pause posts
  the triage form with \`_pause\` to a different PREPARED task each time (303 to the Paused list).
- **Scale**: tasks are bulk-inserted with better-sqlite3 into the migrated schema (two tasks and two history rows per
  process; 30% of triage tasks paused). alice's Paused list and the admin Paused queue are requested one at a time
  (no queueing) for a few seconds at each size. Query plans at ${sizeName(scale.rows.at(-1)!.tasks)} tasks:
${planLines}
- **Memory**: the server's VmHWM (peak RSS) during the HTTP runs, read from \`/proc/<pid>/status\` (reset with
  \`clear_refs\` when the runs start, so the start-up migration check is reported separately).

Reproduce: \`npm ci && npm run bench\` (about ${Math.max(1, Math.round(input.totalSeconds / 60))} minutes; add
\`BENCH_DATABASE_URL=postgresql://...\` for the PostgreSQL variant). Benchmarks are never part of \`npm test\`.
`;
}
