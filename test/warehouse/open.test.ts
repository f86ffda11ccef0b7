import {spawn, spawnSync} from "node:child_process";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {setTimeout as sleep} from "node:timers/promises";
import {describe, expect, it} from "vitest";
import {openWarehouse, resolveWaitSeconds} from "../../pipelines/warehouse/open.js";
import {writeOrdersCsv} from "../helpers/orders-csv.js";
import {tempDir} from "../helpers/temp.js";
import {warehouseState} from "../helpers/warehouse-state.js";

/**
 * One writer process at a time: a second command that finds the warehouse busy either waits for it (up to
 * --wait / JICAI_WAIT seconds) or fails at once with a message that says what to do — and the warehouse ends
 * up holding every load that succeeded, exactly.
 */

const bin = fileURLToPath(new URL("../../bin/jicai.js", import.meta.url));
const projectRoot = fileURLToPath(new URL("../../", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(
  args: string[],
  env: Record<string, string> = {}
): {done: Promise<Run>; running: () => boolean; stderr: () => string} {
  const child = spawn(process.execPath, [bin, ...args], {
    env: {...process.env, ...env},
    stdio: ["ignore", "pipe", "pipe"]
  });
  let stdout = "";
  let stderr = "";
  let exited = false;
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const done = new Promise<Run>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      exited = true;
      resolve({code, stdout, stderr});
    });
  });
  return {done, running: () => !exited, stderr: () => stderr};
}

function run(args: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    env: {...process.env, ...env},
    timeout: 120_000
  });
  return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

/**
 * Another process holding the warehouse read-write until released: the busy paths are tested against a holder
 * we control, not against how long a load happens to take on a loaded machine.
 */
