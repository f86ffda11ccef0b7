import type {DuckDBConnection} from "@duckdb/node-api";
import type {SourceContract} from "../sources/contract.js";
import {contracts} from "../sources/index.js";
import {detectHeader, headerSearchRows, type DetectedHeader, type TopRow} from "../read/detect.js";
import {labelOf} from "../read/header.js";
import {FileError, type Grid} from "../read/types.js";
import {sqlString} from "../warehouse/sql.js";
import type {ColumnSources} from "./typed-sql.js";

/** How one sheet will be loaded: its source, where its data starts, and where each column comes from. */
export interface SheetPlan {
  grid: Grid;
  header: DetectedHeader;
  sources: ColumnSources;
  /** First source_row of data (after the header). */
  firstDataRow: number;
}

export interface PlanOptions {
  source?: SourceContract;
  batch?: string;
}

async function topRows(conn: DuckDBConnection, grid: Grid): Promise<TopRow[]> {
  const cells = Array.from({length: grid.columnCount}, (_, i) => `c${i}`).join(", ");
  const result = await conn.runAndReadAll(
    `select source_row, ${cells} from ${grid.table} order by source_row limit ${headerSearchRows}`
  );
  return result.getRows().map((row) => ({
    sourceRow: Number(row[0]),
    cells: row.slice(1).map((v) => (v === null || v === undefined ? null : String(v)))
  }));
}

function describeSheet(grid: Grid): string {
  return grid.sheet ? `工作表“${grid.sheet}”` : "文件";
}

/** The first cells of a row, for a message: what the reader saw where a header was expected. */
function preview(cells: (string | null)[]): string {
  const text = cells
    .filter((c) => c?.trim())
    .map((c) => c!.trim().replace(/\s+/g, " "))
    .join(" | ");
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** A sheet name that says nothing about a batch (Sheet1, 工作表1). */
function isDefaultSheetName(name: string | null): boolean {
  return !name || /^(sheet|工作表|表)\s*\d*$/i.test(name.trim());
}

/**
 * Decides how a sheet loads, or refuses it with a message naming the file, the sheet and what is missing.
 */
export async function planSheet(
  conn: DuckDBConnection,
  file: string,
  grid: Grid,
  options: PlanOptions
): Promise<SheetPlan> {
  const rows = grid.header ? [] : await topRows(conn, grid);
  const candidates = options.source ? [options.source] : contracts;
  const header = detectHeader(rows, candidates, grid.header);
  const where = describeSheet(grid);
  if (!header || (!options.source && header.matches.length < 2)) {
    const first = rows.find((row) => row.cells.some((cell) => cell?.trim()));
    // Worded like any unrecognised sheet, so a blank sheet next to a data sheet is skipped, not fatal.
    if (!grid.header && !first)
      throw new FileError(file, grid.sheet, `${where}无法识别数据来源：没有数据（前 ${headerSearchRows} 行都是空行）`);
    throw new FileError(
      file,
      grid.sheet,
      `${where}无法识别数据来源：前 ${headerSearchRows} 行中没有可识别的表头${first ? `（第 ${first.sourceRow} 行是“${preview(first.cells)}”）` : ""}。` +
        `可用 --source 指定来源（${contracts.map((c) => c.kind).join("、")}）`
    );
  }
  if (header.duplicates.length) {
    throw new FileError(file, grid.sheet, `${where}的表头有重复列：${header.duplicates.join("；")}`);
  }
  if (header.missing.length) {
    const readings = [header, ...header.ties].map(
      (m) => `“${m.contract.label}”（${m.contract.kind}），缺少必需的列：${m.missing.join("、")}`
    );
    throw new FileError(file, grid.sheet, `${where}看起来是${readings.join("；或是")}`);
  }
  const constants: Record<string, string> = {};
  const contract = header.contract;
  if (contract.batchFromSheet && !header.matches.some((m) => m.column.name === "batch")) {
    const batch = options.batch ?? (isDefaultSheetName(grid.sheet) ? null : grid.sheet!.trim());
    if (!batch) {
      const batchColumn = contract.columns.find((c) => c.name === "batch")!;
      throw new FileError(
        file,
        grid.sheet,
        `${where}缺少必需的列：${labelOf(batchColumn)}；工作表名也不是批次名称，请用 --batch 指定批次`
      );
    }
    constants.batch = sqlString(batch);
  }
  const firstDataRow = header.lastHeaderRow < 0 ? 1 : rows[header.lastHeaderRow]!.sourceRow + 1;
  return {grid, header, sources: {contract, matches: header.matches, constants}, firstDataRow};
}
