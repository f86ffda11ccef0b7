import type {DuckDBConnection} from "@duckdb/node-api";
import type {TopRow} from "../read/detect.js";
import {
  looseHeaderKey,
  looseHeaderKeySql,
  matchHeader,
  singleHeaderRow,
  type HeaderMapping,
  type HeaderMatch
} from "../read/header.js";
import {FileError, type Grid} from "../read/types.js";
import type {SourceContract} from "../sources/contract.js";
import {contracts} from "../sources/index.js";
import {sqlString} from "../warehouse/sql.js";
import {planSheet, UnrecognisedSheetError, type PlanOptions, type SheetPlan} from "./sheet-plan.js";
import {dataRowsCondition} from "./typed-sql.js";

/**
 * Several tables in one sheet: a second header below the first table's rows (another source, or the same
 * source with its columns in another order), a header repeated on every printed page, or a table above the
 * one whose header was detected. Read in the first table's column order, the second table's rows would load
 * under the wrong columns, and its header row would be rejected as a data row. Each table is loaded by its own
 * header instead, as a separate load line; a repeated header that reads exactly like the table's own is skipped.
 */

/** How many header-like rows below the first table are looked at (a header on every page of a long export). */
const maxInnerHeaders = 2000;

/** A row's reading as a header: at least two known columns, and known columns are at least half its cells. */
export function headerReading(
  cells: (string | null)[],
  candidates: readonly SourceContract[],
  mapping?: HeaderMapping
): HeaderMatch | null {
  const filled = cells.filter((c) => c?.trim()).length;
  let best: HeaderMatch | null = null;
  for (const contract of candidates) {
    const match = matchHeader(contract, singleHeaderRow(cells), mapping);
    if (!best || match.matches.length > best.matches.length) best = match;
  }
  return best && best.matches.length >= 2 && best.matches.length * 2 >= filled ? best : null;
}

/** Two headers that put every column in the same place: a repeated header, not a new table. */
function sameReading(a: HeaderMatch, b: HeaderMatch): boolean {
  const placed = (m: HeaderMatch) =>
    m.matches
      .map((c) => `${c.column.name}@${c.index}`)
      .sort()
      .join(",");
  return a.contract === b.contract && placed(a) === placed(b);
}

async function rowsOf(
  conn: DuckDBConnection,
  grid: Grid,
  where: string,
  limit: number,
  order: "asc" | "desc" = "asc"
): Promise<TopRow[]> {
  const cells = Array.from({length: grid.columnCount}, (_, i) => `c${i}`).join(", ");
  const reader = await conn.runAndReadAll(
    `select source_row, ${cells} from ${grid.table} where ${where} order by source_row ${order} limit ${limit}`
  );
  return reader.getRows().map((row) => ({
    sourceRow: Number(row[0]),
    cells: row.slice(1).map((v) => (v === null || v === undefined ? null : String(v)))
  }));
}

/**
 * The first table's header-like rows below its header. A header row under a source with a required number
 * or date column cannot give that column a value, so only rows whose cell there fails a plain cast are looked
 * at (on a clean file, none: one scan of one column); sources whose required columns are all text are looked
 * at row by row (their files are small lists). Of those rows, the ones with two cells that are known header
 * words (compared loosely in SQL) are read as headers.
 */
async function headersBelow(
  conn: DuckDBConnection,
  plan: SheetPlan,
  candidates: readonly SourceContract[]
): Promise<TopRow[]> {
  const {grid} = plan;
  const lastHeader = Math.max(...plan.headerRows);
  const typed = plan.header.matches.find(
    (m) => m.column.required && !m.column.canonical && ["decimal", "integer", "date"].includes(m.column.type)
  );
  const cast = typed?.column.type === "date" ? "date" : "decimal(18,6)";
  const unparsed = typed ? `(c${typed.index} is null or try_cast(c${typed.index} as ${cast}) is null)` : "true";
  const words = new Set<string>();
  for (const contract of candidates)
    for (const column of contract.columns)
      for (const alias of [...column.aliases, ...(column.weakAliases ?? []), ...(column.misspellings ?? [])])
        words.add(looseHeaderKey(alias));
  for (const header of plan.headerMapping?.keys() ?? []) words.add(looseHeaderKey(header));
  const cells = Array.from({length: grid.columnCount}, (_, i) => `c${i}`).join(", ");
  const reader = await conn.runAndReadAll(
    `with candidates as (
       select source_row, [${cells}] as cells from ${grid.table}
       where source_row > ${lastHeader} and ${unparsed} and ${dataRowsCondition(lastHeader + 1, grid.columnCount)}
     )
     select source_row from (select source_row, unnest(cells) as cell from candidates)
     where length(cell) <= 40 and ${looseHeaderKeySql("cell")} in (select unnest([${[...words].map(sqlString).join(", ")}]))
     group by source_row having count(*) >= 2
     order by source_row limit ${maxInnerHeaders}`
  );
  const found = reader.getRows().map((r) => Number(r[0]));
  if (!found.length) return [];
  return rowsOf(conn, grid, `source_row in (${found.join(", ")})`, maxInnerHeaders);
}

/**
 * Header-like rows above the detected header that head a table of their own: followed by at least one row
 * that looks like data (two or more different values, and no header) before the detected header. A parent
 * row of a two-row header, a title or a note is none of these.
 */