async function holdWarehouse(db: string): Promise<{release: () => void}> {
  const script = `import {DuckDBInstance} from "@duckdb/node-api";
const instance = await DuckDBInstance.create(process.argv[1]);
await instance.connect();
process.stdout.write("held\\n");
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script, db], {
    cwd: projectRoot,
    stdio: ["pipe", "pipe", "inherit"]
  });
  await new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`the holder exited (${code}) before holding the warehouse`)));
    child.stdout.on("data", (chunk) => String(chunk).includes("held") && resolve());
  });
  return {release: () => child.stdin.end()};
}

/** Resolves once a started command says it is waiting for the warehouse. */
async function untilWaiting(getStderr: () => string): Promise<void> {
  for (let i = 0; i < 1200 && !/最多等待/.test(getStderr()); i++) await sleep(50);
}

const busyLine = /^jicai (load|query): 数据仓库正忙：.+正被另一个进程（PID \d+）使用.*请等待该加载或构建结束后重试/;

describe("two processes and one warehouse", () => {
  const dir = tempDir("jicai-busy-");

  it("fails at once with --wait 0 and the busy message, waits otherwise, and loses nothing", async () => {
    const big = join(dir, "big.csv");
    const small = join(dir, "small.csv");
    const bigRows = await writeOrdersCsv(big, 150_000, "BIG");
    await writeOrdersCsv(small, 1_000, "SM");
    const db = join(dir, "busy.duckdb");

    const seed = join(dir, "seed.csv");
    const seeded = 100 - (await writeOrdersCsv(seed, 100, "SEED")).rejected;
    expect(run(["load", seed, "--db", db, "--json"]).code).toBe(0);

    const holder = await holdWarehouse(db);
    const refusedLoad = run(["load", small, "--db", db, "--wait", "0", "--json"]);
    const refusedQuery = run(["query", "select count(*) as n from raw_orders", "--db", db, "--json"], {
      JICAI_WAIT: "0"
    });
    for (const refused of [refusedLoad, refusedQuery]) {
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe("");
      expect(refused.stderr.trim().split("\n")).toHaveLength(1);
      expect(refused.stderr.trim()).toMatch(busyLine);
      expect(refused.stderr).toContain("JICAI_WAIT");
    }
    // Started while the file is held, these wait; released, they run one after another and lose nothing.
    const first = start(["load", big, "--db", db, "--json"]);
    const waitingLoad = start(["load", small, "--db", db, "--wait", "120", "--json"]);
    const waitingQuery = start(["query", "select count(*) as n from raw_orders", "--db", db, "--json"], {
      JICAI_WAIT: "120"
    });
    for (const waiting of [first, waitingLoad, waitingQuery]) await untilWaiting(waiting.stderr);
    holder.release();
    const [a, b, q] = await Promise.all([first.done, waitingLoad.done, waitingQuery.done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(q.code, q.stderr).toBe(0);
    expect(a.stderr).toMatch(/数据仓库正忙：.+最多等待 60 秒/);
    expect(b.stderr).toMatch(/数据仓库正忙：.+最多等待 120 秒/);
    expect(q.stderr).toMatch(/数据仓库正忙：.+最多等待 120 秒/);
    const loadedA = JSON.parse(a.stdout);
    const loadedB = JSON.parse(b.stdout);
    expect(loadedA).toMatchObject({
      status: "loaded",
      rows_loaded: 150_000 - bigRows.rejected,
      rows_rejected: bigRows.rejected
    });
    expect(loadedB).toMatchObject({status: "loaded", rows_loaded: 1_000 - 1, rows_rejected: 1});
    // The query ran between whole loads: it saw each of them entirely or not at all.
    const [a1, b1] = [loadedA.rows_loaded, loadedB.rows_loaded];
    expect([seeded, seeded + a1, seeded + b1, seeded + a1 + b1]).toContain(JSON.parse(q.stdout)[0].n);

    const state = await warehouseState(db);
    expect(state.counts).toMatchObject({
      raw_orders: seeded + a1 + b1,
      load_log: 3,
      rejects: bigRows.rejected + 1 + (100 - seeded)
    });
  }, 240_000);

  it("lets two loads started together both finish, one after the other", async () => {
    const files = [join(dir, "together-1.csv"), join(dir, "together-2.csv")];
    await writeOrdersCsv(files[0]!, 20_000, "T1");
    await writeOrdersCsv(files[1]!, 20_000, "T2");
    const db = join(dir, "together.duckdb");
    const runs = await Promise.all(files.map((file) => start(["load", file, "--db", db, "--json"]).done));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const lines = runs.map((r) => JSON.parse(r.stdout));
    expect(lines.map((l) => [l.status, l.rows_loaded, l.rows_rejected])).toEqual([
      ["loaded", 20_000 - 20, 20],
      ["loaded", 20_000 - 20, 20]
    ]);
    expect(new Set(lines.map((l) => l.load_id)).size).toBe(2);
    expect((await warehouseState(db)).counts).toMatchObject({raw_orders: 2 * (20_000 - 20), load_log: 2, rejects: 40});
  }, 240_000);

  it("reads the wait from --wait, then JICAI_WAIT, else 60 seconds, and refuses nonsense", () => {
    const saved = process.env.JICAI_WAIT;
    try {
      delete process.env.JICAI_WAIT;
      expect(resolveWaitSeconds()).toBe(60);
      process.env.JICAI_WAIT = "5";
      expect(resolveWaitSeconds()).toBe(5);
      expect(resolveWaitSeconds("0")).toBe(0);
      expect(() => resolveWaitSeconds("-1")).toThrow(/不小于 0 的秒数/);
      expect(() => resolveWaitSeconds("soon")).toThrow(/“soon”/);
    } finally {
      if (saved === undefined) delete process.env.JICAI_WAIT;
      else process.env.JICAI_WAIT = saved;
    }
  });

  it("does not wait for a warehouse that does not exist", async () => {
    const started = performance.now();
    await expect(openWarehouse(join(dir, "missing.duckdb"), {readOnly: true, waitSeconds: 30})).rejects.toThrow(
      /找不到数据仓库/
    );
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
