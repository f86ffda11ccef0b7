import {copyFileSync, rmSync, statSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {activeHeader} from "../../pipelines/warehouse/duckdb-file.js";
import {jicai} from "../helpers/cli.js";
import {killOutcome, runKilledAt, writeKinds, type PlannedKill} from "../helpers/kill-outcome.js";
import {writeOrdersCsv} from "../helpers/orders-csv.js";
import {tempDir} from "../helpers/temp.js";
import {requireStrace, runTraced} from "../helpers/traced-run.js";
import {warehouseState} from "../helpers/warehouse-state.js";

/**
 * A load of a million lines, killed with SIGKILL during its commit, must leave the file loaded whole — rows,
 * rejects and load_log row — or not at all, and the file must load again. DuckDB writes a large insert to the
 * database file while the transaction runs; committed through the WAL, a kill before the WAL's commit marker
 * left every row in raw_orders and no load_log row (8 of 8 kills of a 1.2 M-line file; the 60 000-row
 * crash-safety test never saw it), and reloading then failed the row accounting forever. The commit is now a
 * checkpoint: this test kills it mid-insert, at a metadata block it rewrites in place (torn), at its new blocks
 * and at its header (torn).
 */

const rows = 1_000_000;

describe("a million-line load killed during its commit", () => {
  const dir = tempDir("jicai-big-kill-");

  it("leaves the file loaded whole or not at all, and the file loads again", async () => {
    requireStrace();
    const earlier = join(dir, "earlier.csv");
    const big = join(dir, "big.csv");
    await writeOrdersCsv(earlier, 5_000, "PRE");
    const expected = await writeOrdersCsv(big, rows, "BIG");
    const base = join(dir, "base.duckdb");
    expect(jicai(["load", earlier, "--db", base, "--json"]).status).toBe(0);
    const before = await warehouseState(base);
    const work = join(dir, "work.duckdb");
    const files = [work, `${work}.wal`];
    const fresh = () => {
      for (const f of [work, `${work}.wal`, `${work}.guard`]) rmSync(f, {force: true});
      copyFileSync(base, work);
    };
    const args = ["load", big, "--db", work, "--json"];

    fresh();
    const full = await runTraced(args, {files, traceStdout: true});
    expect(full.code, full.stderr).toBe(0);
    expect(JSON.parse(full.stdout.split("\n")[0]!)).toMatchObject({
      status: "loaded",
      rows_read: rows,
      rows_loaded: rows - expected.rejected,
      rows_rejected: expected.rejected
    });
    const after = await warehouseState(work);
    // The load's writes: those before it printed its result (the mart refresh comes after).
    const commit = full.writes.slice(
      0,
      full.writes.findIndex((w) => w.file === "stdout")
    );
    expect(commit.length).toBeGreaterThan(0);
    // Nothing of the load went through the WAL: its row-group pointers there were what a kill tore apart.
    expect(commit.filter((w) => w.syscall === "write")).toEqual([]);
    const kinds = writeKinds(statSync(base).size);
    const baseIteration = activeHeader(base)!.iteration;
    const [rewritten, header, fresher] = [kinds.inPlace, kinds.header, kinds.newBlock].map((k) => commit.filter(k));
    expect(rewritten!.length && header!.length && fresher!.length).toBeGreaterThan(0);
    const plan: PlannedKill[] = [
      {write: fresher![0]!, torn: false, why: "first write of the insert", kind: kinds.newBlock},
      {
        write: rewritten![Math.floor(rewritten!.length / 2)]!,
        torn: true,
        why: "metadata block, torn",
        kind: kinds.inPlace
      },
      {write: fresher!.at(-1)!, torn: false, why: "last new block of the checkpoint", kind: kinds.newBlock},
      // The header's own write number varies with the blocks before it; the fsync DuckDB makes just before
      // writing it does not. Killed there, and the slot it was about to write spoiled: a torn header write.
      {
        write: commit.filter((w, i) => kinds.sync(w) && i < commit.indexOf(header!.at(-1)!)).at(-1)!,
        torn: false,
        tearNextHeader: true,
        why: "header slot, torn",
        kind: kinds.sync,
        landed: () => activeHeader(work)!.iteration === baseIteration
      }
    ];

    const lines: string[] = [];
    const killed: {db: string; state: string}[] = [];
    for (const [i, planned] of plan.entries()) {
      const run = await runKilledAt(args, files, planned, fresh);
      const outcome = await killOutcome(work, before, after);
      const {syscall, call, offset} = run.killedAt;
      lines.push(`  ${syscall} #${call} at ${offset} (${planned.why}) → ${outcome.state}`);
      expect(outcome.error, lines.at(-1)).toBeUndefined();
      expect(["before", "after", "after, marts stale"], lines.at(-1)).toContain(outcome.state);
      expect(outcome.leftovers).toEqual([]);
      const kept = join(dir, `killed-${i}.duckdb`);
      copyFileSync(work, kept);
      killed.push({db: kept, state: outcome.state});
    }
    console.log(
      `million-line load: ${full.writes.length} writes, ${commit.length} before its result\n${lines.join("\n")}`
    );

    // Loading the file again completes with exact accounting wherever a kill left the warehouse.
    for (const {db, state} of [killed[0]!, killed.at(-1)!]) {
      const rerun = jicai(["load", big, "--db", db, "--json"]);
      expect(rerun.status, rerun.stderr).toBe(0);
      expect(JSON.parse(rerun.stdout)).toMatchObject({
        status: state === "before" ? "loaded" : "unchanged",
        rows_loaded: rows - expected.rejected,
        rows_rejected: expected.rejected
      });
      const again = await warehouseState(db);
      expect(again.counts).toEqual(after.counts);
      expect(again.checksums.raw_orders).toBe(after.checksums.raw_orders);
      expect(again.marts).toEqual(after.marts);
    }
  }, 600_000);
});
