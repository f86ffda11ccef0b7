import {existsSync} from "node:fs";
import {DuckDBInstance} from "@duckdb/node-api";
import {guardPath, restoringMarkers} from "../../pipelines/warehouse/checkpoint-guard.js";
import {blocksStart} from "../../pipelines/warehouse/duckdb-file.js";
import {openWarehouse} from "../../pipelines/warehouse/open.js";
import {runTraced, tearNextHeader, tearWrite, type TracedRun, type TracedWrite} from "./traced-run.js";
import {warehouseState, type WarehouseState} from "./warehouse-state.js";

/**
 * What a killed command left: the warehouse is opened the way the next command opens it (which writes back an
 * interrupted checkpoint's guard and removes an interrupted load's rows), then compared with the states before
 * and after an uninterrupted run. A load's marts are rebuilt after its commit, in a transaction of their own, so
 * "after, marts stale" (loaded, marts as before) is a whole state too; anything else is a broken warehouse.
 */
export type KillState = "before" | "after" | "after, marts stale" | "other" | "does not open";

export interface KillOutcome {
  state: KillState;
  /** What the open said it repaired. */
  notices: string[];
  error?: string;
  /** A guard or restoring marker still beside the file after the open. */
  leftovers: string[];
}

const data = (s: WarehouseState) => JSON.stringify({counts: s.counts, checksums: s.checksums});

export async function killOutcome(db: string, before: WarehouseState, after: WarehouseState): Promise<KillOutcome> {
  const notices: string[] = [];
  try {
    const warehouse = await openWarehouse(db, {waitSeconds: 0, onNotice: (m) => notices.push(m)});
    warehouse.close();
  } catch (error) {
    return {state: "does not open", notices, error: (error as Error).message, leftovers: []};
  }
  const leftovers = [guardPath(db), ...restoringMarkers(db).map((m) => m.path)].filter((f) => existsSync(f));
  let state: WarehouseState;
  try {
    await readEveryTable(db);
    state = await warehouseState(db);
  } catch (error) {
    return {state: "does not open", notices, error: (error as Error).message, leftovers};
  }
  const marts = JSON.stringify(state.marts);
  let kind: KillState = "other";
  if (data(state) === data(before) && marts === JSON.stringify(before.marts)) kind = "before";
  else if (data(state) === data(after) && marts === JSON.stringify(after.marts)) kind = "after";
  else if (data(state) === data(after) && marts === JSON.stringify(before.marts)) kind = "after, marts stale";
  return {state: kind, notices, leftovers};
}

/** Reads every row of every table, so a damaged block anywhere fails (DuckDB checks each block it reads). */
async function readEveryTable(db: string): Promise<void> {
  const instance = await DuckDBInstance.create(db, {access_mode: "READ_ONLY"});
  const conn = await instance.connect();
  try {
    const tables = (
      await conn.runAndReadAll("select table_name from duckdb_tables() where schema_name = 'main' order by 1")
    ).getRows();
    for (const [table] of tables) await conn.run(`select count(*), sum(hash(t)) from "${String(table)}" t`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** A write to kill a command at: `torn` also spoils the second half of what it would have written. */
export interface PlannedKill {
  write: TracedWrite;
  torn: boolean;
  why: string;
  /** Which writes count as this kill point (DuckDB's block order varies a little between runs). */
  kind: (w: TracedWrite) => boolean;
  /** Also checked after the kill: the run stopped where planned (e.g. before the header was written). */
  landed?: () => boolean;
  /** Spoil the header slot the checkpoint would have written next: with a kill before it, a torn header write. */
  tearNextHeader?: boolean;
}

/** The kinds of write a command makes to a warehouse whose file was `oldSize` bytes before it. */
export function writeKinds(oldSize: number) {
  const block = (w: TracedWrite) => w.syscall === "pwrite64";
  return {
    header: (w: TracedWrite) => block(w) && w.offset! < blocksStart,
    inPlace: (w: TracedWrite) => block(w) && w.offset! >= blocksStart && w.offset! < oldSize,
    newBlock: (w: TracedWrite) => block(w) && w.offset! >= oldSize,
    wal: (w: TracedWrite) => w.syscall === "write",
    sync: (w: TracedWrite) => w.syscall === "fsync"
  };
}

/**
 * Kill points for a checkpoint's writes: blocks of the old file rewritten in place (the metadata blocks) and the
 * header slots, torn, since a torn one is what breaks a warehouse; the first and last writes to new blocks and
 * each WAL write, clean. With `sample`, only the first, middle and last in-place writes (CI; the sweep takes all).
 */
export function checkpointKills(writes: TracedWrite[], oldSize: number, {sample = false} = {}): PlannedKill[] {
  const kinds = writeKinds(oldSize);
  const rewritten = writes.filter(kinds.inPlace);
  const picked = sample
    ? [...new Set([rewritten[0], rewritten[Math.floor(rewritten.length / 2)], rewritten.at(-1)])]
    : rewritten;
  const fresh = writes.filter(kinds.newBlock);
  return [
    ...picked
      .filter((w) => w !== undefined)
      .map((write) => ({write, torn: true, why: "block rewritten in place, torn", kind: kinds.inPlace})),
    ...writes.filter(kinds.header).map((write) => ({write, torn: true, why: "header slot, torn", kind: kinds.header})),
    ...[...new Set([fresh[0], fresh.at(-1)])]
      .filter((w) => w !== undefined)
      .map((write) => ({write, torn: false, why: "new block", kind: kinds.newBlock})),
    ...writes.filter(kinds.wal).map((write) => ({write, torn: false, why: "WAL write", kind: kinds.wal}))
  ];
}

/**
 * Runs `args` killed at the planned write, tearing it if planned. The n-th write is not always the same block
 * from run to run, so when the write killed is not of the planned kind the run is repeated at the neighbouring
 * counts. `fresh` puts the warehouse back before each run.
 */
export async function runKilledAt(
  args: string[],
  files: string[],
  {write, torn, kind, landed, tearNextHeader: tearHeader}: PlannedKill,
  fresh: () => void
): Promise<TracedRun & {killedAt: TracedWrite}> {
  let last: TracedRun | null = null;
  for (const shift of [0, -1, 1, -2, 2]) {
    fresh();
    const run = await runTraced(args, {files, killAt: {syscall: write.syscall, call: write.call + shift}});
    last = run;
    if (!run.killedAt || !kind(run.killedAt) || (landed && !landed())) continue;
    if (torn) tearWrite(run.killedAt);
    if (tearHeader) tearNextHeader(run.killedAt.file);
    return {...run, killedAt: run.killedAt};
  }
  throw new Error(
    `no run was killed at a write like ${write.syscall} #${write.call} at ${write.offset} (last: ${JSON.stringify(last?.killedAt)})`
  );
}
