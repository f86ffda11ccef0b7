import {existsSync} from "node:fs";
import {join} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {inTransaction} from "./durable.js";
import {sqlFilePath} from "./sql.js";

export interface RestoredTable {
  table: string;
  rows: number;
}

/** Refuses a folder that is not an EXPORT DATABASE backup of a warehouse, saying what is missing. */
export function checkExportDir(dir: string): void {
  const needed = ["schema.sql", "load_log.parquet", "rejects.parquet"].filter((f) => !existsSync(join(dir, f)));
  if (needed.length) throw new Error(`${dir} 不是 EXPORT DATABASE 导出的备份目录（缺少 ${needed.join("、")}）`);
}

/**
 * Fills a freshly migrated warehouse from a folder written by `EXPORT DATABASE '…' (FORMAT parquet)`, in one
 * transaction: every table the migrations created (load_log, rejects, raw_*, …) takes its rows from the
 * backup's Parquet file by column name, and the load_id sequence continues after the highest load restored.
 * The marts are not copied; the caller rebuilds them. (DuckDB's IMPORT DATABASE cannot replay this schema:
 * it exports macros alphabetically, and jc_content calls jc_content_parse before it exists.)
 */
export async function restoreFromExport(conn: DuckDBConnection, dir: string): Promise<RestoredTable[]> {
  const tables = (
    await conn.runAndReadAll(
      "select table_name from duckdb_tables() where schema_name = 'main' and not temporary and table_name <> 'schema_migrations' order by table_name"
    )
  )
    .getRows()
    .map((r) => String(r[0]));
  checkExportDir(dir);
  const restored: RestoredTable[] = [];
  try {
    await inTransaction(conn, async () => {
      for (const table of tables) {
        const file = join(dir, `${table}.parquet`);
        if (!existsSync(file)) continue;
        const inserted = await conn.run(
          `insert into ${table} by name select * from read_parquet(${sqlFilePath(file)})`
        );
        restored.push({table, rows: Number(inserted.rowsChanged)});
      }
    });
  } catch (error) {
    throw new Error(`恢复失败，数据仓库未改变：${(error as Error).message.split("\n")[0]}`);
  }
  return restored;
}
