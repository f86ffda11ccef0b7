import {mkdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {benchOutDir} from "./cache.js";
import type {BenchOptions} from "./options.js";
import type {Ratio, Summary} from "./results.js";
import type {MachineInfo} from "./table.js";

/** Everything a later run needs for comparison; the file name sorts by time. */
export interface BenchReport {
  version: 1;
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  options: BenchOptions;
  steps: Summary[];
  ratios: Ratio[];
}

export function writeReport(report: BenchReport): string {
  mkdirSync(benchOutDir, {recursive: true});
  const file = join(benchOutDir, `${report.startedAt.replace(/[-:]/g, "").replace(" ", "-")}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
