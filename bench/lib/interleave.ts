import { median } from './stats';

/**
 * One side of a throughput comparison. `prepare` builds the work for the
 * next batch (not timed: e.g. starting the processes whose tasks the batch
 * will cycle through); `run` does `count` cycles and is timed.
 */
export interface CycleContender {
  name: string;
  open(): Promise<void>;
  prepare(count: number): Promise<void>;
  run(count: number): Promise<void>;
  close(): Promise<void>;
}

export interface InterleaveOptions {
  rounds: number;
  /** Wall time one timed batch should take, after calibration. */
  batchSeconds: number;
  log?: (line: string) => void;
}

export interface ContenderResult {
  name: string;
  batchSize: number;
  /** Cycles per second of each round, in round order. */
  rates: number[];
  median: number;
}

/**
 * Runs the contenders in turns (A B C, B C A, C A B, ...) so that drifts of
 * the machine (thermal, page cache, other load) hit them alike, and reports
 * the median rate of each. A first untimed-for-results round calibrates the
 * batch size of each contender to about `batchSeconds`.
 */
export async function interleave(contenders: readonly CycleContender[], opts: InterleaveOptions): Promise<ContenderResult[]> {
  const log = opts.log ?? (() => undefined);
  const sizes = new Map<CycleContender, number>();
  for (const contender of contenders) await contender.open();
  try {
    for (const contender of contenders) {
      const warmUp = await timedBatch(contender, 30);
      // A second, longer batch: the JIT has settled by its end.
      const rate = await timedBatch(contender, Math.max(30, Math.round(warmUp * opts.batchSeconds)));
      const size = Math.max(30, Math.min(50_000, Math.round(rate * opts.batchSeconds)));
      sizes.set(contender, size);
      log(`  ${contender.name}: warm-up ${Math.round(rate)}/s, batches of ${size}`);
    }
    const rates = new Map<CycleContender, number[]>(contenders.map((c) => [c, []]));
    for (let round = 0; round < opts.rounds; round++) {
      for (let k = 0; k < contenders.length; k++) {
        const contender = contenders[(round + k) % contenders.length]!;
        const rate = await timedBatch(contender, sizes.get(contender)!);
        rates.get(contender)!.push(rate);
        log(`  round ${round + 1}/${opts.rounds} ${contender.name}: ${Math.round(rate)} cycles/s`);
      }
    }
    return contenders.map((c) => ({ name: c.name, batchSize: sizes.get(c)!, rates: rates.get(c)!, median: median(rates.get(c)!) }));
  } finally {
    for (const contender of contenders) await contender.close();
  }
}

async function timedBatch(contender: CycleContender, count: number): Promise<number> {
  await contender.prepare(count);
  collectGarbage();
  const started = process.hrtime.bigint();
  await contender.run(count);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return count / seconds;
}

/** Starts every batch with a clean heap when node runs with --expose-gc. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
