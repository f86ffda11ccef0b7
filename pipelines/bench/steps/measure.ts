import {rmSync} from "node:fs";

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
  /** Rows the step processed, for rows per second. */
  rows: number | null;
  detail: Record<string, unknown>;
}

export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

function cpuMicros(): number {
  const usage = process.resourceUsage();
  return usage.userCPUTime + usage.systemCPUTime;
}

/** Times `work` and reports peak RSS; `work` returns the row count and details. */
export async function measure(work: () => Promise<{rows: number | null; detail?: Record<string, unknown>}>): Promise<StepOutcome> {
  const setupRssMb = peakRssMb();
  const cpuBefore = cpuMicros();
  const started = performance.now();
  const {rows, detail = {}} = await work();
  const ms = Math.round(performance.now() - started);
  return {ms, cpuMs: Math.round((cpuMicros() - cpuBefore) / 1000), peakRssMb: peakRssMb(), setupRssMb, rows, detail};
}

/** Removes a DuckDB file with its WAL and spill directory. */
export function removeDatabase(path: string): void {
  for (const p of [path, `${path}.wal`, `${path}.tmp`]) rmSync(p, {recursive: true, force: true});
}
