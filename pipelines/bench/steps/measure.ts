import {readFileSync, rmSync} from "node:fs";

/** What a measured step reports back to the runner. */
export interface StepOutcome {
  /** Wall time of the measured work only (no process start, no setup). */
  ms: number;
  /**
   * CPU time (user + system, all threads) of the measured work: on a shared machine wall time stretches
   * with the load average, CPU time much less.
   */
  cpuMs: number;
  /** Peak resident set size of the process (or, for the site build, of the largest process it started). */
  peakRssMb: number;
  /** Peak RSS before the measured work began (runtime, DuckDB and setup). */
  setupRssMb: number;
  /**
   * Peak of Node's own memory (JS heap + external buffers), sampled every 20 ms: what our streaming readers
   * hold, apart from DuckDB's buffer pool (which grows with the data up to JICAI_MEMORY_LIMIT).
   */
  peakJsMb: number;
  /** Rows the step processed, for rows per second. */
  rows: number | null;
  detail: Record<string, unknown>;
}

/**
 * The process's own peak RSS: VmHWM, which starts afresh at exec. getrusage's maxRSS does not: a child keeps
 * the high-water mark of the parent it was forked from, so every step reported at least the bench's own size
 * (536 MB after the bench had written an 800 k-row .xlsx).
 */
export function peakRssMb(): number {
  try {
    const kb = /VmHWM:\s+(\d+)\s*kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    if (kb) return Math.round(Number(kb) / 1024);
  } catch {
    // not Linux: fall back to getrusage
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function cpuMicros(): number {
  const usage = process.resourceUsage();
  return usage.userCPUTime + usage.systemCPUTime;
}

/** Times `work` and reports peak RSS; `work` returns the row count and details. */
export async function measure(
  work: () => Promise<{rows: number | null; detail?: Record<string, unknown>}>
): Promise<StepOutcome> {
  const setupRssMb = peakRssMb();
  let peakJs = 0;
  const sampleJs = () => {
    const {heapUsed, external} = process.memoryUsage();
    peakJs = Math.max(peakJs, heapUsed + external);
  };
  const sampler = setInterval(sampleJs, 20);
  const cpuBefore = cpuMicros();
  const started = performance.now();
  let outcome;
  try {
    outcome = await work();
  } finally {
    clearInterval(sampler);
  }
  const ms = Math.round(performance.now() - started);
  sampleJs();
  const {rows, detail = {}} = outcome;
  return {
    ms,
    cpuMs: Math.round((cpuMicros() - cpuBefore) / 1000),
    peakRssMb: peakRssMb(),
    setupRssMb,
    peakJsMb: Math.round(peakJs / 2 ** 20),
    rows,
    detail
  };
}

/** Removes a DuckDB file with its WAL and spill directory. */
export function removeDatabase(path: string): void {
  for (const p of [path, `${path}.wal`, `${path}.tmp`]) rmSync(p, {recursive: true, force: true});
}
