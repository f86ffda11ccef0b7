import type {StepGroup} from "./options.js";
import type {StepRun} from "./step-runner.js";
import {medianByKey, spread, type Spread} from "./stats.js";

/** One measured step over its repeats. */
export interface Measurement {
  id: string;
  group: StepGroup;
  /** What was measured, for the table (Chinese). */
  label: string;
  input: {file: string; bytes: number} | null;
  runs: StepRun[];
}

export interface Summary {
  id: string;
  group: StepGroup;
  label: string;
  input: Measurement["input"];
  repeats: number;
  rows: number | null;
  ms: Spread;
  cpuMs: Spread;
  /** Rows per second at the median time. */
  rowsPerSec: number | null;
  /** Highest peak RSS over the repeats. */
  peakRssMb: number;
  setupRssMb: number;
  /** Highest peak of Node's own memory (JS heap + external) over the repeats. */
  peakJsMb: number;
  loadavg: number;
  /** Median of each loader step (read, type, rejects, replace, insert) and of the time outside them. */
  timings: Record<string, number> | null;
  detail: Record<string, unknown>;
}

export function summarize(m: Measurement): Summary {
  const ms = spread(m.runs.map((r) => r.ms));
  const rows = m.runs[0]?.rows ?? null;
  const stepTimings = m.runs
    .map((r) => r.detail.timings as Record<string, number> | undefined)
    .filter((t) => t !== undefined);
  let timings: Record<string, number> | null = null;
  if (stepTimings.length === m.runs.length && stepTimings.length > 0) {
    const withOther = m.runs.map((r, i) => {
      const t = stepTimings[i]!;
      return {...t, other: r.ms - Object.values(t).reduce((s, v) => s + v, 0)};
    });
    timings = medianByKey(withOther);
  }
  return {
    id: m.id,
    group: m.group,
    label: m.label,
    input: m.input,
    repeats: m.runs.length,
    rows,
    ms,
    cpuMs: spread(m.runs.map((r) => r.cpuMs)),
    rowsPerSec: rows === null ? null : Math.round(rows / (ms.median / 1000)),
    peakRssMb: Math.max(...m.runs.map((r) => r.peakRssMb)),
    setupRssMb: Math.max(...m.runs.map((r) => r.setupRssMb)),
    peakJsMb: Math.max(...m.runs.map((r) => r.peakJsMb ?? 0)),
    loadavg: Math.round((m.runs.reduce((s, r) => s + r.loadavg, 0) / m.runs.length) * 10) / 10,
    timings,
    detail: m.runs.at(-1)?.detail ?? {}
  };
}

/** A figure the issue sets a target for. */
export interface Ratio {
  name: string;
  value: number;
  target: string;
  /** null when the issue sets no pass mark (reported for information). */
  met: boolean | null;
}
