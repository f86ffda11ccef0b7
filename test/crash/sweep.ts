/**
 * Kill sweep (not part of `npm test`, which runs test/warehouse/refresh-kill.test.ts and
 * test/load/big-load-kill.test.ts): kills a real `jicai refresh` or `jicai load` with SIGKILL over and over and
 * checks after each kill that the warehouse opens, reads completely and holds the state from before the command
 * or after it. Two ways to choose the moment:
 *
 *   writes  at every write the command makes to the warehouse and its WAL (strace; see traced-run.ts), block
 *           writes once cleanly and once torn (half written, as a kill during the write or a power cut leaves it)
 *   time    at fine time steps over the whole run, commit and checkpoint included (no strace, DuckDB's default
 *           threads: the command as users run it)
 *
 *   npm run crash-sweep -- refresh writes [--scale 1] [--minutes 30] [--stride 1]
 *   npm run crash-sweep -- refresh time [--scale 1] [--step 25] [--minutes 30]
 *   npm run crash-sweep -- load writes|time [--lines 1200000] [--minutes 30]
 *
 * Inputs are made once under $TMPDIR/jicai-sweep (a sample warehouse; for `load`, a GBK orders file). Every
 * outcome goes to sweep-<command>-<mode>.log there; a warehouse in any state but before/after is kept beside
 * it. The summary counts kills by kind of kill point and outcome.
 */
import {spawn} from "node:child_process";
import {appendFileSync, copyFileSync, existsSync, mkdirSync, rmSync, statSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {parseArgs} from "node:util";
import {concatenateLines} from "../../pipelines/bench/orders-csv.js";
import {checkpointKills, killOutcome, writeKinds, type KillState} from "../helpers/kill-outcome.js";
import {writeOrdersCsv} from "../helpers/orders-csv.js";
import {requireStrace, runTraced, tearWrite, type TracedWrite} from "../helpers/traced-run.js";
import {warehouseState} from "../helpers/warehouse-state.js";

const bin = fileURLToPath(new URL("../../bin/jicai.js", import.meta.url));
const {positionals, values} = parseArgs({
  allowPositionals: true,
  options: {
    scale: {type: "string", default: "1"},
    lines: {type: "string", default: "1200000"},
    minutes: {type: "string", default: "30"},
    stride: {type: "string", default: "1"},
    step: {type: "string", default: "25"}
  }
});
const [command, mode] = positionals;
if (!["refresh", "load"].includes(command ?? "") || !["writes", "time"].includes(mode ?? "")) {
  console.error(
    "用法: sweep.ts refresh|load writes|time [--scale N] [--lines N] [--minutes N] [--stride N] [--step ms]"
  );
  process.exit(2);
}
const deadline = Date.now() + Number(values.minutes) * 60_000;
const dir = join(tmpdir(), "jicai-sweep");
mkdirSync(dir, {recursive: true});
const logFile = join(dir, `sweep-${command}-${mode}.log`);
const log = (line: string) => {
  appendFileSync(logFile, `${line}\n`);
  console.log(line);
};

function cli(args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {stdio: ["ignore", "ignore", "inherit"]});
    child.on("error", reject);
    child.on("close", resolve);
  });
}

/** The sample warehouse (and, for load, the orders file) this sweep starts from, made once. */
async function inputs(): Promise<{base: string; args: (db: string) => string[]}> {
  const sample = join(dir, `sample-${values.scale}`);
  const base = join(dir, `sample-${values.scale}.duckdb`);
  if (!existsSync(base)) {
    console.log(`生成并载入 scale ${values.scale} 的模拟数据…`);
    if ((await cli(["sample", "--scale", values.scale!, "--out", sample])) !== 0) throw new Error("sample failed");
    if ((await cli(["load", sample, "--db", base])) !== 0) throw new Error("load failed");
  }
  if (command === "refresh") return {base, args: (db) => ["refresh", "--as-of", "2025-06-30", "--full", "--db", db]};
  const gbk = join(dir, `orders-${values.lines}-gbk.csv`);
  if (!existsSync(gbk)) {
    const utf8 = join(dir, "orders-utf8.csv");
    await writeOrdersCsv(utf8, Number(values.lines), "SWEEP");
    await concatenateLines([utf8], gbk, Number(values.lines), {from: "utf-8", to: "gbk"});
    rmSync(utf8);
  }
  return {base, args: (db) => ["load", gbk, "--db", db, "--json"]};
}

