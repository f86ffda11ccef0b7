import type {DuckDBConnection} from "@duckdb/node-api";
import {describeValidFrom, listingValidFrom} from "./valid-from.js";
import {batchTitle, type ColumnSpec, type SourceContract} from "../sources/contract.js";
import {contracts} from "../sources/index.js";
import {detectHeader, headerSearchRows, type DetectedHeader, type TopRow} from "../read/detect.js";
import {labelOf, normalizeHeader, type HeaderMapping} from "../read/header.js";
import {columnLetters} from "../read/column-label.js";
import {FileError, type Grid} from "../read/types.js";
import {sqlString} from "../warehouse/sql.js";
import {
  columnShapes,
  headerSignature,
  mappingDisplayPath,
  mappingForSheet,
  usedWidth,
  type ColumnMappingOptions,
  type MappingFile,
  type SheetMapping
} from "./mappings.js";
import {closestHeaders} from "./suggest.js";
import {
  continuationCondition,
  dataRowsCondition,
  type ColumnSources,
  type ContinuationFill,
  type Overflow
} from "./typed-sql.js";

/** How one sheet will be loaded: its source, where its data starts, and where each column comes from. */
export interface SheetPlan {
  grid: Grid;
  header: DetectedHeader;
  sources: ColumnSources;
  /** First source_row of data (after the header). */
  firstDataRow: number;
  /** What the load line says about how the sheet was read: context applied, misspellings, the mapping used. */
  notes: string[];
  /** Header cells no contract column took. */
  ignored: string[];
  /** The mapping file used, if any. */
  mappingFile: string | null;
  /** The sheet's signature, for `--save-map`. */
  signature: MappingFile["match"];
  /** The rows (as Excel numbers them) the header was read from; none when the columns were named otherwise. */
  headerRows: number[];
  /** Header text → field, as the user mapped it, so another table in the sheet is read by the same words. */
  headerMapping?: HeaderMapping;
}

export interface PlanOptions {
  source?: SourceContract;
  batch?: string;
  province?: string;
  category?: string;
  /** The policy's home province, for a listing file without a province column (read only when needed). */
  homeProvince?: () => string;
  mapping?: ColumnMappingOptions;
  /** The row (as Excel numbers it) that holds the header, when the user says so: it may lie below the search. */
  headerRow?: number;
  /** The date a versioned source's rows are valid from (`--as-of`), instead of the file name's or the file's date. */
  asOf?: string;
}

/** A sheet that holds no table of any source: skipped beside sheets that load (unless --strict). */
export class UnrecognisedSheetError extends FileError {}

/**
 * The first rows of a grid from row `from` on, where the header is looked for. Row numbers are distinct, so
 * when the range [from, from + headerSearchRows) holds that many rows they are the first ones: asked for by
 * range first, the rows are found without ordering the whole grid (1.6 s at 2 M lines on a busy machine);
 * only a grid with gaps in its row numbers (a workbook's blank rows) is ordered.
 */
async function topRows(conn: DuckDBConnection, grid: Grid, from = 1): Promise<TopRow[]> {
  const cells = Array.from({length: grid.columnCount}, (_, i) => `c${i}`).join(", ");
  const first = (range: string) =>
    conn.runAndReadAll(
      `select source_row, ${cells} from ${grid.table} where source_row >= ${from}${range} order by source_row limit ${headerSearchRows}`
    );
  let result = await first(` and source_row < ${from + headerSearchRows}`);
  if (result.currentRowCount < headerSearchRows) result = await first("");
  return result.getRows().map((row) => ({
    sourceRow: Number(row[0]),
    cells: row.slice(1).map((v) => (v === null || v === undefined ? null : String(v)))
  }));
}

export function describeSheet(grid: Grid): string {
  const where = grid.sheet ? `工作表“${grid.sheet}”` : "文件";
  return grid.firstRow ? `${where}第 ${grid.firstRow} 行起的表格` : where;
}

