import type {DuckDBConnection} from "@duckdb/node-api";
import {refreshWarehouse} from "../refresh/refresh-warehouse.js";
import {contracts} from "../sources/index.js";
import {sqlString} from "../warehouse/sql.js";

/**
 * What of each raw table a hospital may see: its own rows where the source has a hospital code (hospitals,
 * orders, agreed volumes, payouts; a region's agreed volume has none and stays out), and the public reference
 * data (batches, winning bids, listing prices, the negotiated-drug catalogue) whole. Rejects and the load log are
 * left out: they quote other hospitals' rows.
 */
const rawFilters = contracts.map((c) => ({
  table: c.table,
  filter: c.columns.some((column) => column.name === "hospital_code") ? "hospital_code = $code" : "true"
}));

/**
 * Fills an empty warehouse (`conn`, already migrated) with one hospital's data from the warehouse attached as
 * `source`, then recomputes every mart from it with the source's as-of date: every figure in the bundle is
 * computed from that hospital's own rows, so no other hospital's data can reach it.
 */
export async function buildHospitalWarehouse(
  conn: DuckDBConnection,
  sourcePath: string,
  hospitalCode: string
): Promise<{asOf: string}> {
  await conn.run(`attach ${sqlString(sourcePath)} as source (read_only)`);
  try {
    const asOf = await sourceAsOf(conn);
    for (const {table, filter} of rawFilters) {
      await conn.run(
        `insert into ${table} by name select * from source.${table} where ${filter.replace("$code", sqlString(hospitalCode))}`
      );
    }
    await conn.run("detach source");
    await refreshWarehouse(conn, {asOf});
    return {asOf};
  } catch (error) {
    await conn.run("detach database if exists source");
    throw error;
  }
}

/** The source's "today" (the as-of date its marts were computed for), so the bundle shows the same figures. */
async function sourceAsOf(conn: DuckDBConnection): Promise<string> {
  const tables = await conn.runAndReadAll(
    "select count(*) from duckdb_tables() where database_name = 'source' and table_name = 'policy_params'"
  );
  if (Number(tables.getRows()[0]![0]) === 0)
    throw new Error("数据仓库中还没有汇总表：请先运行 jicai load 或 jicai refresh");
  const rows = (await conn.runAndReadAll("select as_of::varchar from source.policy_params limit 1")).getRows();
  return String(rows[0]![0]);
}
