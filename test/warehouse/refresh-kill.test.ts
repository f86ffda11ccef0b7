import {copyFileSync, existsSync, rmSync, statSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {checkpointKills, killOutcome, runKilledAt} from "../helpers/kill-outcome.js";
import {sampleWithOrdersHeldBack} from "../helpers/held-back-orders.js";
import {tempDir} from "../helpers/temp.js";
import {requireStrace, runTraced} from "../helpers/traced-run.js";
import {warehouseState} from "../helpers/warehouse-state.js";

/**
 * `jicai refresh` killed with SIGKILL at the writes of its commit — blocks the checkpoint rewrites in place and
 * the header slot, each also torn (half written, as a kill during the write or a power cut leaves it), new blocks
 * and any WAL write — must leave a warehouse that opens and holds the marts from before the refresh or from
 * after it. A torn metadata block was how a killed refresh once left a warehouse that no longer
 * opened ("Corrupt database file … in block at location 3944448"). The long version, many minutes of kills at
 * every write and at fine time steps, is test/crash/sweep.ts.
 */

describe("a refresh killed during its commit", () => {
  const dir = tempDir("jicai-refresh-kill-");

  it("leaves the marts before or after the refresh when killed at its checkpoint's writes, torn or not", async () => {
    requireStrace();
    const {db: base} = sampleWithOrdersHeldBack(dir);
    const work = join(dir, "work.duckdb");
    const files = [work, `${work}.wal`];
    const fresh = () => {
      for (const f of [work, `${work}.wal`, `${work}.guard`]) rmSync(f, {force: true});
      copyFileSync(base, work);
    };
    // An earlier statistics date changes every mart; --full rebuilds every model, so the commit rewrites much.
    const args = ["refresh", "--as-of", "2025-06-30", "--full", "--db", work];
    const before = await warehouseState(base);
    fresh();
    const full = await runTraced(args, {files});
    expect(full.code, full.stderr).toBe(0);
    const after = await warehouseState(work);
    expect(JSON.stringify(after.marts)).not.toBe(JSON.stringify(before.marts));
    // The commit is a checkpoint: nothing goes through the WAL, and the old file is rewritten in place only
    // where the guard covers it.
    expect(full.writes.filter((w) => w.syscall === "write")).toEqual([]);
    expect(existsSync(`${work}.wal`) || existsSync(`${work}.guard`)).toBe(false);

    const plan = checkpointKills(full.writes, statSync(base).size, {sample: true});
    expect(plan.filter((p) => p.why === "block rewritten in place, torn").length).toBeGreaterThan(0);
    expect(plan.some((p) => p.why === "header slot, torn")).toBe(true);
    const lines: string[] = [];
    for (const planned of plan) {
      const run = await runKilledAt(args, files, planned, fresh);
      const outcome = await killOutcome(work, before, after);
      const {syscall, call, offset} = run.killedAt;
      lines.push(`  ${syscall} #${call} at ${offset} (${planned.why}) → ${outcome.state}`);
      expect(outcome.error, lines.at(-1)).toBeUndefined();
      expect(["before", "after"], lines.at(-1)).toContain(outcome.state);
      expect(outcome.leftovers).toEqual([]);
      // A refresh killed inside its checkpoint did not happen: the open says so.
      if (outcome.state === "before") expect(outcome.notices.join("")).toMatch(/上次写入在提交时被中断/);
    }
    console.log(`refresh kills: ${plan.length} writes of ${full.writes.length}\n${lines.join("\n")}`);
  }, 600_000);
});
