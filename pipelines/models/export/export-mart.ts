import {mkdirSync} from "node:fs";
import {dirname, extname, resolve} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {martColumnLabels, martNames, martTitles, martValueLabels} from "../labels.js";
import {toCell, type CellValue} from "./cells.js";
import {writeCsv, type RowSource} from "./write-csv.js";
import {writeXlsx} from "./write-xlsx.js";

export const exportableTables: readonly string[] = [...martNames, "data_quality_notes", "check_results"];
export type ExportFormat = "xlsx" | "csv" | "parquet";

export function exportFormat(path: string): ExportFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".xlsx") return "xlsx";
  if (ext === ".csv") return "csv";
  if (ext === ".parquet") return "parquet";
  throw new Error(`不支持的导出格式 “${ext || path}”：请用 .xlsx、.csv 或 .parquet 结尾的文件名`);
}

async function tableColumns(conn: DuckDBConnection, table: string): Promise<string[]> {
  const reader = await conn.runAndReadAll(
    "select column_name from duckdb_columns() where table_name = $1 and schema_name = 'main' order by column_index",
    [table]
  );
  return reader.getRowObjectsJS().map((r) => String(r.column_name));
}

/** Code values (over_limit, matched …) shown by their Chinese names in spreadsheets. */
function valueLabel(column: string, value: unknown): unknown {
  const labels = martValueLabels[column];
  return labels && typeof value === "string" ? (labels[value] ?? value) : value;
}

async function* rowBatches(conn: DuckDBConnection, table: string, columns: string[]): AsyncIterable<CellValue[][]> {
  const result = await conn.stream(`select * from ${table}`);
  for await (const rows of result.yieldRowObjectJs()) {
    yield rows.map((row) => columns.map((c) => toCell(valueLabel(c, row[c]))));
  }
}

/**
 * Writes one mart to .xlsx (Chinese headers and code values, text never a formula), .csv (UTF-8 with BOM, same
 * safety) or .parquet (DuckDB COPY, English column names and codes for other engines). Returns the row count.
 */
export async function exportMart(conn: DuckDBConnection, mart: string, outPath: string): Promise<number> {
  if (!exportableTables.includes(mart)) {
    throw new Error(`没有名为 “${mart}” 的数据集市（可导出：${exportableTables.join(", ")}）`);
  }
  const format = exportFormat(outPath);
  const columns = await tableColumns(conn, mart);
  if (columns.length === 0) throw new Error(`数据仓库中还没有 ${mart}：请先运行 jicai load 或 jicai refresh`);
  const path = resolve(outPath);
  mkdirSync(dirname(path), {recursive: true});
  if (format === "parquet") {
    await conn.run(
      `copy (select * from ${mart}) to '${path.replaceAll("'", "''")}' (format parquet, compression zstd)`
    );
    const reader = await conn.runAndReadAll(`select count(*)::integer as n from ${mart}`);
    return Number(reader.getRowObjectsJS()[0]!.n);
  }
  const labels = martColumnLabels[mart] ?? {};
  const source: RowSource = {headers: columns.map((c) => labels[c] ?? c), batches: rowBatches(conn, mart, columns)};
  return format === "csv" ? writeCsv(path, source) : writeXlsx(path, martTitles[mart] ?? mart, source);
}
