import {mkdirSync} from "node:fs";
import {dirname, extname, resolve} from "node:path";
import type {DuckDBConnection} from "@duckdb/node-api";
import {martColumnLabels, martNames, martTitle, martValueLabels} from "../models/marts.js";
import {checkResultsColumns} from "../runner/checks.js";
import {toCell, type CellValue} from "./cells.js";
import {writeCsv, type RowSource} from "./write-csv.js";
import {writeXlsx} from "./write-xlsx.js";

const checkResultsTable = "check_results";
export const exportableTables: readonly string[] = [...martNames, checkResultsTable];
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

/** What a table's columns and code values are called in a spreadsheet, and its sheet name. */
interface Described {
  title: string;
  columns: Record<string, string>;
  values: (column: string) => Record<string, string>;
}

function described(table: string): Described {
  if (table === checkResultsTable)
    return {
      title: checkResultsColumns.title,
      columns: checkResultsColumns.columns,
      values: (c) => checkResultsColumns.values[c] ?? {}
    };
  return {title: martTitle(table), columns: martColumnLabels(table), values: (c) => martValueLabels(table, c)};
}

async function* rowBatches(
  conn: DuckDBConnection,
  table: string,
  columns: string[],
  values: Described["values"]
): AsyncIterable<CellValue[][]> {
  // Code values (over_limit, matched …) shown by their Chinese names in spreadsheets.
  const labels = columns.map(values);
  const result = await conn.stream(`select * from ${table}`);
  for await (const rows of result.yieldRowObjectJs()) {
    yield rows.map((row) =>
      columns.map((c, i) => {
        const value = row[c];
        return toCell(typeof value === "string" ? (labels[i]![value] ?? value) : value);
      })
    );
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
  const {title, columns: labels, values} = described(mart);
  const source: RowSource = {
    headers: columns.map((c) => labels[c] ?? c),
    batches: rowBatches(conn, mart, columns, values)
  };
  return format === "csv" ? writeCsv(path, source) : writeXlsx(path, title, source);
}
