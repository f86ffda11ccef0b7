import {copyFileSync} from "node:fs";
import type {DuckDBConnection} from "@duckdb/node-api";
import {loadFile} from "../../load/load-file.js";
import {refreshWarehouse} from "../../refresh/refresh-warehouse.js";
import {openWarehouse} from "../../warehouse/open.js";
import {measure, removeDatabase, type StepOutcome} from "./measure.js";

async function orderCount(db: string): Promise<number> {
  const warehouse = await openWarehouse(db, {readOnly: true});
  try {
    const reader = await warehouse.conn.runAndReadAll("select count(*)::bigint from raw_orders");
    return Number(reader.getRows()[0]![0]);
  } finally {
    warehouse.close();
  }
}

/**
 * The cached warehouse was refreshed by the model SQL of the run that built it. After a model changes, the
 * first refresh of a copy would rebuild that model from every line, not time the refresh a load triggers; so the
 * cache itself is refreshed first, untimed (a no-op when it is current).
 */
async function bringModelsUpToDate(db: string): Promise<void> {
  const warehouse = await openWarehouse(db);
  try {
    await refreshWarehouse(warehouse.conn);
  } finally {
    warehouse.close();
  }
}

/**
 * `full`: every model rebuilt from every order line (`refresh --full`, as after a policy change).
 * `after-load`: the refresh a load triggers — a copy of the warehouse gets one more orders file (not timed),
 * then refreshWarehouse (what the load runs) reads only that load's lines into the incremental models and
 * reruns the checks whose inputs changed.
 * `unchanged`: a refresh with nothing new (run after `full`): the cost of finding that every model is current.
 */
export type RefreshBenchMode = "full" | "after-load" | "unchanged";

export async function refreshMarts(spec: {
  db: string;
  mode: RefreshBenchMode;
  extra?: string;
  scratch?: string;
}): Promise<StepOutcome> {
  let db = spec.db;
  let loaded: number | null = null;
  if (spec.mode === "after-load") {
    await bringModelsUpToDate(spec.db);
    removeDatabase(spec.scratch!);
    copyFileSync(spec.db, spec.scratch!);
    db = spec.scratch!;
    const warehouse = await openWarehouse(db);
    try {
      const [result] = await loadFile(warehouse.conn, spec.extra!);
      if (result?.status !== "loaded") throw new Error(`载入附加订单文件失败：${result?.message ?? ""}`);
      loaded = result.rows_loaded;
    } finally {
      warehouse.close();
    }
  }
  const rows = await orderCount(db);
  const warehouse = await openWarehouse(db);
  try {
    let rebuilt: string[] = [];
    const outcome = await measure(async () => {
      const result = await refreshWarehouse(warehouse.conn, {full: spec.mode === "full"});
      const slowest = [...result.models].sort((a, b) => b.ms - a.ms).slice(0, 6);
      const incremental = result.models.filter((m) => m.mode === "incremental").map((m) => m.name);
      rebuilt = result.models.filter((m) => m.mode === "full" && m.rows !== null).map((m) => m.name);
      return {
        rows,
        detail: {
          models: result.models.length,
          timings: {...result.timings, checks: result.ms.checks},
          slowest: Object.fromEntries(slowest.map((m) => [m.name, m.ms])),
          incremental,
          linesLoaded: loaded
        }
      };
    });
    if (spec.mode === "after-load") outcome.detail.rewriteMs = await rewriteTables(warehouse.conn, rebuilt);
    return outcome;
  } finally {
    warehouse.close();
    if (spec.mode === "after-load") removeDatabase(db);
  }
}

/**
 * The storage floor of a refresh that rebuilds tables: the same tables copied onto themselves (no computation)
 * in one transaction, commit and checkpoint included. Not part of the timed refresh.
 */
async function rewriteTables(conn: DuckDBConnection, tables: string[]): Promise<number> {
  const started = performance.now();
  await conn.run("begin transaction");
  for (const table of tables) await conn.run(`create or replace table ${table} as select * from ${table}`);
  await conn.run("commit");
  return Math.round(performance.now() - started);
}

/** One full scan of the order lines touching every column the marts aggregate most: the refresh's yardstick. */
export const fullScanSql = `select count(*), sum(amount), sum(qty), count(distinct hospital_code), min(order_date), max(order_date)
from raw_orders`;

/**
 * The same scan reading every column of every row (the maximum of each: each value decompressed and compared),
 * reported beside the yardstick above: the refresh reads most of the lines' columns, the yardstick four of them.
 */
async function allColumnsScanSql(conn: DuckDBConnection): Promise<string> {
  const reader = await conn.runAndReadAll(
    "select column_name from duckdb_columns() where schema_name = 'main' and table_name = 'raw_orders' order by column_index"
  );
  const columns = reader.getRows().map(([name]) => `max("${String(name)}")`);
  return `select count(*), ${columns.join(", ")} from raw_orders`;
}

export async function scanOrders(db: string, columns: "yardstick" | "all" = "yardstick"): Promise<StepOutcome> {
  const warehouse = await openWarehouse(db, {readOnly: true});
  try {
    const sql = columns === "all" ? await allColumnsScanSql(warehouse.conn) : fullScanSql;
    return await measure(async () => {
      const reader = await warehouse.conn.runAndReadAll(sql);
      const [count, amount] = reader.getRows()[0]!;
      const detail = columns === "all" ? {columns: reader.columnCount - 1} : {amount: String(amount)};
      return {rows: Number(count), detail};
    });
  } finally {
    warehouse.close();
  }
}
