import {readFileSync, readdirSync, rmSync} from "node:fs";
import {runSparkMarts} from "../../commands/spark-marts.js";
import {measure, type StepOutcome} from "./measure.js";

/** Resident set of every process below this one (the job's python, its JVM driver and any executors), in kB. */
function descendantsRssKb(): number {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      parents.set(Number(entry), Number(/PPid:\s+(\d+)/.exec(status)?.[1]));
      rss.set(Number(entry), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // the process ended while we looked
    }
  }
  const below = (pid: number): number =>
    [...parents]
      .filter(([, parent]) => parent === pid)
      .reduce((sum, [child]) => sum + rss.get(child)! + below(child), 0);
  return below(process.pid);
}

/**
 * `jicai spark-marts` over a lake in Spark local mode, timed end to end (JVM start, translation, every model,
 * writing the marts). Peak memory is the largest sum of the RSS of the job's processes, sampled every 200 ms:
 * Spark's driver and executors live outside this Node process, so its own VmHWM says nothing about them.
 */
export async function sparkMarts(lake: string, out: string): Promise<StepOutcome> {
  rmSync(out, {recursive: true, force: true});
  let peakKb = 0;
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, descendantsRssKb())), 200);
  try {
    const outcome = await measure(async () => {
      const result = await runSparkMarts(lake, out, {master: "local[*]"});
      return {
        rows: null,
        detail: {sparkVersion: result.spark_version, models: result.models.length, sparkMs: result.ms}
      };
    });
    outcome.peakRssMb = Math.max(outcome.peakRssMb, Math.round(peakKb / 1024));
    return outcome;
  } finally {
    clearInterval(sampler);
    rmSync(out, {recursive: true, force: true});
  }
}
