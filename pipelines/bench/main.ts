// `npm run bench`: measures the load paths, the refresh and the site build against DuckDB's own limits.
import {execFileSync} from "node:child_process";
import {rmSync} from "node:fs";
import {cpus, loadavg, totalmem} from "node:os";
import {relative} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {projectRoot, workDir} from "./cache.js";
import {BenchInputs} from "./inputs.js";
import {benchUsage, parseBenchOptions, type BenchOptions} from "./options.js";
import {planBench} from "./plan.js";
import {quietVerdict} from "./quiet.js";
import {targetRatios} from "./ratios.js";
import {writeReport} from "./report-file.js";
import {summarize} from "./results.js";
import {runStep} from "./step-runner.js";
import {formatReport, type MachineInfo} from "./table.js";

const log = (message: string) => process.stderr.write(`${message}\n`);
const now = () => new Date().toLocaleString("sv-SE").slice(0, 16);
const loads = () => loadavg().map((l) => Math.round(l * 100) / 100);

async function duckdbVersion(): Promise<string> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  const version = String((await conn.runAndReadAll("select version()")).getRows()[0]![0]);
  conn.closeSync();
  instance.closeSync();
  return version;
}

/** The commit measured, with "+changes" when pipelines/ or src/ differ from it. */
function codeVersion(): string {
  try {
    const git = (...args: string[]) => execFileSync("git", ["-C", projectRoot, ...args], {encoding: "utf8"}).trim();
    return git("rev-parse", "--short", "HEAD") + (git("status", "--porcelain", "pipelines", "src") ? "+changes" : "");
  } catch {
    return "unknown";
  }
}

async function bench(options: BenchOptions): Promise<void> {
  const startedAt = now();
  const machine: MachineInfo = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? "",
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    duckdb: await duckdbVersion(),
    code: codeVersion(),
    loadavgStart: loads(),
    loadavgEnd: []
  };
  log(`准备输入（缓存于 bench/out/cache/）…`);
  const plan = await planBench(options, new BenchInputs(options.seed, log));
  for (const comparison of plan) {
    for (let repeat = 0; repeat < options.repeat; repeat++) {
      for (const {measurement, spec} of comparison.members) {
        log(`[${repeat + 1}/${options.repeat}] ${measurement.label}…`);
        const run = await runStep(spec(repeat));
        log(`  ${(run.ms / 1000).toFixed(2)} s，峰值 RSS ${run.peakRssMb} MB，负载 ${run.loadavg}`);
        measurement.runs.push(run);
      }
    }
  }
  machine.loadavgEnd = loads();
  machine.quiet = quietVerdict(
    machine.cpus,
    machine.loadavgStart[0]!,
    plan.flatMap((c) => c.members.flatMap((m) => m.measurement.runs.map((r) => r.loadavg)))
  );
  const summaries = plan.flatMap((c) => c.members.map((m) => summarize(m.measurement)));
  const ratios = targetRatios(options, summaries);
  console.log(formatReport(machine, summaries, ratios, startedAt));
  const file = writeReport({version: 1, startedAt, finishedAt: now(), machine, options, steps: summaries, ratios});
  console.log(`\n结果已写入 ${relative(projectRoot, file)}`);
}

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(benchUsage);
} else {
  try {
    await bench(parseBenchOptions(args));
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    rmSync(workDir, {recursive: true, force: true});
  }
}
