import {copyFileSync, existsSync, rmSync, statSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {jicai} from "../helpers/cli.js";
import {killOutcome, writeKinds} from "../helpers/kill-outcome.js";
import {expectCleanMessage} from "../helpers/messages.js";
import {writeOrdersCsv} from "../helpers/orders-csv.js";
import {tempDir} from "../helpers/temp.js";
import {requireStrace, runTraced, type TracedWrite} from "../helpers/traced-run.js";
import {warehouseState} from "../helpers/warehouse-state.js";

/**
 * A disk that fills up during `jicai load`: from a chosen write on, every write to the warehouse and its WAL
 * fails with ENOSPC (strace's fault injection — the same as a full disk to DuckDB, and possible on any CI
 * machine, where mounting a small tmpfs may not be). Wherever the disk fills — while the rows are inserted, in
 * the commit's checkpoint, at its header, during the mart refresh after the commit — the command must stop with
 * one Chinese line that says the disk is full, leave a warehouse that opens whole (before the load, or loaded
 * with the previous marts), and once there is space again the same command must complete. Before, a disk that
 * filled at the end reported success and left a WAL after which `check` and `refresh` failed with DuckDB's
 * "cannot rollback - no transaction is active"; elsewhere users saw "TransactionContext Error: Failed to commit".
 */

describe("a disk that fills up during a load", () => {
  const dir = tempDir("jicai-full-disk-");

  it("stops with one Chinese line, leaves the warehouse whole, and the same load completes later", async () => {
    requireStrace();
    const earlier = join(dir, "earlier.csv");
    const file = join(dir, "orders.csv");
    await writeOrdersCsv(earlier, 2_000, "PRE");
    const expected = await writeOrdersCsv(file, 150_000, "FULL");
    const base = join(dir, "base.duckdb");
    expect(jicai(["load", earlier, "--db", base, "--json"]).status).toBe(0);
    const before = await warehouseState(base);
    const work = join(dir, "work.duckdb");
    const files = [work, `${work}.wal`];
    const fresh = () => {
      for (const f of [work, `${work}.wal`, `${work}.guard`]) rmSync(f, {force: true});
      copyFileSync(base, work);
    };
    const args = ["load", file, "--db", work, "--json"];

    fresh();
    const full = await runTraced(args, {files, traceStdout: true});
    expect(full.code, full.stderr).toBe(0);
    const after = await warehouseState(work);
    const printed = full.writes.findIndex((w) => w.file === "stdout");
    const load = full.writes.slice(0, printed);
    const refresh = full.writes.slice(printed + 1).filter((w) => w.file !== "stdout");
    const kinds = writeKinds(statSync(base).size);
    // The load's commit writes one header; every header after it is the refresh's. Which commit a write belongs to
    // is told by the headers written before it in the same run (call numbers shift a little between runs).
    expect(load.filter(kinds.header).length).toBe(1);
    type Kind = (w: TracedWrite, headersBefore: number) => boolean;
    const inLoad =
      (kind: (w: TracedWrite) => boolean): Kind =>
      (w, headers) =>
        kind(w) && headers === 0;
    const points: [string, TracedWrite | undefined, Kind][] = [
      ["while the rows are inserted", load.find(kinds.newBlock), inLoad(kinds.newBlock)],
      ["at a block the commit rewrites in place", load.find(kinds.inPlace), inLoad(kinds.inPlace)],
      ["at the commit's header", load.find(kinds.header), inLoad(kinds.header)],
      ["in the mart refresh after the commit", refresh.find((w) => w.syscall === "pwrite64"), (_, h) => h > 0]
    ];

    // The n-th write is not always the same block from run to run: shift until the first failing write is the
    // kind wanted.
    const fillDiskAt = async (write: TracedWrite, kind: Kind) => {
      for (const shift of [0, -1, 1, -2, 2]) {
        fresh();
        const run = await runTraced(args, {
          files,
          diskFullFrom: [
            {syscall: "pwrite64", call: write.call + shift},
            {syscall: "write", call: 1}
          ]
        });
        const failed = run.firstFailed;
        const headersBefore = failed ? run.writes.slice(0, run.writes.indexOf(failed)).filter(kinds.header).length : 0;
        if (failed && kind(failed, headersBefore)) return run;
      }
      throw new Error(`the disk never filled at a write like pwrite64 #${write.call}`);
    };

    const lines: string[] = [];
    for (const [where, write, kind] of points) {
      expect(write, where).toBeDefined();
      const run = await fillDiskAt(write!, kind);
      const last = run.stderr.trim().split("\n").at(-1)!;
      lines.push(`  disk full ${where} (pwrite64 #${run.firstFailed!.call}): exit ${run.code}; ${last}`);
      expect(run.code, lines.at(-1)).toBe(1);
      expect(last).toMatch(/^jicai load: /);
      expectCleanMessage(last.replace(/^jicai load: /, ""), where);
      expect(last).toContain("磁盘空间不足");
      expect(run.stderr).not.toMatch(/Error:|\n\s+at /);

      const outcome = await killOutcome(work, before, after);
      expect(outcome.error, where).toBeUndefined();
      expect(["before", "after, marts stale"], where).toContain(outcome.state);
      expect(outcome.leftovers).toEqual([]);
      expect(existsSync(`${work}.wal`), where).toBe(false);

      // Space again: the same command completes, and the warehouse is the one an uninterrupted load makes.
      const rerun = jicai(args);
      expect(rerun.status, rerun.stderr).toBe(0);
      expect(JSON.parse(rerun.stdout)).toMatchObject({
        status: outcome.state === "before" ? "loaded" : "unchanged",
        rows_loaded: 150_000 - expected.rejected,
        rows_rejected: expected.rejected
      });
      const again = await warehouseState(work);
      expect(again.counts).toEqual(after.counts);
      expect(again.checksums).toEqual(after.checksums);
      expect(again.marts).toEqual(after.marts);
    }
    const check = jicai(["check", "--db", work]);
    expect(check.status, check.stderr).toBe(0);
    console.log(`full disk:\n${lines.join("\n")}`);
  }, 600_000);
});
