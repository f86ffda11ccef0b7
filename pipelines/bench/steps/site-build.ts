import {spawn} from "node:child_process";
import {existsSync, readFileSync, rmSync} from "node:fs";
import {delimiter, join} from "node:path";
import {pathToFileURL} from "node:url";
import {prepareSiteCache} from "../../site/prepare.js";
import {projectRoot} from "../cache.js";
import {pageDataSizes} from "../page-data.js";
import {measure, type StepOutcome} from "./measure.js";

const observableBin = join(projectRoot, "node_modules/@observablehq/framework/dist/bin/observable.js");
const rssProbe = pathToFileURL(join(import.meta.dirname, "../rss-probe.mjs")).href;

function observableBuild(project: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const child = spawn(process.execPath, [observableBin, "build"], {
      cwd: project,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        // Framework runs .ts data loaders with `tsx`, found on PATH as under `npm run build`.
        PATH: [join(projectRoot, "node_modules/.bin"), process.env.PATH].join(delimiter),
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${rssProbe}`.trim(),
        ...env
      }
    });
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`observable build 退出码 ${code}：\n${output.slice(-4000)}`))
    );
  });
}

/**
 * `npm run build` of a private copy of the site (see site-project.ts) against `db`: site-prepare (clears
 * data-loader outputs, so every loader runs) then `observable build`. Peak RSS is the largest process of the
 * build tree (Framework or a data loader), each reporting its own on exit; CPU time is theirs summed.
 */
export async function buildSite(db: string, project: string, out: string): Promise<StepOutcome> {
  const rssLog = join(project, `rss-${process.pid}.log`);
  rmSync(rssLog, {force: true});
  rmSync(out, {recursive: true, force: true});
  const outcome = await measure(async () => {
    prepareSiteCache(join(project, "src/.observablehq/cache"));
    await observableBuild(project, {JICAI_DB: db, JICAI_SITE_OUT: out, JICAI_BENCH_RSS_LOG: rssLog});
    return {rows: null};
  });
  const processes = existsSync(rssLog)
    ? readFileSync(rssLog, "utf8")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((line) => {
          const [kb, cpu, command] = line.split("\t");
          return {mb: Math.round(Number(kb) / 1024), cpuMs: Math.round(Number(cpu) / 1000), command: command ?? ""};
        })
    : [];
  rmSync(rssLog, {force: true});
  const largest = processes.sort((a, b) => b.mb - a.mb)[0];
  outcome.peakRssMb = largest?.mb ?? outcome.peakRssMb;
  outcome.cpuMs += processes.reduce((sum, p) => sum + p.cpuMs, 0);
  outcome.detail = {pages: pageDataSizes(out), processes: processes.length, largestProcess: largest?.command ?? null};
  return outcome;
}
