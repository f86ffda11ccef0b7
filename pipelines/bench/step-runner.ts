import {spawn} from "node:child_process";
import {mkdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {loadavg} from "node:os";
import {join} from "node:path";
import {projectRoot, workDir} from "./cache.js";
import type {DuckdbVariant, JicaiLoadOptions} from "./steps/load.js";
import type {RefreshBenchMode} from "./steps/refresh.js";
import type {StepOutcome} from "./steps/measure.js";

export type StepSpec =
  | {kind: "load-jicai"; file: string; db: string; options?: JicaiLoadOptions; refresh?: boolean}
  | {kind: "load-duckdb"; file: string; db: string; variant: DuckdbVariant}
  | {kind: "load-folder-jicai" | "load-folder-duckdb"; dir: string; db: string}
  | {kind: "refresh"; db: string; mode: RefreshBenchMode; extra?: string; scratch?: string}
  | {kind: "scan"; db: string; columns?: "yardstick" | "all"}
  | {kind: "site-build"; db: string; project: string; out: string}
  | {kind: "spark-marts"; lake: string; out: string};

export interface StepRun extends StepOutcome {
  /** 1-minute load average when the step started (the machine is shared). */
  loadavg: number;
}

const stepEntry = join(import.meta.dirname, "step.ts");
let sequence = 0;

/**
 * Runs one measured step in a fresh Node process, so that each step's peak RSS is its own and no step
 * inherits another's heap, DuckDB buffers or page cache pressure from the same process.
 */
export async function runStep(spec: StepSpec): Promise<StepRun> {
  mkdirSync(workDir, {recursive: true});
  const base = join(workDir, `step-${process.pid}-${++sequence}`);
  const specFile = `${base}.json`;
  const resultFile = `${base}.result.json`;
  writeFileSync(specFile, JSON.stringify({...spec, resultFile}));
  const load = loadavg()[0]!;
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", stepEntry, specFile], {
        cwd: projectRoot,
        stdio: ["ignore", "inherit", "inherit"]
      });
      child.on("error", reject);
      child.on("exit", (code, signal) =>
        code === 0 ? resolve() : reject(new Error(`步骤 ${spec.kind} 失败（退出码 ${code ?? signal}）`))
      );
    });
    const outcome = JSON.parse(readFileSync(resultFile, "utf8")) as StepOutcome;
    return {...outcome, loadavg: Math.round(load * 100) / 100};
  } finally {
    rmSync(specFile, {force: true});
    rmSync(resultFile, {force: true});
  }
}