const {base, args} = await inputs();
const work = join(dir, `work-${command}.duckdb`);
const fresh = () => {
  for (const f of [work, `${work}.wal`, `${work}.guard`]) rmSync(f, {force: true});
  copyFileSync(base, work);
};
const files = [work, `${work}.wal`];

fresh();
const before = await warehouseState(work);
const started = performance.now();
const full = mode === "writes" ? await runTraced(args(work), {files}) : {code: await cli(args(work)), writes: []};
const fullMs = performance.now() - started;
if (full.code !== 0) throw new Error(`the uninterrupted ${command} failed`);
const after = await warehouseState(work);
log(
  `# ${new Date().toISOString()} ${command} ${mode}: uninterrupted run ${Math.round(fullMs)} ms, ${full.writes.length} writes`
);

const counts = new Map<string, number>();
let kills = 0;
let bad = 0;
async function record(point: string, kind: string, state: KillState, error?: string) {
  kills++;
  const key = `${kind} → ${state}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
  const ok = state === "before" || state === "after" || (command === "load" && state === "after, marts stale");
  log(`${point}\t${kind}\t${state}${error ? `\t${error}` : ""}`);
  if (!ok) {
    bad++;
    copyFileSync(work, join(dir, `bad-${command}-${kills}.duckdb`));
  }
}

function kindOf(w: TracedWrite, kinds: ReturnType<typeof writeKinds>): string {
  return kinds.header(w) ? "header" : kinds.inPlace(w) ? "in place" : kinds.wal(w) ? "WAL" : "new block";
}

if (mode === "writes") {
  requireStrace();
  const kinds = writeKinds(statSync(base).size);
  const stride = Number(values.stride);
  // Every write once clean; every pwrite64 also torn. checkpointKills' choices come first: the risky ones.
  const risky = checkpointKills(full.writes, statSync(base).size).map((p) => ({write: p.write, torn: p.torn}));
  const all = [
    ...risky,
    ...full.writes
      .filter((_, i) => i % stride === 0)
      .flatMap((write) => [{write, torn: false}, ...(write.syscall === "pwrite64" ? [{write, torn: true}] : [])])
  ];
  for (let round = 1; Date.now() < deadline; round++) {
    for (const {write, torn} of all) {
      if (Date.now() >= deadline) break;
      fresh();
      const run = await runTraced(args(work), {files, killAt: {syscall: write.syscall, call: write.call}});
      if (!run.killedAt) continue;
      if (torn) tearWrite(run.killedAt);
      const outcome = await killOutcome(work, before, after);
      const kind = `${kindOf(run.killedAt, kinds)}${torn ? ", torn" : ""}`;
      await record(`round ${round} ${write.syscall} #${write.call}`, kind, outcome.state, outcome.error);
    }
  }
} else {
  const step = Number(values.step);
  // Every step of the run, visited in an order that spreads them over the whole run from the start (the golden
  // ratio's multiples mod 1), so a short sweep covers the commit at the end as well as the beginning.
  const points = Array.from({length: Math.ceil((fullMs * 1.05) / step)}, (_, i) => i * step);
  const order = points.map((at, i) => ({at, key: (i * 0.6180339887) % 1})).sort((a, b) => a.key - b.key);
  for (let round = 1; Date.now() < deadline; round++) {
    // Each round shifts the grid by a fraction of a step, so rounds fill in between each other's points.
    const shift = ((round - 1) * 7) % step;
    for (const {at: base} of order) {
      if (Date.now() >= deadline) break;
      const at = base + shift;
      fresh();
      const killed = await new Promise<boolean>((resolve, reject) => {
        const child = spawn(process.execPath, [bin, ...args(work)], {stdio: "ignore"});
        const timer = setTimeout(() => child.kill("SIGKILL"), at);
        child.on("error", reject);
        child.on("close", (_code, signal) => {
          clearTimeout(timer);
          resolve(signal === "SIGKILL");
        });
      });
      if (!killed) continue;
      const outcome = await killOutcome(work, before, after);
      const phase = `${Math.floor((at / fullMs) * 10) * 10}–${Math.floor((at / fullMs) * 10) * 10 + 10}% of the run`;
      await record(`round ${round} ${Math.round(at)} ms`, phase, outcome.state, outcome.error);
    }
  }
}

log(`# ${kills} kills, ${bad} left a broken warehouse`);
for (const [key, n] of [...counts].sort()) log(`#   ${key}: ${n}`);
process.exitCode = bad ? 1 : 0;