/** The first cells of a row, for a message: what the reader saw where a header was expected. */
export function preview(cells: (string | null)[]): string {
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

/** A title row above the header naming a batch (one text, merged across), without 中选结果 and the like. */
function batchFromTitle(rows: TopRow[], firstHeaderRow: number): {batch: string; row: number} | null {
  for (let i = firstHeaderRow - 1; i >= 0; i--) {
    const texts = [...new Set(rows[i]!.cells.filter((c) => c?.trim()).map((c) => c!.trim()))];
    if (texts.length !== 1) continue;
    const title = texts[0]!.replace(/\s+/g, "");
    if (!new RegExp(batchTitle.pattern).test(title)) continue;
    const batch = title.replace(new RegExp(batchTitle.suffix), "");
    if (batch) return {batch, row: rows[i]!.sourceRow};
  }
  return null;
}

const mapAdvice =
  "若表头名称不同，可用 --map '表头=字段' 指定各列；没有表头的文件用 --map 'B=generic_name' 按列字母指定；" +
  `表头在第 ${headerSearchRows} 行以下时用 --header-row 行号 指定`;

/** Saved mappings know a headerless template by the shapes of its first 30 rows; so are they compared. */
const signatureRows = 30;

function unrecognised(file: string, grid: Grid, rows: TopRow[], detail: string): UnrecognisedSheetError {
  const where = describeSheet(grid);
  const first = rows.find((row) => row.cells.some((cell) => cell?.trim()));
  // Worded like any unrecognised sheet, so a blank sheet next to a data sheet is skipped, not fatal.
  if (!grid.header && !first)
    return new UnrecognisedSheetError(
      file,
      grid.sheet,
      `${where}无法识别数据来源：没有数据（前 ${headerSearchRows} 行都是空行）`
    );
  return new UnrecognisedSheetError(
    file,
    grid.sheet,
    `${where}无法识别数据来源${grid.note ? `（${grid.note}）` : ""}：${detail}${first && !detail.includes("第 ") ? `（第 ${first.sourceRow} 行是“${preview(first.cells)}”）` : ""}。` +
      `若是 Jicai 的数据，请用 --source 指定来源（${contracts.map((c) => c.kind).join("、")}）；${mapAdvice}；否则这个${grid.sheet ? "工作表" : "文件"}无需载入`
  );
}

/** The closest header of the file for each missing column, as advice: “医保支忖价”→ --map. */
function suggestions(header: DetectedHeader): string {
  const missingColumns = header.contract.columns.filter((c) => header.missing.includes(labelOf(c)));
  const advice = missingColumns.flatMap((column) => {
    const [best] = closestHeaders(column, header.ignored);
    return best ? [`“${best}”是否就是${labelOf(column)}？若是，请加 --map '${best}=${column.name}'`] : [];
  });
  return advice.length ? `。${advice.join("；")}` : `。${mapAdvice}`;
}

/**
 * The category of a listing file without a category column: --category, else a header naming one (耗材统一编码),
 * else row by row by the product code's shape, else the column's default. Returns the SQL value and a note.
 */
function categoryConstant(
  contract: SourceContract,
  header: DetectedHeader,
  headerCells: (string | null)[],
  category: string | undefined
): {sql: string; note: string} | null {
  const rules = contract.categoryRules;
  if (!rules || header.matches.some((m) => m.column.name === "category")) return null;
  if (category) return {sql: sqlString(category), note: `品类按 --category 为${category}`};
  const keys = new Set(headerCells.filter((c) => c?.trim()).map((c) => normalizeHeader(c!).key));
  const named = rules.filter((r) => r.headers.some((h) => keys.has(normalizeHeader(h).key)));
  if (named.length === 1) {
    const cell = headerCells.find(
      (c) => c?.trim() && named[0]!.headers.some((h) => normalizeHeader(h).key === normalizeHeader(c).key)
    );
    return {sql: sqlString(named[0]!.category), note: `品类按表头“${cell!.trim()}”判为${named[0]!.category}`};
  }
  const code = header.matches.find((m) => m.column.name === "product_code");
  if (!code) return null;
  const column = contract.columns.find((c) => c.name === "category")!;
  const cases = rules.map(
    (r) => `when regexp_matches(jc_code(raw_product_code), ${sqlString(r.codePattern)}) then ${sqlString(r.category)}`
  );
  return {
    sql: `case ${cases.join(" ")} else ${column.defaultSql ?? "null"} end`,
    note: `品类按${code.header.endsWith("列") ? code.header : `“${code.header}”列`}的编码逐行判别（${rules.map((r) => r.category).join("/")}）`
  };
}

/**
 * How many rows continue the product above them ("same as above": the anchor column blank, but every other
 * required column and a further spec present): when there are none, the load skips the window that fills them.
 */
async function continuationFill(
  conn: DuckDBConnection,
  grid: Grid,
  sources: Omit<ColumnSources, "fill">,
  firstDataRow: number
): Promise<ContinuationFill | null> {
  const {contract, matches, constants} = sources;
  const fillDown = contract.fillDown ?? [];
  const indexOf = (name: string) => matches.find((m) => m.column.name === name)?.index;
  if (indexOf(fillDown[0] ?? "") === undefined) return null;
  const required = contract.columns
    .filter((c: ColumnSpec) => c.required && !fillDown.includes(c.name) && !(c.name in constants))
    .map((c) => c.name);
  if (required.some((name) => indexOf(name) === undefined)) return null;
  const needs = (contract.continuationNeeds ?? []).filter((n) => indexOf(n) !== undefined);
  if (!needs.length) return null;
  const groups = (contract.anyOf ?? []).map((g) => g.filter((n) => indexOf(n) !== undefined)).filter((g) => g.length);
  const fill: ContinuationFill = {
    columns: fillDown.filter((n) => indexOf(n) !== undefined),
    required,
    needs,
    groups,
    rows: 0
  };
  const condition = continuationCondition(fill, (name) => `jc_text(c${indexOf(name)}) is not null`);
  const reader = await conn.runAndReadAll(
    `select count(*) filter (where continues and product > 0) from (
       select ${condition} as continues,
              count(jc_text(c${indexOf(fill.columns[0]!)})) over (order by source_row rows between unbounded preceding and current row) as product
       from ${grid.table} where ${dataRowsCondition(firstDataRow, grid.columnCount)})`
  );
  fill.rows = Number(reader.getRows()[0]?.[0] ?? 0);
  return fill.rows > 0 ? fill : null;
}

const delimiterNames: Record<string, string> = {",": "逗号", "\t": "制表符", ";": "分号", "|": "竖线"};

/** Width of the header: one past its last non-blank cell, over all its rows. */
function headerWidth(headerRows: (string | null)[][]): number {
  let width = 0;
  for (const cells of headerRows) cells.forEach((cell, i) => (width = cell?.trim() ? Math.max(width, i + 1) : width));
  return width;
}

/**
 * Data cells right of the header's last column. In a delimited file a row holding one is rejected: a value
 * with an unquoted delimiter in it has shifted every cell after it one column right, so its other values
 * are probably under the wrong headers too. In a workbook each value stays in the column it was typed in;
 * a cell beside the table is a note with no header to load it by, so the load line says so. The spare
 * columns are almost always NULL: the NULL test before the trimming lets DuckDB skip them.
 */
async function cellsBeyondHeader(
  conn: DuckDBConnection,
  grid: Grid,
  width: number,
  firstDataRow: number
): Promise<{overflow: Overflow | null; note: string | null}> {
  if (width === 0 || grid.columnCount <= width) return {overflow: null, note: null};
  const spare = Array.from({length: grid.columnCount - width}, (_, i) => `c${width + i}`);
  const reader = await conn.runAndReadAll(
    `select count(*)::integer, min(source_row) from ${grid.table}
     where source_row >= ${firstDataRow} and (${spare.map((c) => `${c} is not null`).join(" or ")})
       and coalesce(${spare.map((c) => `nullif(trim(${c}), '')`).join(", ")}) is not null`
  );
  const [count, first] = reader.getRows()[0]!.map(Number) as [number, number];
  if (count === 0) return {overflow: null, note: null};
  const last = columnLetters(width - 1);
  if (grid.delimiter) {
    const delimiter = delimiterNames[grid.delimiter] ?? `“${grid.delimiter}”`;
    const reason =
      `在表头以外（表头只到 ${last} 列）：这一行比表头多出值，可能某个值中含有未加引号的${delimiter}，使各列错位；` +
      `请检查该行，给含${delimiter}的值加上英文双引号后重新载入`;
    return {overflow: {from: width, to: grid.columnCount, reason}, note: null};
  }
  const rows = count === 1 ? `第 ${first} 行` : `第 ${first} 行等 ${count} 行`;
  return {
    overflow: null,
    note: `${rows}在表头以外（${columnLetters(width)} 列及其右侧）有值，未载入：这些单元格没有表头，若是数据请补上表头后重新载入`
  };
}

/**
 * In a semicolon-delimited file (what Excel writes where a comma is the decimal mark) a comma in a number
 * may be a decimal comma: 1.234,50 is 1234.5 there, and 1.234 is 1234. Such a file is refused whole, naming
 * the first number with a comma: guessing would read some of its numbers a thousand times too small.
 */
async function refuseDecimalCommas(
  conn: DuckDBConnection,
  file: string,
  grid: Grid,
  matches: DetectedHeader["matches"],
  firstDataRow: number
): Promise<void> {
  if (grid.delimiter !== ";") return;
  const numeric = matches.filter((m) => ["decimal", "integer", "ratio"].includes(m.column.type));
  if (!numeric.length) return;
  const which = numeric.map((m) => `when contains(c${m.index}, ',') then ${m.index}`).join(" ");
  const reader = await conn.runAndReadAll(
    `select source_row, case ${which} end as col from ${grid.table}
     where source_row >= ${firstDataRow} and (${numeric.map((m) => `contains(c${m.index}, ',')`).join(" or ")})
     order by source_row limit 1`
  );
  const [row, col] = reader.getRows()[0] ?? [];
  if (row === undefined) return;
  const match = numeric.find((m) => m.index === Number(col))!;
  const value = (
    await conn.runAndReadAll(`select c${match.index} from ${grid.table} where source_row = ${Number(row)}`)
  ).getRows()[0]![0];
  throw new FileError(
    file,
    grid.sheet,
    `${describeSheet(grid)}用分号分隔，第 ${Number(row)} 行“${match.header}”为“${String(value)}”：这种文件中数字里的逗号可能是小数点` +
      `（欧洲写法，1.234,50 即 1234.5），无法确定数值。请在 Excel 中把数字列设为不带千位分隔符、小数点用“.”的格式，` +
      `另存为“CSV UTF-8（逗号分隔）”后再加载`
  );
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
  const {headerRow} = options;
  // A named header row is read with a few rows above it: a parent row, a title naming the batch.
  const rows = grid.header ? [] : await topRows(conn, grid, headerRow ? Math.max(1, headerRow - 5) : 1);
  const headerAt = headerRow ? rows.findIndex((r) => r.sourceRow === headerRow) : undefined;
  if (headerAt === -1)
    throw new FileError(
      file,
      grid.sheet,
      `${describeSheet(grid)}第 ${headerRow} 行是空行或在表格之外：请检查 --header-row 给的行号（行号按 Excel 左侧的编号）`
    );
  const firstRows = rows.slice(0, signatureRows).map((r) => r.cells);
  const mapping: SheetMapping | null = grid.header
    ? null
    : mappingForSheet(options.mapping ?? {}, firstRows, options.source);
  const source = options.source ?? mapping?.source ?? undefined;
  const candidates = source ? [source] : contracts;
  const presetHeader =
    grid.header ??
    (mapping?.byPosition
      ? Array.from({length: grid.columnCount}, (_, i) => {
          const field = mapping.byPosition!.get(i);
          return field && field !== "-" ? field : "";
        })
      : undefined);
  const header = detectHeader(rows, candidates, presetHeader, mapping?.byHeader, headerAt);
  const where = describeSheet(grid);
  if (!header || (!source && header.matches.length < 2)) {
    // The row that reads best against any one source, to say which of its cells were recognised at all.
    const partial = header?.matches.length
      ? header
      : candidates
          .map((c) => detectHeader(rows, [c], presetHeader, mapping?.byHeader, headerAt))
          .filter((m) => m?.matches.length)
          .sort((a, b) => b!.matches.length - a!.matches.length)[0];
    const row = partial && partial.lastHeaderRow >= 0 ? rows[partial.lastHeaderRow] : undefined;
    const known =
      partial && row
        ? `第 ${row.sourceRow} 行“${preview(row.cells)}”中只有“${partial.matches.map((m) => m.header).join("”“")}”是已知的列，不足以判断来源`
        : "";
    const none = headerRow
      ? `第 ${headerRow} 行“${preview(rows[headerAt!]!.cells)}”不是可识别的表头`
      : `前 ${headerSearchRows} 行中没有可识别的表头`;
    throw unrecognised(file, grid, headerRow ? rows.slice(headerAt) : rows, known || none);
  }
  if (header.duplicates.length) {
    throw new FileError(
      file,
      grid.sheet,
      `${where}的表头有重复列：${header.duplicates.join("；")}。请删去其中一列，或用 --map '表头=-' 忽略一列后再加载`
    );
  }
  const headerCells = header.lastHeaderRow < 0 ? (presetHeader ?? []) : rows[header.lastHeaderRow]!.cells;
  if (mapping?.byPosition) {
    // No header row: columns are named by letter, and those with data that no mapping names are ignored.
    for (const m of header.matches) m.header = `${columnLetters(m.index)} 列`;
    const width = usedWidth(firstRows);
    header.ignored = Array.from({length: width}, (_, i) => i)
      .filter((i) => !header.matches.some((m) => m.index === i))
      .map((i) => `${columnLetters(i)} 列`);
  }
  if (header.missing.length) {
    const used = header.matches.length;
    const total = used + header.ignored.length;
    // Few of its headers mean anything to any source: not a source at all (a rule list, a code table).
    if (!source && used * 2 < total) {
      throw unrecognised(
        file,
        grid,
        rows,
        `表头 ${total} 列中只有 ${used} 列（${header.matches.map((m) => m.header).join("、")}）是已知的列，` +
          `最接近的“${header.contract.label}”还缺少${header.missing.join("、")}`
      );
    }
    const readings = [header, ...header.ties].map(
      (m) => `“${m.contract.label}”（${m.contract.kind}），缺少必需的列：${m.missing.join("、")}`
    );
    throw new FileError(file, grid.sheet, `${where}看起来是${readings.join("；或是")}${suggestions(header)}`);
  }
  const constants: Record<string, string> = {};
  const notes: string[] = [...header.notes];
  const contract = header.contract;
  const has = (name: string) => header.matches.some((m) => m.column.name === name);
  if (contract.batchFromSheet && !has("batch")) {
    const firstHeaderRow = header.lastHeaderRow - header.headerRowCount + 1;
    const title = header.lastHeaderRow < 0 ? null : batchFromTitle(rows, firstHeaderRow);
    const sheetBatch = isDefaultSheetName(grid.sheet) ? null : grid.sheet!.trim();
    // A sheet an analyst named is deliberate and matches how the bureau names its batches; a platform's title
    // row (the long official name) is used where the sheet has a default name.
    const batch = options.batch ?? sheetBatch ?? title?.batch;
    if (!batch) {
      const batchColumn = contract.columns.find((c) => c.name === "batch")!;
      throw new FileError(
        file,
        grid.sheet,
        `${where}缺少必需的列：${labelOf(batchColumn)}；表头上方没有批次标题，工作表名也不是批次名称，请用 --batch 指定批次`
      );
    }
    if (options.batch) notes.push(`批次按 --batch 为“${batch}”`);
    else if (sheetBatch) notes.push(`批次取自工作表名“${batch}”`);
    else notes.push(`批次取自第 ${title!.row} 行标题“${batch}”`);
    constants.batch = sqlString(batch);
  }
  if (contract.provinceFromContext && !has("province")) {
    const province = options.province ?? options.homeProvince?.();
    if (!province) throw new FileError(file, grid.sheet, `${where}没有省份列：请用 --province 指定文件所属省份`);
    notes.push(
      options.province
        ? `未含省份列，按 --province 载入为${province}`
        : `未含省份列，按本地政策省份 ${province} 载入（其他省份的文件请用 --province 指定）`
    );
    constants.province = sqlString(province);
  } else if (options.province && contract.provinceFromContext) {
    notes.push("文件已有省份列，未使用 --province");
  }
  if (contract.versionedByDate) {
    // The version's date: a constant where the file has no 价格生效日期 column, else the value of its blank cells.
    const validFrom = listingValidFrom(file, options.asOf);
    constants.valid_from = sqlString(validFrom.date);
    notes.push(
      has("valid_from")
        ? `价格生效日期取自文件的“${header.matches.find((m) => m.column.name === "valid_from")!.header}”列，空白的按 ${validFrom.date}`
        : describeValidFrom(validFrom)
    );
  }
  const category = categoryConstant(contract, header, headerCells, options.category);
  if (category) {
    constants.category = category.sql;
    notes.push(category.note);
  }
  if (mapping?.file) notes.push(`按映射文件 ${mappingDisplayPath(mapping.file)} 读取各列`);
  else if (mapping && (mapping.byHeader.size || mapping.byPosition)) notes.push("按 --map 指定的列读取");
  const firstDataRow = header.lastHeaderRow < 0 ? 1 : rows[header.lastHeaderRow]!.sourceRow + 1;
  await refuseDecimalCommas(conn, file, grid, header.matches, firstDataRow);
  const headerRows =
    header.lastHeaderRow < 0
      ? []
      : rows.slice(header.lastHeaderRow - header.headerRowCount + 1, header.lastHeaderRow + 1);
  const beyond = await cellsBeyondHeader(conn, grid, headerWidth(headerRows.map((r) => r.cells)), firstDataRow);
  if (beyond.note) notes.push(beyond.note);
  const base = {
    contract,
    matches: header.matches,
    constants,
    controlCharacters: grid.controlCharacters ?? false,
    overflow: beyond.overflow
  };
  const fill = await continuationFill(conn, grid, base, firstDataRow);
  const dataRows = rows
    .slice(0, signatureRows)
    .filter((r) => r.sourceRow >= firstDataRow)
    .map((r) => r.cells);
  const signature: MappingFile["match"] =
    header.lastHeaderRow < 0
      ? {
          columns: usedWidth(firstRows),
          shape: columnShapes(dataRows, usedWidth(firstRows))
        }
      : {header: headerSignature(headerCells)};
  return {
    grid,
    header,
    sources: {...base, fill},
    firstDataRow,
    notes,
    ignored: header.ignored,
    mappingFile: mapping?.file ?? null,
    signature,
    headerRows: headerRows.map((r) => r.sourceRow),
    ...(mapping?.byHeader.size ? {headerMapping: mapping.byHeader} : {})
  };
}