async function headersAbove(
  conn: DuckDBConnection,
  plan: SheetPlan,
  candidates: readonly SourceContract[]
): Promise<TopRow[]> {
  const first = Math.min(...plan.headerRows);
  if (first <= 1) return []; // most files: nothing above the header, and no query to ask so
  const rows = await rowsOf(conn, plan.grid, `source_row < ${first}`, first);
  const found: TopRow[] = [];
  let pending: TopRow | null = null;
  for (const row of rows) {
    if (headerReading(row.cells, candidates, plan.headerMapping)) pending = row;
    else if (pending && new Set(row.cells.filter((c) => c?.trim()).map((c) => c!.trim())).size >= 2) {
      found.push(pending);
      pending = null;
    }
  }
  return found;
}

interface TableStart {
  /** The table's first and last header rows (two apart only for the detected two-row header). */
  first: number;
  row: number;
  reading: HeaderMatch;
}

/**
 * Where a table's part of the sheet starts: its header, or the title rows right above it (a row with one
 * text, such as 二、定点医疗机构, or a blank one), which belong to it rather than to the rows of the table before.
 */
async function titleStart(conn: DuckDBConnection, grid: Grid, header: number, after: number): Promise<number> {
  const above = await rowsOf(conn, grid, `source_row > ${after} and source_row < ${header}`, 10, "desc");
  let start = header;
  for (const row of above) {
    if (new Set(row.cells.filter((c) => c?.trim()).map((c) => c!.trim())).size > 1) break;
    start = row.sourceRow;
  }
  return start;
}

/** "第 25、49、73 行" or "第 25、49 行等 40 行". */
function rowList(rows: number[]): string {
  const shown = rows.slice(0, 5).join("、");
  return rows.length > 5 ? `第 ${shown} 行等 ${rows.length} 行` : `第 ${shown} 行`;
}

/**
 * Plans a sheet as one table or, when it holds several, as one plan per table (each on a view of its rows,
 * its header on the table's first row), in sheet order.
 */
export async function planTables(
  conn: DuckDBConnection,
  file: string,
  grid: Grid,
  options: PlanOptions
): Promise<SheetPlan[]> {
  const plan = await planSheet(conn, file, grid, options);
  if (grid.header || plan.headerRows.length === 0) return [plan];
  const candidates = options.source ? [options.source] : contracts;
  const readings = (rows: TopRow[]): TableStart[] =>
    rows.flatMap((r) => {
      const reading = headerReading(r.cells, candidates, plan.headerMapping);
      return reading ? [{first: r.sourceRow, row: r.sourceRow, reading}] : [];
    });
  const headers: TableStart[] = [
    ...readings(options.headerRow ? [] : await headersAbove(conn, plan, candidates)),
    {first: Math.min(...plan.headerRows), row: Math.max(...plan.headerRows), reading: plan.header},
    ...readings(await headersBelow(conn, plan, candidates))
  ];
  if (headers.length === 1) return [plan];

  const tables: TableStart[] = [];
  const repeated: number[] = [];
  for (const start of headers) {
    const previous = tables.at(-1);
    if (previous && sameReading(previous.reading, start.reading)) repeated.push(start.row);
    else tables.push(start);
  }
  const skip = repeated.length ? ` and source_row not in (${repeated.join(", ")})` : "";
  const lastRow = Number((await conn.runAndReadAll(`select max(source_row) from ${grid.table}`)).getRows()[0]![0]);
  const partStarts = [1];
  for (let k = 1; k < tables.length; k++)
    partStarts.push(await titleStart(conn, grid, tables[k]!.first, tables[k - 1]!.row));
  const plans: SheetPlan[] = [];
  for (const [k, table] of tables.entries()) {
    const from = partStarts[k]!;
    const to = partStarts[k + 1] ?? lastRow + 1;
    const part: Grid = {...grid, table: `${grid.table}_t${k}`, ...(k === 0 ? {} : {firstRow: from})};
    await conn.run(
      `create or replace temp view ${part.table} as
       select * from ${grid.table} where source_row >= ${from} and source_row < ${to}${skip}`
    );
    let partPlan: SheetPlan;
    try {
      // The first table keeps the title rows above it (a batch named in a title); the others start at their header.
      partPlan = await planSheet(conn, file, part, k === 0 ? options : {...options, headerRow: table.row});
    } catch (error) {
      // A table of a sheet that cannot be read is no sheet to skip: the file is refused, saying which table.
      if (error instanceof UnrecognisedSheetError) throw new FileError(file, grid.sheet, error.message);
      throw error;
    }
    const mine = repeated.filter((row) => row > from && row < to);
    if (tables.length > 1) {
      const where = grid.sheet ? "工作表" : "文件";
      partPlan.notes.unshift(
        `第 ${partPlan.headerRows[0] ?? from}–${to - 1} 行是这个${where}中的第 ${k + 1} 张表（共 ${tables.length} 张，表头分别在${rowList(tables.map((t) => t.row))}），按它自己的表头载入`
      );
    }
    if (mine.length) partPlan.notes.push(`${rowList(mine)}重复了表头，已跳过`);
    plans.push(partPlan);
  }
  return plans;
}
