import {basename} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {contracts} from "../sources/index.js";
import {inTransaction} from "./durable.js";

/**
 * Defence in depth for the one-transaction rule of a load (rows, rejects and the load_log row together): rows of a
 * raw_* table, or rejects, whose load_id has no `loaded` row in load_log can only be what a load killed during
 * its commit left behind (DuckDB 1.5 replays a torn commit's large inserts without the rest — durable.ts). Found
 * when the warehouse is opened for writing, they are removed in one transaction, and so is the record that the
 * marts are current (they may have been built from those rows), so the next load or refresh rebuilds them.
 * Returns the line to tell the user, or null when there was nothing to remove.
 */
export async function removeInterruptedLoads(conn: DuckDBConnection): Promise<string | null> {
  const loaded = "select load_id from load_log where status = 'loaded'";
  const found: {table: string; loadId: number; file: string; rows: number}[] = [];
  for (const {table} of contracts) {
    const rows = (
      await conn.runAndReadAll(
        `select load_id, any_value(source_file) as file, count(*) as n from ${table} t
         where not exists (select 1 from (${loaded}) l where l.load_id = t.load_id) group by load_id order by load_id`
      )
    ).getRowObjectsJS();
    for (const r of rows) found.push({table, loadId: Number(r.load_id), file: String(r.file), rows: Number(r.n)});
  }
  const rejects = Number(
    (
      await conn.runAndReadAll(
        `select count(*) from rejects r where not exists (select 1 from (${loaded}) l where l.load_id = r.load_id)`
      )
    ).getRows()[0]![0]
  );
  if (found.length === 0 && rejects === 0) return null;
  await inTransaction(conn, async () => {
    for (const table of new Set(found.map((f) => f.table))) {
      await conn.run(
        `delete from ${table} t where not exists (select 1 from (${loaded}) l where l.load_id = t.load_id)`
      );
    }
    await conn.run(`delete from rejects r where not exists (select 1 from (${loaded}) l where l.load_id = r.load_id)`);
    await conn.run("delete from marts_refreshed");
  });
  const rows = found.reduce((sum, f) => sum + f.rows, 0);
  const files = [...new Set(found.map((f) => basename(f.file)))];
  const named = files.length
    ? `（${files.slice(0, 3).join("、")}${files.length > 3 ? ` 等 ${files.length} 个文件` : ""}）`
    : "";
  return `发现上次被中断的载入留下的 ${rows} 行数据和 ${rejects} 条拒绝记录${named}，它们没有载入记录：已全部清除，数据仓库回到那次载入之前；请重新载入这些文件，汇总表将在下次 jicai load 或 jicai refresh 时重建。`;
}
