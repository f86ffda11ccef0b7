import type {DuckDBConnection} from "@duckdb/node-api";
import {pendingLoadsTable, type LoadCounts} from "./fingerprint.js";
import type {Model} from "./models.js";
import {clearLoads, saveFingerprint, saveLoads, storedLoads} from "./state.js";

/**
 * An incremental model (`materialized: incremental` with `loads_of: [tables]` in its descriptor) keeps the
 * load_id of the rows it read from those tables, so a refresh reads only the loads that changed instead of every
 * row again. Its SQL reads them only through `where load_id in (select load_id from pending_loads)`; the runner
 * fills that temp table. Rows of those tables are only ever inserted under a new load_id or deleted (a corrected
 * file replaces rows by natural key), so a load whose row count is unchanged still holds the same rows.
 *
 * Everything else the model reads goes into its fingerprint (fingerprint.ts). While the fingerprint is
 * unchanged the runner deletes the rows of loads whose row count changed and inserts rows for the loads not yet
 * in the table; otherwise it rebuilds the table.
 */
export type RefreshMode = "full" | "incremental";

export interface IncrementalRun {
  mode: RefreshMode;
  /** Loads whose lines were read (all loads for a full rebuild). */
  loadsRead: number;
  /** Loads whose rows were deleted because their lines changed or are gone. */
  loadsRemoved: number;
}

async function fillPendingLoads(conn: DuckDBConnection, loads: number[]): Promise<void> {
  await conn.run(`create or replace temp table ${pendingLoadsTable} (load_id integer)`);
  if (loads.length)
    await conn.run(`insert into ${pendingLoadsTable} values ${loads.map((l) => `(${Math.trunc(l)})`).join(", ")}`);
}

/**
 * Brings one incremental model up to date inside the caller's transaction: a full rebuild when `full` is set,
 * the table or its state is missing, or the fingerprint changed; otherwise the changed loads only. The caller
 * passes what it already read: the stored fingerprint (null without state tables) and the relation's kind.
 */
export async function refreshIncremental(
  conn: DuckDBConnection,
  model: Model,
  context: {
    fingerprint: string;
    stored: string | null;
    stateful: boolean;
    existing: "table" | "view" | undefined;
    counts: LoadCounts;
    full: boolean;
  }
): Promise<IncrementalRun> {
  const {counts, fingerprint, stateful, existing} = context;
  const current = !context.full && context.stored === fingerprint && existing === "table";
  if (!current) {
    const loads = [...counts.keys()].sort((a, b) => a - b);
    await fillPendingLoads(conn, loads);
    if (existing === "view") await conn.run(`drop view ${model.name}`);
    await conn.run(`create or replace table ${model.name} as\n${model.sql}`);
    if (stateful) {
      await saveFingerprint(conn, model.name, fingerprint);
      await clearLoads(conn, model.name);
      await saveLoads(conn, model.name, counts, loads, []);
    }
    return {mode: "full", loadsRead: loads.length, loadsRemoved: 0};
  }
  const held = await storedLoads(conn, model.name);
  const removed = [...held].filter(([load, rows]) => counts.get(load) !== rows).map(([load]) => load);
  const loads = [...counts.keys()].filter((load) => !held.has(load) || removed.includes(load)).sort((a, b) => a - b);
  if (removed.length)
    await conn.run(`delete from ${model.name} where load_id in (${removed.map(Math.trunc).join(", ")})`);
  if (loads.length) {
    await fillPendingLoads(conn, loads);
    await conn.run(`insert into ${model.name} by name\n${model.sql}`);
  }
  await saveLoads(conn, model.name, counts, loads, removed);
  return {mode: "incremental", loadsRead: loads.length, loadsRemoved: removed.length};
}
