import {DuckDBInstance} from "@duckdb/node-api";
import {martNames} from "../../pipelines/models/marts.js";
import {contracts} from "../../pipelines/sources/index.js";

/**
 * What a warehouse holds, as comparable numbers: row counts of every staging table, load_log and rejects, and
 * order-independent checksums of raw_orders, load_log (without its timestamps), rejects and every mart.
 */
export interface WarehouseState {
  counts: Record<string, number>;
  checksums: Record<string, string>;
  marts: Record<string, string>;
}

const loadLogColumns =
  "load_id, file, file_name, sheet, sha256, source, rows_read, rows_loaded, rows_rejected, rows_replaced, status, message";

/** Opens the file the way the next command would (read-write, replaying the WAL) and reads its state. */
export async function warehouseState(path: string): Promise<WarehouseState> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  const value = async (sql: string) => String((await conn.runAndReadAll(sql)).getRows()[0]![0] ?? "0");
  try {
    const counts: Record<string, number> = {};
    for (const table of [...contracts.map((c) => c.table), "load_log", "rejects"])
      counts[table] = Number(await value(`select count(*) from ${table}`));
    const checksums = {
      raw_orders: await value("select coalesce(sum(hash(t)::hugeint), 0)::varchar from raw_orders t"),
      load_log: await value(`select coalesce(sum(hash(${loadLogColumns})::hugeint), 0)::varchar from load_log`),
      rejects: await value("select coalesce(sum(hash(t)::hugeint), 0)::varchar from rejects t")
    };
    const existing = new Set(
      (
        await conn.runAndReadAll(
          "select table_name from duckdb_tables() where schema_name = 'main' union all select view_name from duckdb_views() where schema_name = 'main'"
        )
      )
        .getRows()
        .map((r) => String(r[0]))
    );
    const marts: Record<string, string> = {};
    for (const mart of martNames.filter((m) => existing.has(m))) {
      marts[mart] = await value(`select count(*) || ':' || coalesce(sum(hash(t)::hugeint), 0) from ${mart} t`);
    }
    return {counts, checksums, marts};
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
