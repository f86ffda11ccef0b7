import {spawn} from "node:child_process";
import {copyFileSync, existsSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {describe, expect, it} from "vitest";
import {jicai} from "../helpers/cli.js";
import {writeOrdersCsv} from "../helpers/orders-csv.js";
import {tempDir} from "../helpers/temp.js";
import {warehouseState, type WarehouseState} from "../helpers/warehouse-state.js";

/**
 * `jicai load` is killed with SIGKILL at points spread over a whole run (start-up, reading, the load
 * transaction, its commit, the mart refresh, closing). Each time the warehouse must open and hold exactly what
 * it held before that load — or, when the kill came after the commit, exactly what the finished load gives —
 * and loading the file again must complete with exact accounting and up-to-date marts.
 */

const bin = fileURLToPath(new URL("../../bin/jicai.js", import.meta.url));
const rows = 60_000;
const killPoints = 10;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** When the load's JSON line appeared: the load has committed, the mart refresh starts. */
  committedMs: number | null;
}

function runLoad(file: string, db: string, killAfterMs?: number): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, "load", file, "--db", db, "--json"], {
      stdio: ["ignore", "pipe", "pipe"]
    });
    let stdout = "";
    let stderr = "";
    let committedMs: number | null = null;
    child.stdout.on("data", (chunk) => {
      committedMs ??= performance.now() - started;
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = killAfterMs === undefined ? null : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolvePromise({code, signal, stdout, stderr, ms: performance.now() - started, committedMs});
    });
  });
}

const data = (state: WarehouseState) => ({counts: state.counts, checksums: state.checksums});

describe("a load killed with SIGKILL", () => {
  const dir = tempDir("jicai-crash-");

  it(`leaves the warehouse as it was at each of ${killPoints} kill points, and a rerun completes`, async () => {
    const earlier = join(dir, "earlier.csv");
    const big = join(dir, "big.csv");
    await writeOrdersCsv(earlier, 5_000, "PRE");
    const expected = await writeOrdersCsv(big, rows, "CR");
    const base = join(dir, "base.duckdb");
    expect(jicai(["load", earlier, "--db", base, "--json"]).status).toBe(0);
    const before = await warehouseState(base);
    expect(existsSync(`${base}.wal`)).toBe(false);
    expect(before.counts.raw_orders).toBe(5_000 - 5);

    // One uninterrupted run: its duration spreads the kill points, its result is the only other allowed state.
    const full = join(dir, "full.duckdb");
    copyFileSync(base, full);
    const finished = await runLoad(big, full);
    expect(finished.code).toBe(0);
    expect(JSON.parse(finished.stdout)).toMatchObject({
      status: "loaded",
      rows_read: rows,
      rows_loaded: rows - expected.rejected,
      rows_rejected: expected.rejected
    });
    const after = await warehouseState(full);
    expect(after.counts.raw_orders).toBe(before.counts.raw_orders + rows - expected.rejected);

    const outcomes: {at: number; db: string; killed: boolean; state: "before" | "after" | "after, marts stale"}[] = [];
    // Most kill points fall before the commit (start-up, reading, the load transaction), the rest in the refresh.
    const committed = finished.committedMs!;
    const beforeCommit = killPoints - 3;
    const points = [
      ...Array.from({length: beforeCommit}, (_, i) => committed * (0.2 + (0.85 * (i + 1)) / beforeCommit)),
      ...Array.from({length: 3}, (_, i) => committed + ((finished.ms - committed) * (i + 1)) / 4)
    ].map(Math.round);
    for (const [i, planned] of points.entries()) {
      const db = join(dir, `killed-${i}.duckdb`);
      let at = planned;
      copyFileSync(base, db);
      let run = await runLoad(big, db, at);
      // On a busy machine a run can finish before its kill point: try that point earlier (a fresh copy each time).
      for (let retry = 0; run.signal !== "SIGKILL" && retry < 3; retry++) {
        at = Math.round(at * 0.6);
        copyFileSync(base, db);
        run = await runLoad(big, db, at);
      }
      const state = await warehouseState(db);
      const same = (a: WarehouseState, b: WarehouseState) => JSON.stringify(data(a)) === JSON.stringify(data(b));
      const matches = same(state, before) ? "before" : same(state, after) ? "after" : null;
      expect(
        matches,
        `killed at ${at} ms: the warehouse holds neither the state before the load nor after it`
      ).not.toBeNull();
      // The marts are rebuilt in their own transaction after the load's commit: old or new, never half.
      const stale = matches === "after" && JSON.stringify(state.marts) !== JSON.stringify(after.marts);
      expect(state.marts).toEqual(matches === "before" || stale ? before.marts : after.marts);
      outcomes.push({at, db, killed: run.signal === "SIGKILL", state: stale ? "after, marts stale" : matches!});
    }

    // Rerun the load where a kill left something to finish: the first and last kill that left the state before
    // the load, and the first that left it loaded (with its marts stale, if any kill did that).
    const befores = outcomes.filter((o) => o.state === "before");
    const chosen = new Set([
      befores[0],
      befores.at(-1),
      outcomes.find((o) => o.state === "after, marts stale") ?? outcomes.find((o) => o.state === "after")
    ]);
    const reruns: string[] = [];
    for (const outcome of [...chosen].filter((o) => o !== undefined)) {
      const rerun = await runLoad(big, outcome.db);
      expect(rerun.code, rerun.stderr).toBe(0);
      const line = JSON.parse(rerun.stdout);
      if (outcome.state === "before") {
        expect(line).toMatchObject({
          status: "loaded",
          rows_read: rows,
          rows_loaded: rows - expected.rejected,
          rows_rejected: expected.rejected,
          rows_replaced: 0
        });
      } else {
        expect(line).toMatchObject({status: "unchanged", rows_loaded: rows - expected.rejected});
      }
      const rerunState = await warehouseState(outcome.db);
      expect(rerunState.counts).toEqual(after.counts);
      expect(rerunState.checksums.raw_orders).toBe(after.checksums.raw_orders);
      expect(rerunState.checksums.rejects).toBe(after.checksums.rejects);
      expect(rerunState.marts, `marts after rerunning the load killed at ${outcome.at} ms`).toEqual(after.marts);
      reruns.push(`${outcome.at} ms (${outcome.state}) → ${line.status}`);
    }
    const killed = outcomes.filter((o) => o.killed);
    console.log(
      `crash safety: ${rows} rows, full run ${Math.round(finished.ms)} ms (load committed at ${Math.round(committed)} ms); ${killed.length}/${killPoints} kill points hit a running load:\n` +
        outcomes
          .map((o) => `  ${String(o.at).padStart(6)} ms  ${o.killed ? "killed  " : "finished"}  → ${o.state}`)
          .join("\n") +
        `\n  reruns: ${reruns.join("; ")}`
    );
    expect(killed.length).toBeGreaterThanOrEqual(killPoints - 2);
  }, 300_000);
});
