import {createHash} from "node:crypto";
import type {DuckDBConnection} from "@duckdb/node-api";
import {referencedNames, type Model} from "./graph.js";
import {relationKind} from "./relations.js";

/**
 * Incremental models (`-- materialized: incremental`) hold order lines classified and summed, with the lines'
 * load_id kept, so a refresh reads only the loads that changed instead of every line again. The model's SQL
 * reads lines only through `where load_id in (select load_id from jc_pending_loads)`; the runner fills that
 * temp table. Rows of stg_orders are only ever inserted under a new load_id or deleted (a corrected file replaces
 * rows by natural key), so a load whose row count is unchanged still holds the same lines.
 *
 * Everything else the model reads — the other tables it joins, the views it reads through, its own SQL, the
 * macros — goes into a fingerprint. While the fingerprint is unchanged the runner deletes the rows of loads whose
 * row count changed and inserts rows for the loads not yet in the table; otherwise it rebuilds the table.
 */
export const orderSource = "stg_orders";
export const pendingLoadsTable = "jc_pending_loads";

/**
 * Columns left out of a table's fingerprint. as_of moves with every orders load (it defaults to the latest order
 * date); the order models read policy_params.order_cutoff instead, which changes only when --as-of cuts off
 * loaded orders. A test checks that no incremental model names as_of.
 */
const unfingerprintedColumns: Record<string, string[]> = {policy_params: ["as_of"]};

export type RefreshMode = "full" | "incremental";

export interface IncrementalRun {
  mode: RefreshMode;
  /** Loads whose lines were read (all loads for a full rebuild). */
  loadsRead: number;
  /** Loads whose rows were deleted because their lines changed or are gone. */
  loadsRemoved: number;
}

/** Row count of every load in stg_orders, read once per refresh. */
export async function orderLoadCounts(conn: DuckDBConnection): Promise<Map<number, number>> {
  const reader = await conn.runAndReadAll(`select load_id, count(*)::bigint as n from ${orderSource} group by load_id`);
  return new Map(reader.getRows().map(([load, n]) => [Number(load), Number(n)]));
}

/** Row count and an order-independent sum of row hashes: changes when any row or column value changes. */
async function contentHash(conn: DuckDBConnection, name: string): Promise<string> {
  const skipped = unfingerprintedColumns[name];
  const relation = skipped ? `(select * exclude (${skipped.join(", ")}) from ${name})` : name;
  const reader = await conn.runAndReadAll(
    `select count(*)::varchar || ':' || coalesce(sum(hash(t)::hugeint), 0)::varchar as h from ${relation} as t`
  );
  return String(reader.getRows()[0]![0]);
}

/**
 * The fingerprint of everything `model` reads besides the order lines: its SQL and the macros; for each view
 * model it reads, that view's SQL and, in turn, what it reads; for each table (a model, stg_*, policy_params),
 * its contents. Names that are neither (CTEs, table functions) are skipped.
 */
export async function modelFingerprint(
  conn: DuckDBConnection,
  model: Model,
  models: Map<string, Model>,
  macrosSql: string
): Promise<string> {
  const parts = [`macros\n${macrosSql}`, `model ${model.name}\n${model.sql}`];
  const seen = new Set<string>([model.name, orderSource, pendingLoadsTable]);
  const visit = async (sql: string): Promise<void> => {
    for (const name of referencedNames(sql)) {
      if (seen.has(name)) continue;
      seen.add(name);
      const view = models.get(name);
      if (view?.materialized === "view") {
        parts.push(`view ${name}\n${view.sql}`);
        await visit(view.sql);
      } else if (await relationKind(conn, name)) {
        parts.push(`table ${name} ${await contentHash(conn, name)}`);
      }
    }
  };
  await visit(model.sql);
  return createHash("sha256").update(parts.join("\n")).digest("hex");
}

async function fillPendingLoads(conn: DuckDBConnection, loads: number[]): Promise<void> {
  await conn.run(`create or replace temp table ${pendingLoadsTable} (load_id integer)`);
  if (loads.length) await conn.run(`insert into ${pendingLoadsTable} values ${loads.map((l) => `(${Math.trunc(l)})`).join(", ")}`);
}

/** Does the warehouse keep incremental state? A lake attached in memory has no migrations: always a full rebuild. */
async function hasStateTables(conn: DuckDBConnection): Promise<boolean> {
  return (await relationKind(conn, "model_state")) === "table" && (await relationKind(conn, "model_loads")) === "table";
}

async function storedState(conn: DuckDBConnection, name: string) {
  const fingerprint = (await conn.runAndReadAll("select fingerprint from model_state where name = $1", [name])).getRows()[0]?.[0];
  const loads = (await conn.runAndReadAll("select load_id, rows from model_loads where name = $1", [name])).getRows();
  return {fingerprint: fingerprint === undefined ? null : String(fingerprint), loads: new Map(loads.map(([l, n]) => [Number(l), Number(n)]))};
}

async function saveState(conn: DuckDBConnection, name: string, fingerprint: string, counts: Map<number, number>, loads: number[], removed: number[]) {
  await conn.run("delete from model_state where name = $1", [name]);
  await conn.run("insert into model_state values ($1, $2, current_timestamp)", [name, fingerprint]);
  const forgotten = [...removed, ...loads];
  if (forgotten.length) await conn.run(`delete from model_loads where name = $1 and load_id in (${forgotten.map(Math.trunc).join(", ")})`, [name]);
  if (loads.length) {
    await conn.run(
      `insert into model_loads values ${loads.map((l) => `($1, ${Math.trunc(l)}, ${counts.get(l)!})`).join(", ")}`,
      [name]
    );
  }
}

/**
 * Brings one incremental model up to date inside the caller's transaction: a full rebuild when `full` is set,
 * the table or its state is missing, or the fingerprint changed; otherwise the changed loads only.
 */
export async function refreshIncremental(
  conn: DuckDBConnection,
  model: Model,
  context: {models: Map<string, Model>; macrosSql: string; counts: Map<number, number>; full: boolean}
): Promise<IncrementalRun> {
  const {counts} = context;
  const fingerprint = await modelFingerprint(conn, model, context.models, context.macrosSql);
  const stateful = await hasStateTables(conn);
  const state = stateful ? await storedState(conn, model.name) : null;
  const current =
    !context.full && state?.fingerprint === fingerprint && (await relationKind(conn, model.name)) === "table";
  if (!current) {
    const loads = [...counts.keys()].sort((a, b) => a - b);
    await fillPendingLoads(conn, loads);
    if ((await relationKind(conn, model.name)) === "view") await conn.run(`drop view ${model.name}`);
    await conn.run(`create or replace table ${model.name} as\n${model.sql}`);
    if (stateful) {
      await conn.run("delete from model_loads where name = $1", [model.name]);
      await saveState(conn, model.name, fingerprint, counts, loads, []);
    }
    return {mode: "full", loadsRead: loads.length, loadsRemoved: 0};
  }
  const held = state!.loads;
  const removed = [...held].filter(([load, rows]) => counts.get(load) !== rows).map(([load]) => load);
  const loads = [...counts.keys()].filter((load) => !held.has(load) || removed.includes(load)).sort((a, b) => a - b);
  if (removed.length) await conn.run(`delete from ${model.name} where load_id in (${removed.map(Math.trunc).join(", ")})`);
  if (loads.length) {
    await fillPendingLoads(conn, loads);
    await conn.run(`insert into ${model.name} by name\n${model.sql}`);
  }
  await saveState(conn, model.name, fingerprint, counts, loads, removed);
  return {mode: "incremental", loadsRead: loads.length, loadsRemoved: removed.length};
}
